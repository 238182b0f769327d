import { Module } from '@nestjs/common';
import { QualityClaimModule } from '../quality-claim/quality-claim.module';
import { ReturnAuthorizationModule } from '../return-authorization/return-authorization.module';
import { ServiceComplaintModule } from '../service-complaint/service-complaint.module';
import { MonthFiguresQuery } from './application/month-figures.query';
import { ErpDeliveriesHandler } from './inbound/erp-deliveries.handler';
import { MonthFiguresController } from './inbound/month-figures.controller';
import { MonthDeliveries } from './infrastructure/month-deliveries.store';

/** The ERP's deliveries per month and the month's complaint, return and quality-claim figures. */
@Module({
  imports: [ServiceComplaintModule, ReturnAuthorizationModule, QualityClaimModule],
  controllers: [MonthFiguresController, ErpDeliveriesHandler],
  providers: [MonthDeliveries, MonthFiguresQuery],
  exports: [MonthDeliveries, MonthFiguresQuery],
})
export class MonthModule {}
