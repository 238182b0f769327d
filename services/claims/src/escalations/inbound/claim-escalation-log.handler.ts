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
import { ClaimEscalationLog, type ClaimEscalationEntry } from '../infrastructure/claim-escalation-log';

interface EscalatedStep {
  caseId: string | null;
  clock: string;
  step: number;
  breach: boolean;
  status: string;
  deadline: string;
  escalatedAt: string;
}

/** The list entry of one escalated event (`_id` = the event id, so a redelivery records nothing). */
function entryOf(ctx: EventContext<unknown>, kind: ClaimEscalationEntry['kind'], subjectId: string, level: string, e: EscalatedStep): ClaimEscalationEntry {
  return {
    _id: ctx.envelope.id,
    tenantId: ctx.envelope.tenantId,
    kind,
    subjectId,
    caseId: e.caseId,
    level,
    clock: e.clock,
    step: e.step,
    breach: e.breach,
    status: e.status,
    deadline: new Date(e.deadline),
    escalatedAt: new Date(e.escalatedAt),
  };
}

/**
 * Claims' own escalated events → the escalations listed per level, read in `claims.main` (ADR 0056:
 * a group of their own read every event of both topics for one type each). main reads claims' own
 * topics for nothing else, so resetting main's offsets on them alone rebuilds the list.
 */
@Controller()
export class ClaimEscalationLogHandler {
  constructor(private readonly log: ClaimEscalationLog) {}

  @EventPattern(onTopic(TOPICS.claimsQualityClaimEvents.name, { types: [QUALITY_CLAIM_ESCALATED_V1] }))
  async onClaimEscalated(@Payload() e: QualityClaimEscalatedV1, @Ctx() ctx: EventContext<QualityClaimEscalatedV1>): Promise<void> {
    await this.log.record(entryOf(ctx, 'quality_claim', e.claimId, e.level, e));
  }

  @EventPattern(onTopic(TOPICS.claimsServiceComplaintEvents.name, { types: [SERVICE_COMPLAINT_ESCALATED_V1] }))
  async onComplaintEscalated(@Payload() e: ServiceComplaintEscalatedV1, @Ctx() ctx: EventContext<ServiceComplaintEscalatedV1>): Promise<void> {
    await this.log.record(entryOf(ctx, 'service_complaint', e.complaintId, e.escalatedTo, e));
  }
}
