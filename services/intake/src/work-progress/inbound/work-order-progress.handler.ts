import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  TOPICS,
  WORK_ORDER_ASSIGNED_V1,
  WORK_ORDER_CANCELLED_V1,
  WORK_ORDER_MISUSE_FLAGGED_V1,
  WORK_ORDER_VERIFIED_V1,
  type WorkOrderAssignedV1,
  type WorkOrderCancelledV1,
  type WorkOrderMisuseFlaggedV1,
  type WorkOrderVerifiedV1,
} from '@aftercare/contracts';
import { EventContext, onTopic, unknownToTenant } from '@aftercare/messaging';
import type { WorkOrderNews } from '../../service-request/domain';
import { ServiceRequestRepository } from '../../service-request/infrastructure/service-request.repository';

type WorkOrderProgress = WorkOrderAssignedV1 | WorkOrderVerifiedV1 | WorkOrderCancelledV1 | WorkOrderMisuseFlaggedV1;

/**
 * The case follows its work order (`ServiceRequest.followWorkOrder`, rules in
 * work-order-follow-up.ts): in progress once a technician is assigned, resolved when the order is
 * verified and no other work is open; a cancelled order re-routes the case or returns it to the
 * agent by its reason code. Misuse the technician found on site flags the case misuse, which
 * charges it (fee class A even in warranty or under contract, source 002 §6, source 003 §6; once:
 * a case already flagged stays as it is). A withdrawn case ignores its orders' late events (no dead
 * letter: the timeline shows them). A case the tenant does not have is dead-lettered
 * (`CASE_UNKNOWN`): dispatch orders only cases we routed, so the message is wrong. Idempotent by
 * message id.
 */
@Controller()
export class WorkOrderProgressHandler {
  private readonly logger = new Logger('work-progress');

  constructor(private readonly cases: ServiceRequestRepository) {}

  @EventPattern(onTopic(TOPICS.dispatchWorkOrderEvents, { types: [WORK_ORDER_ASSIGNED_V1, WORK_ORDER_VERIFIED_V1, WORK_ORDER_CANCELLED_V1, WORK_ORDER_MISUSE_FLAGGED_V1] }))
  async onWorkOrderEvent(@Payload() order: WorkOrderProgress, @Ctx() ctx: EventContext<WorkOrderProgress>): Promise<void> {
    const { id, type, time, tenantId } = ctx.envelope;
    const request = await this.cases.findById(tenantId, order.caseId);
    if (!request) throw unknownToTenant('CASE_UNKNOWN', `${type} of work order ${order.workOrderId}`, `case ${order.caseId}`, tenantId);
    if (request.hasHandled(id)) return;
    if (request.withdrawn) {
      this.logger.log(`case ${request.id} is ${request.status}: ${type} of work order ${order.workOrderId} changes nothing`);
      return;
    }
    // A case closed before the flag arrived refuses it (a domain error): retried, then dead-lettered with that reason.
    if (type === WORK_ORDER_MISUSE_FLAGGED_V1) request.flagMisuse({ at: new Date((order as WorkOrderMisuseFlaggedV1).flaggedAt) });
    else request.followWorkOrder(newsOf(type, order, new Date(time)));
    request.markHandled(id);
    await this.cases.save(request);
  }
}

function newsOf(type: string, order: WorkOrderProgress, at: Date): WorkOrderNews {
  const reference = order.workOrderId;
  if (type === WORK_ORDER_ASSIGNED_V1) return { kind: 'assigned', reference, at };
  if (type === WORK_ORDER_VERIFIED_V1) return { kind: 'verified', reference, at };
  const cancelled = order as WorkOrderCancelledV1;
  return { kind: 'cancelled', reference, reasonCode: cancelled.reasonCode, reason: cancelled.reason, at };
}
