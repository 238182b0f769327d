export * from './bootstrap';
export * from './idempotency';
export * from './problem-details';
export * from './run-service';
export * from './service-config';
export * from './service-platform.module';
export * from './validation';
export * from './periodic-task';
