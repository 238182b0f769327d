import { Module } from '@nestjs/common';
import { ErpStockLevelHandler } from './inbound/erp-stock-level.handler';
import { StockStore } from './infrastructure/stock.store';

/** Stock per warehouse (vans included): levels, ledger and waiting demand. Its HTTP API lives with the parts requests (receipts serve them). */
@Module({ controllers: [ErpStockLevelHandler], providers: [StockStore], exports: [StockStore] })
export class StockModule {}
