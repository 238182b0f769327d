export * from './geo';
export * from './shift-calendar';
export * from './technician';
