import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { SUPPLIER_FEEDBACK_RAISED_V1, TOPICS, type SupplierFeedbackRaisedV1 } from '@aftercare/contracts';
import { onTopic } from '@aftercare/messaging';
import { OpenQualityClaim } from '../quality-claim/application/open-quality-claim';

/**
 * Parts' supplier feedback on a part returned from a case → one quality claim on that case, with
 * the supplier, part and defect known (source 002 §6; the quality department investigates and
 * verifies the fix). Idempotent: the claim id is derived from the feedback record. A part claimed
 * without a case (found faulty in stock) is purchasing's matter only, through parts' own record:
 * logged, no claim. Claims' own supplier-feedback records on the same topic are not handled here.
 */
@Controller()
export class SupplierFeedbackHandler {
  private readonly logger = new Logger(SupplierFeedbackHandler.name);

  constructor(private readonly claims: OpenQualityClaim) {}

  @EventPattern(onTopic(TOPICS.supplierFeedback, { types: [SUPPLIER_FEEDBACK_RAISED_V1] }))
  async onSupplierFeedback(@Payload() feedback: SupplierFeedbackRaisedV1): Promise<void> {
    const { caseId } = feedback;
    if (!caseId) {
      this.logger.log(`supplier feedback ${feedback.feedbackId}: no case, purchasing's record only`);
      return;
    }
    const { outcome, claim } = await this.claims.fromSupplierFeedback({ ...feedback, caseId });
    this.logger.log(`supplier feedback ${feedback.feedbackId} on case ${caseId}: quality claim ${claim.id} ${outcome}`);
  }
}
