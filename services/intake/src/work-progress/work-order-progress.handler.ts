import { Injectable, Logger } from '@nestjs/common';
import { TOPICS, type EventEnvelope } from '@aftercare/contracts';
import { EventHandler } from '@aftercare/messaging';
import { ServiceRequestRepository } from '../service-request/infrastructure/service-request.repository';

export const WORK_ORDER_ASSIGNED = 'aftercare.dispatch.work-order.assigned.v1';
export const WORK_ORDER_VERIFIED = 'aftercare.dispatch.work-order.verified.v1';
export const WORK_ORDER_CANCELLED = 'aftercare.dispatch.work-order.cancelled.v1';

interface WorkOrderFact {
  workOrderId: string;
  caseId: string;
}

/**
 * The case follows its work order: it is in progress once a technician is assigned, and
 * resolved when the order is verified and no other work is open. A cancelled order closes its
 * work item without resolving the case (the agent decides what happens next).
 */
@Injectable()
export class WorkOrderProgressHandler {
  private readonly logger = new Logger('work-progress');

  constructor(private readonly cases: ServiceRequestRepository) {}

  @EventHandler(TOPICS.dispatchWorkOrderEvents.name, { types: [WORK_ORDER_ASSIGNED, WORK_ORDER_VERIFIED, WORK_ORDER_CANCELLED] })
  async onWorkOrderEvent(envelope: EventEnvelope<WorkOrderFact>): Promise<void> {
    const request = await this.cases.findById(envelope.tenantId, envelope.data.caseId);
    if (!request) {
      this.logger.warn(`work order ${envelope.data.workOrderId} refers to unknown case ${envelope.data.caseId}`);
      return;
    }
    if (request.hasHandled(envelope.id)) return;
    const reference = envelope.data.workOrderId;
    const at = new Date(envelope.time);
    if (envelope.type === WORK_ORDER_ASSIGNED) {
      request.startWork({ kind: 'work_order', reference, at });
    } else {
      request.completeWork({ kind: 'work_order', reference, at });
      if (envelope.type === WORK_ORDER_VERIFIED && !request.hasOpenWork && request.can('resolve')) {
        request.resolve({ summary: `work order ${reference} verified`, at });
      }
    }
    request.markHandled(envelope.id);
    await this.cases.save(request);
  }
}
