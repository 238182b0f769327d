export * from './environment';
export * from './topic-probe';
