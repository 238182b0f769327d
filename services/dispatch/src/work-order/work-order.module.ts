import { Module } from '@nestjs/common';
import { TechnicianModule } from '../technician/technician.module';
import { Assignment } from './application/assignment';
import { CarriedOverAssignment } from './application/carried-over-assignment';
import { CreateWorkOrderFromCase } from './application/create-from-case';
import { EscalationNotices } from './application/escalation-notices';
import { SiteGeocoder } from './application/site-geocoder';
import { SlaDeadlines } from './application/sla-deadlines';
import { WorkOrderCommands } from './application/work-order-commands';
import { WorkOrderQueries } from './application/work-order-queries';
import { FollowWithdrawnCase } from './application/withdrawn-case';
import { CancelledCaseHandler } from './inbound/cancelled-case.handler';
import { PartsDelayedHandler } from './inbound/parts-delayed.handler';
import { PartsDeliveredHandler } from './inbound/parts-delivered.handler';
import { RoutedCaseHandler } from './inbound/routed-case.handler';
import { WorkOrdersController } from './inbound/work-orders.controller';
import { AssetHistories } from './infrastructure/asset-histories';
import { DispatchDay } from './infrastructure/dispatch-day';
import { WorkOrderRepository } from './infrastructure/work-order.repository';
import { ZoneCentroidGeocoder } from './infrastructure/zone-centroid-geocoder';

/** Work orders: creation from routed cases (and cancellation with withdrawn ones), assignment, the field workflow, queries. */
@Module({
  imports: [TechnicianModule],
  controllers: [WorkOrdersController, RoutedCaseHandler, CancelledCaseHandler, PartsDeliveredHandler, PartsDelayedHandler],
  providers: [
    WorkOrderRepository,
    AssetHistories,
    DispatchDay,
    SlaDeadlines,
    EscalationNotices,
    Assignment,
    CarriedOverAssignment,
    CreateWorkOrderFromCase,
    FollowWithdrawnCase,
    WorkOrderCommands,
    WorkOrderQueries,
    // Stand-in until a geocoder exists: see ZoneCentroidGeocoder.
    { provide: SiteGeocoder, useClass: ZoneCentroidGeocoder },
  ],
  exports: [WorkOrderRepository, DispatchDay, CarriedOverAssignment, SlaDeadlines, CreateWorkOrderFromCase, WorkOrderCommands, WorkOrderQueries],
})
export class WorkOrderModule {}
