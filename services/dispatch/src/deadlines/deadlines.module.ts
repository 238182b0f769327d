import { Module } from '@nestjs/common';
import { TechnicianModule } from '../technician/technician.module';
import { WorkOrderModule } from '../work-order/work-order.module';
import { CapacityReconciler } from './capacity-reconciler';
import { DeadlineScanner } from './deadline-scanner';

/**
 * The schedules: arrival and completion deadlines, escalation and the end-of-day carry-over; the
 * capacity reconciliation.
 */
@Module({
  imports: [WorkOrderModule, TechnicianModule],
  providers: [DeadlineScanner, CapacityReconciler],
  exports: [DeadlineScanner, CapacityReconciler],
})
export class DeadlinesModule {}
