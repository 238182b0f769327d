/**
 * Topic `claims.public.quality-claim.events.v1`, key = claim id: a quality claim run as 8D, from
 * registration to verified closure (or rejection). Every event carries `ce_caseid`: the service
 * case the claim was opened for (for a repeat repair, the later case; both are in `linkedCaseIds`).
 */
export const QUALITY_CLAIM_OPENED_V1 = 'aftercare.claims.quality-claim.opened.v1';
export const QUALITY_CLAIM_TRIAGED_V1 = 'aftercare.claims.quality-claim.triaged.v1';
export const QUALITY_CLAIM_PROGRESSED_V1 = 'aftercare.claims.quality-claim.progressed.v1';
export const QUALITY_CLAIM_CLOSED_V1 = 'aftercare.claims.quality-claim.closed.v1';
export const QUALITY_CLAIM_REJECTED_V1 = 'aftercare.claims.quality-claim.rejected.v1';
export const QUALITY_CLAIM_ESCALATED_V1 = 'aftercare.claims.quality-claim.escalated.v1';

export const QUALITY_CLAIM_EVENT_TYPES = {
  opened: QUALITY_CLAIM_OPENED_V1,
  triaged: QUALITY_CLAIM_TRIAGED_V1,
  progressed: QUALITY_CLAIM_PROGRESSED_V1,
  closed: QUALITY_CLAIM_CLOSED_V1,
  rejected: QUALITY_CLAIM_REJECTED_V1,
  escalated: QUALITY_CLAIM_ESCALATED_V1,
} as const;

export type QualityClaimEventType = (typeof QUALITY_CLAIM_EVENT_TYPES)[keyof typeof QUALITY_CLAIM_EVENT_TYPES];

export type QualityClaimStatusV1 =
  | 'registered'
  | 'triaged'
  | 'contained'
  | 'root_cause_identified'
  | 'actions_planned'
  | 'actions_implemented'
  | 'verified'
  | 'closed'
  | 'rejected';

export type QualityClaimOriginV1 = 'intake_case' | 'repeat_repair' | 'supplier_feedback' | 'manual';
export type QualityClaimUrgencyV1 = 'urgent' | 'normal';
export type QualityClaimSeverityV1 = 'critical' | 'major' | 'minor';
export type QualityClaimResponsibilityV1 = 'manufacturing' | 'design' | 'supplier' | 'transport' | 'customer_misuse' | 'undetermined';
export type QualityClaimDisciplineV1 = 'D3' | 'D4' | 'D5' | 'D6' | 'D7';

interface QualityClaimEventBaseV1 {
  claimId: string;
  caseId: string;
  tenantId: string;
  status: QualityClaimStatusV1;
}

/** A claim was registered; its clocks start now. */
export interface QualityClaimOpenedV1 extends QualityClaimEventBaseV1 {
  origin: QualityClaimOriginV1;
  /** The message or request that opened it (routed case id, repeat-repair work order id, parts' supplier-feedback id). */
  originReference: string;
  linkedCaseIds: string[];
  linkedWorkOrderIds: string[];
  customerName: string | null;
  productModel: string | null;
  serialNumber: string | null;
  problemDescription: string;
  openedAt: string;
  firstContactDueAt: string;
  rectificationStatusDueAt: string;
}

/** Urgency, severity, department and responsibility are set; the closure clock runs. */
export interface QualityClaimTriagedV1 extends QualityClaimEventBaseV1 {
  urgency: QualityClaimUrgencyV1;
  severity: QualityClaimSeverityV1;
  department: string;
  responsibility: QualityClaimResponsibilityV1;
  /** The customer's production stopped: escalation team, manager approval and final report to close. */
  major: boolean;
  closureDueAt: string;
  triagedAt: string;
}

/** A discipline of the 8D was recorded and the claim moved on. */
export interface QualityClaimProgressedV1 extends QualityClaimEventBaseV1 {
  previousStatus: QualityClaimStatusV1;
  discipline: QualityClaimDisciplineV1;
  /** Verification of effectiveness: the quality engineer who verified (D7 step), else null. */
  verifiedBy: string | null;
  progressedAt: string;
}

/** The claim is closed after verification (and the manager's approval for a major claim). */
export interface QualityClaimClosedV1 extends QualityClaimEventBaseV1 {
  responsibility: QualityClaimResponsibilityV1;
  major: boolean;
  approvedBy: string | null;
  closedAt: string;
}

/** The claim is rejected; as customer misuse the intake case is charged (fee class A) unless goodwill was approved. */
export interface QualityClaimRejectedV1 extends QualityClaimEventBaseV1 {
  reason: string;
  customerMisuse: boolean;
  /** Management approved goodwill: the customer is not charged despite the misuse. */
  goodwillApprovedBy: string | null;
  rejectedAt: string;
}

/** `corrective_actions`: the earliest deadline of the permanent actions (D5) not implemented yet. */
export type QualityClaimClockV1 = 'first_contact' | 'rectification_status' | 'closure' | 'corrective_actions';

/**
 * A claim clock passed its deadline (step 1, `breach`: the first level is told) or climbed one
 * more level of the escalation chain. Each step of each clock is published once.
 */
export interface QualityClaimEscalatedV1 extends QualityClaimEventBaseV1 {
  clock: QualityClaimClockV1;
  deadline: string;
  /** 1 = the breach itself; then one per level of the chain. */
  step: number;
  breach: boolean;
  /** The level reached: `quality_engineer`, `service_manager`, `deputy_gm` by default. */
  level: string;
  escalatedAt: string;
}

export interface QualityClaimEventDataV1 {
  [QUALITY_CLAIM_OPENED_V1]: QualityClaimOpenedV1;
  [QUALITY_CLAIM_TRIAGED_V1]: QualityClaimTriagedV1;
  [QUALITY_CLAIM_PROGRESSED_V1]: QualityClaimProgressedV1;
  [QUALITY_CLAIM_CLOSED_V1]: QualityClaimClosedV1;
  [QUALITY_CLAIM_REJECTED_V1]: QualityClaimRejectedV1;
  [QUALITY_CLAIM_ESCALATED_V1]: QualityClaimEscalatedV1;
}

/**
 * Topic `aftercare.public.supplier-feedback.v1`, key = claim id: a defect a supplier caused, for
 * the ERP's purchasing (source 002 §6). One record per claim found supplier-caused.
 */
export const SUPPLIER_FEEDBACK_RECORDED_V1 = 'aftercare.claims.supplier-feedback.recorded.v1';

export interface SupplierFeedbackRecordedV1 {
  feedbackId: string;
  tenantId: string;
  caseId: string;
  claimId: string;
  supplierId: string;
  partNo: string;
  defect: string;
  quantityAffected: number | null;
  recordedAt: string;
}

/**
 * Topic `erp.public.deliveries.v1`, key = `<month>|<productModel>`: how many units the ERP
 * delivered in a month, so claims computes the month's return rate.
 */
export const ERP_DELIVERIES_MONTH_REPORTED_V1 = 'erp.deliveries.month-reported.v1';
export const ERP_DELIVERIES_MESSAGE_TYPES = [ERP_DELIVERIES_MONTH_REPORTED_V1] as const;

export interface ErpDeliveriesMonthReportedV1 {
  /** `YYYY-MM`. */
  month: string;
  /** null: every product together. */
  productModel: string | null;
  unitsDelivered: number;
  reportedAt: string;
}
