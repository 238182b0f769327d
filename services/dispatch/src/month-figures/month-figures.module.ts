import { MonthFiguresModule } from '@aftercare/month-figures';
import { AppraisalModule } from '../appraisal/appraisal.module';
import { DISPATCH_CONFIG } from '../config/config';
import { WorkOrderModule } from '../work-order/work-order.module';
import { DispatchMonthFiguresSource } from './infrastructure/dispatch-month-figures.source';

/** dispatch as an owner of month figures: field work, cost, arrival, repeat repairs, appraisal (ADR 0037). */
export const DispatchMonthFiguresModule = MonthFiguresModule.forOwner({
  owner: 'dispatch',
  imports: [WorkOrderModule, AppraisalModule],
  source: DispatchMonthFiguresSource,
  config: DISPATCH_CONFIG,
});
