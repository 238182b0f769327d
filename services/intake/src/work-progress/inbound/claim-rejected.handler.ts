import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { QUALITY_CLAIM_REJECTED_V1, TOPICS, type QualityClaimRejectedV1 } from '@aftercare/contracts';
import { EventContext, onTopic } from '@aftercare/messaging';
import { ServiceRequestRepository } from '../../service-request/infrastructure/service-request.repository';

/**
 * Claims rejected the case's quality claim as customer misuse (source 003 §6): the case is flagged
 * misuse and so charged, fee class A (`ServiceRequest.flagMisuse`), unless management granted
 * goodwill. Idempotent by message id, and flagging twice changes nothing.
 */
@Controller()
export class ClaimRejectedHandler {
  private readonly logger = new Logger('claim-rejected');

  constructor(private readonly cases: ServiceRequestRepository) {}

  @EventPattern(onTopic(TOPICS.claimsQualityClaimEvents, { types: [QUALITY_CLAIM_REJECTED_V1] }))
  async onRejected(@Payload() rejected: QualityClaimRejectedV1, @Ctx() ctx: EventContext<QualityClaimRejectedV1>): Promise<void> {
    if (!rejected.customerMisuse || rejected.goodwillApprovedBy !== null) return;
    const { id, tenantId, time } = ctx.envelope;
    const request = await this.cases.findById(tenantId, rejected.caseId);
    if (!request) {
      this.logger.warn(`quality claim ${rejected.claimId} refers to unknown case ${rejected.caseId}`);
      return;
    }
    if (request.hasHandled(id)) return;
    request.flagMisuse({ at: new Date(time) });
    request.markHandled(id);
    await this.cases.save(request);
  }
}
