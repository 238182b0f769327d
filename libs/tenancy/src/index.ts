export * from './domain';
export * from './application/tenant-registry';
export * from './application/tenant.view';
export * from './infrastructure/tenant.repository';
export * from './inbound/known-tenant.guard';
export * from './tenancy.module';
export * from './tenancy.options';
