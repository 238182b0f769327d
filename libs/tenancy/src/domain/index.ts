export * from './tenant-id';
export * from './tenant';
export * from './tenant.event-mapper';
