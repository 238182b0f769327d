export * from './domain/publication-window';
export * from './domain/month-figures-publication';
export * from './application/month-figures.ports';
export * from './application/month-figures-publisher';
export * from './application/month-figures.job';
export * from './infrastructure/month-figures-publication.repository';
export * from './month-figures.config';
export * from './month-figures.module';
