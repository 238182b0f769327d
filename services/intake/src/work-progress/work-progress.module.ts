import { Module } from '@nestjs/common';
import { ServiceRequestModule } from '../service-request/service-request.module';
import { ClaimRejectedHandler } from './inbound/claim-rejected.handler';
import { WorkOrderProgressHandler } from './inbound/work-order-progress.handler';

/** Downstream progress (dispatch work orders, claims' misuse rejections) moving the case through its states. */
@Module({ imports: [ServiceRequestModule], controllers: [WorkOrderProgressHandler, ClaimRejectedHandler] })
export class WorkProgressModule {}
