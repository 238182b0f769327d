export * from './tenant-settings';
export * from './tenant-settings.event-mapper';
export * from './escalation-contacts';
export * from './case-handling';
