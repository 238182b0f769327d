export * from './config';
export * from './health';
export * from './logger';
export * from './message-context';
export * from './metrics';
export * from './origin-span';
export * from './telemetry';
