import { Module } from '@nestjs/common';
import { StockStore } from './infrastructure/stock.store';

/**
 * Stock per warehouse (vans included): levels, ledger and waiting demand. Its HTTP API and the
 * ERP's stock levels are handled with the parts requests (receipts and counts serve them).
 */
@Module({ providers: [StockStore], exports: [StockStore] })
export class StockModule {}
