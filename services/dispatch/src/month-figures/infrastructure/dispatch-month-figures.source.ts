import { Injectable } from '@nestjs/common';
import type { DispatchMonthFiguresV1 } from '@aftercare/contracts';
import type { MonthFiguresSource } from '@aftercare/month-figures';
import { AppraisalService } from '../../appraisal/appraisal.service';
import { WorkOrderRepository } from '../../work-order/infrastructure/work-order.repository';
import { dispatchMonthFigures } from '../domain/dispatch-month-figures';

/** The orders completed in the month and the repeat repairs detected in it (the appraisal's read). */
@Injectable()
export class DispatchMonthFiguresSource implements MonthFiguresSource<DispatchMonthFiguresV1> {
  constructor(
    private readonly orders: WorkOrderRepository,
    private readonly appraisal: AppraisalService,
  ) {}

  async figuresOf(tenantId: string, month: string, bounds: { from: Date; to: Date }): Promise<DispatchMonthFiguresV1> {
    const { completed, repeats } = await this.orders.forPeriod(tenantId, bounds.from, bounds.to);
    return dispatchMonthFigures({
      month,
      completed,
      repeatRepairs: repeats.flatMap((o) => (o.repeatRepair ? [{ previousWorkOrderId: o.repeatRepair.previousWorkOrderId, previousTechnicianId: o.repeatRepair.previousTechnicianId }] : [])),
      rates: this.appraisal.rates,
    });
  }
}
