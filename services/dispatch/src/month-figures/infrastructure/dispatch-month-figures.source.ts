import { Injectable } from '@nestjs/common';
import type { DispatchMonthFiguresV2 } from '@aftercare/contracts';
import type { MonthFiguresSource } from '@aftercare/month-figures';
import { AppraisalService } from '../../appraisal/appraisal.service';
import { WorkOrderRepository } from '../../work-order/infrastructure/work-order.repository';
import { dispatchMonthFigures } from '../domain/dispatch-month-figures';

/**
 * The orders completed in the month and the repeat repairs detected in it (the appraisal's read),
 * and the technician-arranged clocks of the orders routed in it, decided at `now`.
 */
@Injectable()
export class DispatchMonthFiguresSource implements MonthFiguresSource<DispatchMonthFiguresV2> {
  constructor(
    private readonly orders: WorkOrderRepository,
    private readonly appraisal: AppraisalService,
  ) {}

  async figuresOf(tenantId: string, month: string, bounds: { from: Date; to: Date }, now: Date): Promise<DispatchMonthFiguresV2> {
    const [{ completed, repeats }, technicianArranged] = await Promise.all([
      this.orders.forPeriod(tenantId, bounds.from, bounds.to),
      this.orders.technicianArrangedFigure(tenantId, bounds.from, bounds.to, now),
    ]);
    return dispatchMonthFigures({
      month,
      completed,
      repeatRepairs: repeats.flatMap((o) => (o.repeatRepair ? [{ previousWorkOrderId: o.repeatRepair.previousWorkOrderId, previousTechnicianId: o.repeatRepair.previousTechnicianId }] : [])),
      rates: this.appraisal.rates,
      technicianArranged,
    });
  }
}
