import { Module } from '@nestjs/common';
import { ServiceRequestModule } from '../service-request/service-request.module';
import { WorkOrderProgressHandler } from './inbound/work-order-progress.handler';

/** Downstream progress (dispatch work orders) moving the case through its states. */
@Module({ imports: [ServiceRequestModule], controllers: [WorkOrderProgressHandler] })
export class WorkProgressModule {}
