export * from './domain/figures';
export * from './domain/rate';
export * from './domain/month';
export * from './domain/compose';
export * from './domain/monthly-report';
export * from './render/format';
export * from './render/render-pdf';
export * from './render/render-xlsx';
