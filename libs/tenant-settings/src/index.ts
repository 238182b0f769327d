export * from './domain';
export * from './application/tenant-settings-directory';
export * from './infrastructure/tenant-settings.repository';
export * from './tenant-settings.module';
export * from './application/escalation-notices';
