import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ERP_DELIVERIES_MONTH_REPORTED_V1, TOPICS, type ErpDeliveriesMonthReportedV1 } from '@aftercare/contracts';
import { EventContext, onTopic } from '@aftercare/messaging';
import { MonthDeliveries } from '../infrastructure/month-deliveries.store';

/** `erp.public.deliveries.v1`: the units the ERP delivered in a month, for the tenant of `ce_tenantid`. */
@Controller()
export class ErpDeliveriesHandler {
  private readonly logger = new Logger(ErpDeliveriesHandler.name);

  constructor(private readonly deliveries: MonthDeliveries) {}

  @EventPattern(onTopic(TOPICS.erpDeliveries, { types: [ERP_DELIVERIES_MONTH_REPORTED_V1] }))
  async onDeliveries(@Payload() report: ErpDeliveriesMonthReportedV1, @Ctx() ctx: EventContext<ErpDeliveriesMonthReportedV1>): Promise<void> {
    const outcome = await this.deliveries.record(ctx.envelope.tenantId, {
      month: report.month,
      productModel: report.productModel,
      unitsDelivered: report.unitsDelivered,
      reportedAt: new Date(report.reportedAt),
      messageId: ctx.envelope.id,
    });
    if (outcome === 'older') this.logger.log(`deliveries ${report.month} ${report.productModel ?? '(all)'}: a newer report is kept`);
  }
}
