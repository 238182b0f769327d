import { Module } from '@nestjs/common';
import { PartsRequestModule } from '../parts-request/parts-request.module';
import { PartsReportsController } from './inbound/parts-reports.controller';

/** The month's parts figures for the monthly report. */
@Module({ imports: [PartsRequestModule], controllers: [PartsReportsController] })
export class ReportingModule {}
