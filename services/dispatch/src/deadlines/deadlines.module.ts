import { Module } from '@nestjs/common';
import { WorkOrderModule } from '../work-order/work-order.module';
import { DeadlineScanner } from './deadline-scanner';

/** Arrival and completion deadlines, escalation and the end-of-day carry-over, on a schedule. */
@Module({
  imports: [WorkOrderModule],
  providers: [DeadlineScanner],
  exports: [DeadlineScanner],
})
export class DeadlinesModule {}
