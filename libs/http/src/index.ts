export * from './bootstrap';
export * from './problem-details';
export * from './validation';
