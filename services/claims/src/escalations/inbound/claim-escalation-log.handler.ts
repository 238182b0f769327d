import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  QUALITY_CLAIM_ESCALATED_V1,
  SERVICE_COMPLAINT_ESCALATED_V1,
  TOPICS,
  type QualityClaimEscalatedV1,
  type ServiceComplaintEscalatedV1,
} from '@aftercare/contracts';
import { EventContext, onTopic } from '@aftercare/messaging';
import { ClaimEscalationLog } from '../infrastructure/claim-escalation-log';

/** Claims' own escalated events → the escalations listed per level (group `claims.escalations`). */
@Controller()
export class ClaimEscalationLogHandler {
  constructor(private readonly log: ClaimEscalationLog) {}

  @EventPattern(onTopic(TOPICS.claimsQualityClaimEvents.name, { types: [QUALITY_CLAIM_ESCALATED_V1], group: 'escalations' }))
  async onClaimEscalated(@Payload() e: QualityClaimEscalatedV1, @Ctx() ctx: EventContext<QualityClaimEscalatedV1>): Promise<void> {
    await this.log.record({
      _id: ctx.envelope.id,
      tenantId: ctx.envelope.tenantId,
      kind: 'quality_claim',
      subjectId: e.claimId,
      caseId: e.caseId,
      level: e.level,
      clock: e.clock,
      step: e.step,
      breach: e.breach,
      status: e.status,
      deadline: new Date(e.deadline),
      escalatedAt: new Date(e.escalatedAt),
    });
  }

  @EventPattern(onTopic(TOPICS.claimsServiceComplaintEvents.name, { types: [SERVICE_COMPLAINT_ESCALATED_V1], group: 'escalations' }))
  async onComplaintEscalated(@Payload() e: ServiceComplaintEscalatedV1, @Ctx() ctx: EventContext<ServiceComplaintEscalatedV1>): Promise<void> {
    await this.log.record({
      _id: ctx.envelope.id,
      tenantId: ctx.envelope.tenantId,
      kind: 'service_complaint',
      subjectId: e.complaintId,
      caseId: e.caseId,
      level: e.escalatedTo,
      clock: e.clock,
      step: e.step,
      breach: e.breach,
      status: e.status,
      deadline: new Date(e.deadline),
      escalatedAt: new Date(e.escalatedAt),
    });
  }
}
