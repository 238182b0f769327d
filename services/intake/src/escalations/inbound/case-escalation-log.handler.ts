import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { SERVICE_REQUEST_CLOCK_ESCALATED_V1, TOPICS, type ServiceRequestClockEscalatedV1 } from '@aftercare/contracts';
import { EventContext, onTopic } from '@aftercare/messaging';
import { TIMELINE_GROUP_PURPOSE } from '../../timeline/timeline.topics';
import { CaseEscalationLog } from '../infrastructure/case-escalation-log';

/**
 * Intake's own clock-escalated events → the escalations listed per level. Read in the timeline's
 * group, which reads intake's topic in full anyway (ADR 0056): resetting `intake.timeline` rebuilds
 * this list too. `_id` = the event id, so a redelivery records nothing. `escalated.v1` is not
 * read: it names the level's number, not the level.
 */
@Controller()
export class CaseEscalationLogHandler {
  constructor(private readonly log: CaseEscalationLog) {}

  @EventPattern(onTopic(TOPICS.intakeServiceRequestEvents.name, { types: [SERVICE_REQUEST_CLOCK_ESCALATED_V1], group: TIMELINE_GROUP_PURPOSE }))
  async onClockEscalated(@Payload() e: ServiceRequestClockEscalatedV1, @Ctx() ctx: EventContext<ServiceRequestClockEscalatedV1>): Promise<void> {
    await this.log.record({
      _id: ctx.envelope.id,
      tenantId: ctx.envelope.tenantId,
      caseId: e.caseId,
      level: e.level,
      clock: e.clock,
      step: e.step,
      status: e.status,
      priority: e.priority,
      escalatedAt: new Date(e.escalatedAt),
    });
  }
}
