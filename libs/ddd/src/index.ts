export * from './aggregate-root';
export * from './domain-error';
export * from './state-machine';
export * from './thrown-domain-error';
export * from './invariants';
