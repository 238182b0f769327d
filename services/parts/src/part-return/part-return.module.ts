import { Module } from '@nestjs/common';
import { StockModule } from '../stock/stock.module';
import { PartReturns } from './application/part-returns';
import { PartReturnsController } from './inbound/part-returns.controller';
import { PartReturnRepository } from './infrastructure/part-return.repository';

/** Returned defective parts: inspection, scrap (quality engineer), repair into stock, supplier claim. */
@Module({ imports: [StockModule], controllers: [PartReturnsController], providers: [PartReturnRepository, PartReturns], exports: [PartReturns] })
export class PartReturnModule {}
