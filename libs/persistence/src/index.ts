export * from './aggregate-repository';
export * from './errors';
export * from './mongo.module';
