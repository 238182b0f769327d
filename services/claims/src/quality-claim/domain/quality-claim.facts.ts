import type { QualityClaimStatus } from './quality-claim.state-machine';
import type { SupplierDefect } from './quality-claim.state';
import type { ClaimEscalation } from './claim-escalation';

/** What happened to a quality claim, in domain terms. Each carries only what the state right after it does not tell. */
export type QualityClaimFact =
  | { kind: 'opened'; at: Date }
  | { kind: 'triaged'; at: Date; supplierFeedback: SupplierFeedbackDue | null }
  | { kind: 'progressed'; at: Date; from: QualityClaimStatus; discipline: 'D3' | 'D4' | 'D5' | 'D6' | 'D7'; supplierFeedback: SupplierFeedbackDue | null }
  | { kind: 'closed'; at: Date }
  | { kind: 'rejected'; at: Date }
  | { kind: 'escalated'; at: Date; escalation: ClaimEscalation };

/** The one supplier-feedback record a supplier-caused claim sends to purchasing. */
export interface SupplierFeedbackDue extends SupplierDefect {
  feedbackId: string;
}
