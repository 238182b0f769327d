import type { ClaimEscalation } from './claim-escalation';
import type { ClaimOrigin, Responsibility, Severity, Urgency } from './quality-claim.types';
import type { QualityClaimStatus } from './quality-claim.state-machine';

/** D1: the team. A major claim's leader must hold a manager rank (the escalation team). */
export interface TeamMember {
  id: string;
  name: string;
  /** A role in the team (`quality engineer`, `production`) or, for the leader of a major claim, a manager rank. */
  role: string;
}

export interface Team {
  leader: TeamMember;
  members: TeamMember[];
  formedAt: Date;
}

/** D2: the problem described as 5W2H. */
export interface ProblemDescription {
  what: string;
  where: string | null;
  when: string | null;
  who: string | null;
  why: string | null;
  how: string | null;
  howMany: number | null;
}

/** D3: the temporary fix (紧急对策) with the quantities and places it covers. */
export interface Containment {
  actions: string;
  quantitySuspect: number;
  quantityContained: number;
  locations: string[];
  recordedAt: Date;
}

/** D4: why it happened (the why-chain down to the root cause) and why it was not caught (the escape point). */
export interface RootCause {
  whyChain: string[];
  rootCause: string;
  escapePoint: string;
  recordedAt: Date;
}

/** D5/D6: a permanent corrective action with its owner and deadline; `implementedAt` once done (D6). */
export interface CorrectiveAction {
  id: string;
  description: string;
  owner: string;
  deadline: Date;
  implementedAt: Date | null;
  evidence: string[];
}

/** D6: how the actions were put in place. */
export interface Implementation {
  summary: string;
  evidence: string[];
  recordedAt: Date;
}

/** D7: verification of effectiveness by a quality engineer, and what changes so it cannot recur. */
export interface Verification {
  verifiedBy: string;
  result: string;
  verifiedAt: Date;
}

export interface Prevention {
  documentsChanged: string[];
  fmeaUpdated: boolean;
  controlPlanUpdated: boolean;
  notes: string | null;
}

/** D8: the team is recognised. */
export interface Recognition {
  note: string;
  recordedAt: Date;
}

export interface Triage {
  urgency: Urgency;
  severity: Severity;
  department: string;
  responsibility: Responsibility;
  major: boolean;
  triagedAt: Date;
}

export interface SupplierDefect {
  supplierId: string;
  partNo: string;
  defect: string;
  quantityAffected: number | null;
}

export interface ProgressNote {
  by: string;
  text: string;
  at: Date;
}

export interface Deadlines {
  firstContactDueAt: Date;
  rectificationStatusDueAt: Date;
  closureDueAt: Date | null;
}

export interface Closure {
  closedAt: Date;
  closedBy: string;
  approvedBy: string | null;
  finalReport: string | null;
}

export interface Rejection {
  reason: string;
  customerMisuse: boolean;
  correctUseInstructions: string | null;
  goodwillApprovedBy: string | null;
  rejectedBy: string;
  rejectedAt: Date;
}

export interface QualityClaimState {
  id: string;
  tenantId: string;
  caseId: string;
  status: QualityClaimStatus;
  origin: ClaimOrigin;
  originReference: string;
  linkedCaseIds: string[];
  linkedWorkOrderIds: string[];
  customer: { customerId: string | null; name: string | null; phone: string | null; email: string | null };
  product: { model: string | null; serialNumber: string | null };
  openedAt: Date;
  deadlines: Deadlines;
  /** When the customer was first contacted (clock: first contact 48 h). */
  firstContactAt: Date | null;
  /** When the customer was told the rectification status (clock: 72 h). */
  rectificationStatusSentAt: Date | null;
  triage: Triage | null;
  team: Team | null;
  problem: ProblemDescription;
  containment: Containment | null;
  rootCause: RootCause | null;
  actions: CorrectiveAction[];
  implementation: Implementation | null;
  verification: Verification | null;
  prevention: Prevention | null;
  recognition: Recognition | null;
  supplierDefect: SupplierDefect | null;
  supplierFeedbackId: string | null;
  notes: ProgressNote[];
  /** The clocks' breaches and the escalation levels reached, each once (step 1 = the breach). */
  escalations: ClaimEscalation[];
  closure: Closure | null;
  rejection: Rejection | null;
  /** The quality department's explanation of a late reply to the customer (see late-reply.ts). */
  lateReplyExplanation: LateReplyExplanation | null;
}

export interface LateReplyExplanation {
  text: string;
  by: string;
  at: Date;
}

export interface QualityClaimSnapshot extends QualityClaimState {
  version: number;
  handledMessageIds: string[];
}
