export * from './environment';
export * from './in-process-app';
export * from './service-process';
export * from './service-shell-suite';
export * from './topic-probe';
