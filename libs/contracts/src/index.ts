export * from './envelope';
export * from './topics';
export * from './schema-registry';
export * from './intake/service-request.events';
export * from './notifications';
export * from './dispatch/work-order.events';
