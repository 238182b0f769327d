/** The service's own database (a mongoose connection), provided by `MongoModule`. */
export const MONGO_CONNECTION = Symbol('MONGO_CONNECTION');
