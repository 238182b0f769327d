import { Module } from '@nestjs/common';
import { StockModule } from '../stock/stock.module';
import { PartReturns } from './application/part-returns';
import { PartReturnRepository } from './infrastructure/part-return.repository';

/**
 * Returned defective parts: inspection, scrap (quality engineer), repair into stock, supplier claim.
 * Their HTTP API lives with the parts requests (a repaired part serves the waiting requests).
 */
@Module({ imports: [StockModule], providers: [PartReturnRepository, PartReturns], exports: [PartReturns] })
export class PartReturnModule {}
