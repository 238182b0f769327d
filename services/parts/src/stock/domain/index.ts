export * from './stock-ledger';
export * from './allocation';
export * from './stock-item';
export * from './parts-usage';
