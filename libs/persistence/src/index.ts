export * from './aggregate-repository';
export * from './errors';
export * from './mongo.module';
export * from './due-work';
export * from './expiring-records';
export * from './leases';
export * from './query-shapes';
