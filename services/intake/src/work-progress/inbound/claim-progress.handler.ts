import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  QUALITY_CLAIM_CLOSED_V1,
  QUALITY_CLAIM_OPENED_V1,
  QUALITY_CLAIM_REJECTED_V1,
  TOPICS,
  type QualityClaimClosedV1,
  type QualityClaimOpenedV1,
  type QualityClaimRejectedV1,
} from '@aftercare/contracts';
import { EventContext, MessageSkipped, onTopic, skippedAsUnknown } from '@aftercare/messaging';
import type { ServiceRequest } from '../../service-request/domain';
import { ServiceRequestRepository } from '../../service-request/infrastructure/service-request.repository';

type ClaimProgress = QualityClaimOpenedV1 | QualityClaimClosedV1 | QualityClaimRejectedV1;

/**
 * The case follows the quality claim it was routed to: the claim is its work item while open; when
 * claims closes or rejects it the item is done and the case resolved (no other work open). A
 * rejection as customer misuse first flags the case misuse, which charges it (fee class A, source
 * 003 §6), unless management granted goodwill. Only claims opened from an intake case count (a
 * repeat-repair claim refers to cases that are already resolved). Idempotent by message id.
 */
@Controller()
export class ClaimProgressHandler {
  constructor(private readonly cases: ServiceRequestRepository) {}

  @EventPattern(onTopic(TOPICS.claimsQualityClaimEvents, { types: [QUALITY_CLAIM_OPENED_V1, QUALITY_CLAIM_CLOSED_V1, QUALITY_CLAIM_REJECTED_V1] }))
  async onClaimEvent(@Payload() claim: ClaimProgress, @Ctx() ctx: EventContext<ClaimProgress>): Promise<MessageSkipped | void> {
    const { id, type, tenantId, time } = ctx.envelope;
    const request = await this.cases.findById(tenantId, claim.caseId);
    // Skipped, not dead-lettered like a work order's: a claim opened from a supplier's feedback names the case the ERP gave it.
    if (!request) return skippedAsUnknown('CASE_UNKNOWN', `quality claim ${claim.claimId}`, `case ${claim.caseId}`, tenantId);
    if (request.hasHandled(id) || request.withdrawn) return;
    const at = new Date(time);
    const tracked = request.work.some((w) => w.kind === 'claim' && w.reference === claim.claimId);
    if (type === QUALITY_CLAIM_OPENED_V1) {
      if ((claim as QualityClaimOpenedV1).origin !== 'intake_case') return;
      request.startWork({ kind: 'claim', reference: claim.claimId, at });
    } else {
      if (type === QUALITY_CLAIM_REJECTED_V1) chargeMisuse(request, claim as QualityClaimRejectedV1, at);
      if (tracked) finish(request, claim.claimId, at);
      else if (type === QUALITY_CLAIM_CLOSED_V1) return;
    }
    request.markHandled(id);
    await this.cases.save(request);
  }
}

function chargeMisuse(request: ServiceRequest, rejected: QualityClaimRejectedV1, at: Date): void {
  if (rejected.customerMisuse && rejected.goodwillApprovedBy === null) request.flagMisuse({ at });
}

function finish(request: ServiceRequest, claimId: string, at: Date): void {
  request.completeWork({ kind: 'claim', reference: claimId, at });
  if (request.status === 'in_progress' && !request.work.some((w) => !w.completedAt)) request.resolve({ summary: `quality claim ${claimId} finished`, at });
}
