import { Module } from '@nestjs/common';
import { ServiceRequestModule } from '../service-request/service-request.module';
import { ClaimProgressHandler } from './inbound/claim-progress.handler';
import { WorkOrderProgressHandler } from './inbound/work-order-progress.handler';

/** Downstream progress (dispatch work orders, quality claims) moving the case through its states. */
@Module({ imports: [ServiceRequestModule], controllers: [WorkOrderProgressHandler, ClaimProgressHandler] })
export class WorkProgressModule {}
