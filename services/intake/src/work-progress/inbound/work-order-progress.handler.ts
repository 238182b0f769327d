import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  TOPICS,
  WORK_ORDER_ASSIGNED_V1,
  WORK_ORDER_CANCELLED_V1,
  WORK_ORDER_VERIFIED_V1,
  type WorkOrderAssignedV1,
  type WorkOrderCancelledV1,
  type WorkOrderVerifiedV1,
} from '@aftercare/contracts';
import { EventContext, onTopic } from '@aftercare/messaging';
import { ServiceRequestRepository } from '../../service-request/infrastructure/service-request.repository';

type WorkOrderProgress = WorkOrderAssignedV1 | WorkOrderVerifiedV1 | WorkOrderCancelledV1;

/**
 * The case follows its work order: it is in progress once a technician is assigned, and
 * resolved when the order is verified and no other work is open. A cancelled order closes its
 * work item without resolving the case (the agent decides what happens next).
 */
@Controller()
export class WorkOrderProgressHandler {
  private readonly logger = new Logger('work-progress');

  constructor(private readonly cases: ServiceRequestRepository) {}

  @EventPattern(onTopic(TOPICS.dispatchWorkOrderEvents, { types: [WORK_ORDER_ASSIGNED_V1, WORK_ORDER_VERIFIED_V1, WORK_ORDER_CANCELLED_V1] }))
  async onWorkOrderEvent(@Payload() order: WorkOrderProgress, @Ctx() ctx: EventContext<WorkOrderProgress>): Promise<void> {
    const { id, type, time, tenantId } = ctx.envelope;
    const request = await this.cases.findById(tenantId, order.caseId);
    if (!request) {
      this.logger.warn(`work order ${order.workOrderId} refers to unknown case ${order.caseId}`);
      return;
    }
    if (request.hasHandled(id)) return;
    const reference = order.workOrderId;
    const at = new Date(time);
    if (type === WORK_ORDER_ASSIGNED_V1) {
      request.startWork({ kind: 'work_order', reference, at });
    } else {
      request.completeWork({ kind: 'work_order', reference, at });
      if (type === WORK_ORDER_VERIFIED_V1 && !request.hasOpenWork && request.can('resolve')) {
        request.resolve({ summary: `work order ${reference} verified`, at });
      }
    }
    request.markHandled(id);
    await this.cases.save(request);
  }
}
