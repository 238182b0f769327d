export * from './environment';
export * from './eventually';
export * from './in-process-app';
export * from './service-process';
export * from './service-shell-suite';
export * from './topic-probe';
export * from './api-walk';
export * from './tenants';
