import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS, WORK_ORDER_ESCALATED_V1, WORK_ORDER_ESCALATED_V2, type WorkOrderEscalatedV1, type WorkOrderEscalatedV2 } from '@aftercare/contracts';
import { EventContext, onTopic } from '@aftercare/messaging';
import { EscalationLog } from '../infrastructure/escalation-log';

/**
 * Lists every escalation for its level: dispatch's own escalated events, read in `dispatch.main`
 * (ADR 0056: a group of their own read every event of the topic for these two types). main reads
 * dispatch's own topic for nothing else, so resetting main's offsets on this topic alone rebuilds
 * the list. An event without a level
 * is the chain's first step at the dispatcher (v1 before the chain was climbed). v2 carries the
 * escalations v1 cannot name (technician not arranged), always with level and step.
 */
@Controller()
export class EscalationLogHandler {
  constructor(private readonly log: EscalationLog) {}

  @EventPattern(onTopic(TOPICS.dispatchWorkOrderEvents.name, { types: [WORK_ORDER_ESCALATED_V1, WORK_ORDER_ESCALATED_V2] }))
  async onEscalated(@Payload() event: WorkOrderEscalatedV1 | WorkOrderEscalatedV2, @Ctx() ctx: EventContext<WorkOrderEscalatedV1 | WorkOrderEscalatedV2>): Promise<void> {
    await this.log.record({
      _id: ctx.envelope.id,
      tenantId: ctx.envelope.tenantId,
      level: event.level ?? 'dispatcher',
      step: event.step ?? 1,
      reason: event.reason,
      workOrderId: event.workOrderId,
      caseId: event.caseId,
      status: event.status,
      technicianId: event.technicianId,
      note: event.note,
      escalatedAt: new Date(event.escalatedAt),
    });
  }
}
