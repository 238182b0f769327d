/**
 * Public events of dispatch's `WorkOrder` for consumers.
 * Topic `dispatch.public.work-order.events.v1`, key = work order id (also `ce_subject`);
 * `ce_caseid` = the service case the order was created for.
 * One JSON Schema per type in `libs/contracts/schemas/<type>.json`, an example in
 * `libs/contracts/examples/<type>.json`.
 *
 * The one definition: dispatch's event mapper (`work-order.event-mapper.ts`) builds every payload
 * with these types and constants, and its specs check every recorded event against the schemas.
 *
 * Conventions: every timestamp is an ISO 8601 UTC string, absent values are `null` (never
 * missing) except the optional details of a part (`description`, `serialOut`, `serialIn`) and
 * fields added to a released version (optional in its schema: events published before lack
 * them, e.g. `previousTechnicianId` of `assigned`), and every event carries `workOrderId`,
 * `caseId` and `tenantId`.
 */

// ---------------------------------------------------------------------------------------------
// Event types
// ---------------------------------------------------------------------------------------------

export const WORK_ORDER_CREATED_V1 = 'aftercare.dispatch.work-order.created.v1';
export const WORK_ORDER_ASSIGNED_V1 = 'aftercare.dispatch.work-order.assigned.v1';
export const WORK_ORDER_UNASSIGNED_V1 = 'aftercare.dispatch.work-order.unassigned.v1';
export const WORK_ORDER_ACCEPTED_V1 = 'aftercare.dispatch.work-order.accepted.v1';
export const WORK_ORDER_DECLINED_V1 = 'aftercare.dispatch.work-order.declined.v1';
export const WORK_ORDER_SCHEDULED_V1 = 'aftercare.dispatch.work-order.scheduled.v1';
export const WORK_ORDER_AWAITING_CUSTOMER_V1 = 'aftercare.dispatch.work-order.awaiting-customer.v1';
export const WORK_ORDER_EN_ROUTE_V1 = 'aftercare.dispatch.work-order.en-route.v1';
export const WORK_ORDER_ON_SITE_V1 = 'aftercare.dispatch.work-order.on-site.v1';
export const WORK_ORDER_STARTED_V1 = 'aftercare.dispatch.work-order.started.v1';
export const WORK_ORDER_AWAITING_PARTS_V1 = 'aftercare.dispatch.work-order.awaiting-parts.v1';
export const WORK_ORDER_RESUMED_V1 = 'aftercare.dispatch.work-order.resumed.v1';
export const WORK_ORDER_COMPLETED_V1 = 'aftercare.dispatch.work-order.completed.v1';
export const WORK_ORDER_CARRIED_IN_V1 = 'aftercare.dispatch.work-order.carried-in.v1';
export const WORK_ORDER_REPAIR_CARD_UPDATED_V1 = 'aftercare.dispatch.work-order.repair-card-updated.v1';
export const WORK_ORDER_REPAIRED_V1 = 'aftercare.dispatch.work-order.repaired.v1';
export const WORK_ORDER_RETURNED_V1 = 'aftercare.dispatch.work-order.returned.v1';
export const WORK_ORDER_VERIFIED_V1 = 'aftercare.dispatch.work-order.verified.v1';
export const WORK_ORDER_REWORK_REQUIRED_V1 = 'aftercare.dispatch.work-order.rework-required.v1';
export const WORK_ORDER_CLOSED_V1 = 'aftercare.dispatch.work-order.closed.v1';
export const WORK_ORDER_CANCELLED_V1 = 'aftercare.dispatch.work-order.cancelled.v1';
export const WORK_ORDER_ESCALATED_V1 = 'aftercare.dispatch.work-order.escalated.v1';
export const WORK_ORDER_ARRIVAL_DEADLINE_BREACHED_V1 = 'aftercare.dispatch.work-order.arrival-deadline-breached.v1';
export const WORK_ORDER_COMPLETION_OVERDUE_V1 = 'aftercare.dispatch.work-order.completion-overdue.v1';
export const WORK_ORDER_MISUSE_FLAGGED_V1 = 'aftercare.dispatch.work-order.misuse-flagged.v1';
export const WORK_ORDER_REPEAT_REPAIR_DETECTED_V1 = 'aftercare.dispatch.work-order.repeat-repair-detected.v1';
export const WORK_ORDER_ESCALATED_V2 = 'aftercare.dispatch.work-order.escalated.v2';
export const WORK_ORDER_TECHNICIAN_ARRANGEMENT_OVERDUE_V1 = 'aftercare.dispatch.work-order.technician-arrangement-overdue.v1';

/** Every event type the work order produces, by short name. */
export const WORK_ORDER_EVENT_TYPES = {
  created: WORK_ORDER_CREATED_V1,
  assigned: WORK_ORDER_ASSIGNED_V1,
  unassigned: WORK_ORDER_UNASSIGNED_V1,
  accepted: WORK_ORDER_ACCEPTED_V1,
  declined: WORK_ORDER_DECLINED_V1,
  scheduled: WORK_ORDER_SCHEDULED_V1,
  awaitingCustomer: WORK_ORDER_AWAITING_CUSTOMER_V1,
  enRoute: WORK_ORDER_EN_ROUTE_V1,
  onSite: WORK_ORDER_ON_SITE_V1,
  started: WORK_ORDER_STARTED_V1,
  awaitingParts: WORK_ORDER_AWAITING_PARTS_V1,
  resumed: WORK_ORDER_RESUMED_V1,
  completed: WORK_ORDER_COMPLETED_V1,
  carriedIn: WORK_ORDER_CARRIED_IN_V1,
  repairCardUpdated: WORK_ORDER_REPAIR_CARD_UPDATED_V1,
  repaired: WORK_ORDER_REPAIRED_V1,
  returned: WORK_ORDER_RETURNED_V1,
  verified: WORK_ORDER_VERIFIED_V1,
  reworkRequired: WORK_ORDER_REWORK_REQUIRED_V1,
  closed: WORK_ORDER_CLOSED_V1,
  cancelled: WORK_ORDER_CANCELLED_V1,
  escalated: WORK_ORDER_ESCALATED_V1,
  arrivalDeadlineBreached: WORK_ORDER_ARRIVAL_DEADLINE_BREACHED_V1,
  completionOverdue: WORK_ORDER_COMPLETION_OVERDUE_V1,
  repeatRepairDetected: WORK_ORDER_REPEAT_REPAIR_DETECTED_V1,
  misuseFlagged: WORK_ORDER_MISUSE_FLAGGED_V1,
  escalatedV2: WORK_ORDER_ESCALATED_V2,
  technicianArrangementOverdue: WORK_ORDER_TECHNICIAN_ARRANGEMENT_OVERDUE_V1,
} as const;

export type WorkOrderEventType = (typeof WORK_ORDER_EVENT_TYPES)[keyof typeof WORK_ORDER_EVENT_TYPES];

// ---------------------------------------------------------------------------------------------
// Value types shared by the events
// ---------------------------------------------------------------------------------------------

export type WorkOrderZone = 'city' | 'suburb' | 'remote';
export type WorkOrderPriority = 'P1' | 'P2' | 'P3' | 'P4';
export type WorkOrderType = 'repair' | 'installation' | 'commissioning' | 'maintenance' | 'training';

export type WorkOrderStatus =
  | 'created'
  | 'assigned'
  | 'accepted'
  | 'declined'
  | 'scheduled'
  | 'en_route'
  | 'on_site'
  | 'in_progress'
  | 'awaiting_parts'
  | 'carried_in'
  | 'in_repair'
  | 'repaired'
  | 'returned'
  | 'completed'
  | 'verified'
  | 'closed'
  | 'cancelled';

export type WorkOrderEscalationReason =
  | 'no_candidate'
  | 'arrival_deadline_breached'
  | 'completion_overdue'
  | 'technician_request';

export interface WorkOrderEventBaseV1 {
  workOrderId: string;
  caseId: string;
  tenantId: string;
}

export interface WorkOrderSiteV1 {
  address: string;
  lat: number;
  lng: number;
  zone: WorkOrderZone;
}

/** A part the technician needs to continue. */
export interface WorkOrderPartNeededV1 {
  partNo: string;
  quantity: number;
  description?: string;
}

/** A part replaced: `serialOut` removed from the asset, `serialIn` fitted. */
export interface WorkOrderPartReplacedV1 {
  partNo: string;
  quantity: number;
  serialOut?: string;
  serialIn?: string;
}

export interface WorkOrderSignatureV1 {
  name: string;
  signedAt: string;
  /** Reference to the stored signature image. */
  signatureRef: string;
}

export interface WorkOrderServiceReportV1 {
  faultCause: string;
  faultCategory: string;
  resolution: string;
  /** `[]` = no parts replaced. */
  partsReplaced: WorkOrderPartReplacedV1[];
  labourHours: number;
  travelHours: number;
  /** Technician visits (person-times) the job took. */
  personTimes: number;
  customerAcceptance: WorkOrderSignatureV1;
}

/** How many candidates each hard filter rejected in one assignment decision. */
export interface WorkOrderRejectionCountsV1 {
  skill: number;
  product_line: number;
  zone: number;
  off_shift: number;
  capacity: number;
  inactive: number;
  declined: number;
}

// ---------------------------------------------------------------------------------------------
// Event data
// ---------------------------------------------------------------------------------------------

export interface WorkOrderCreatedV1 extends WorkOrderEventBaseV1 {
  type: WorkOrderType;
  priority: WorkOrderPriority;
  site: WorkOrderSiteV1;
  product: { model: string; line: string };
  serialNo: string;
  requiredSkills: string[];
  arrivalDeadline: string;
  completionDeadline: string;
  createdAt: string;
}

export interface WorkOrderAssignedV1 extends WorkOrderEventBaseV1 {
  technicianId: string;
  /** True when a dispatcher named the technician instead of the automatic ranking. */
  override: boolean;
  /** The dispatcher who overrode; null for an automatic decision. */
  decidedBy: string | null;
  reason: string | null;
  /** 1 for the first assignment decision of the order, 2 after a decline, ... */
  attempt: number;
  /** The winner's ranking score (0 when a dispatcher overrode the filters). */
  score: number;
  etaMinutes: number;
  canMeetDeadline: boolean;
  evaluatedCandidates: number;
  eligibleCandidates: number;
  arrivalDeadline: string;
  assignedAt: string;
  /**
   * A dispatcher's reassignment: the technician the order was taken from (their slot is freed).
   * Null when the order had no technician (first assignment, after a decline). Added to v1: absent
   * in events published before.
   */
  previousTechnicianId?: string | null;
}

export interface WorkOrderUnassignedV1 extends WorkOrderEventBaseV1 {
  attempt: number;
  evaluatedCandidates: number;
  rejections: WorkOrderRejectionCountsV1;
  decidedAt: string;
}

export interface WorkOrderAcceptedV1 extends WorkOrderEventBaseV1 {
  technicianId: string;
  acceptedAt: string;
}

export interface WorkOrderDeclinedV1 extends WorkOrderEventBaseV1 {
  technicianId: string;
  reason: string;
  declineCount: number;
  declinedAt: string;
}

export interface WorkOrderScheduledV1 extends WorkOrderEventBaseV1 {
  technicianId: string;
  windowStart: string;
  windowEnd: string;
  agreedWith: string | null;
  rescheduled: boolean;
  /** The window starts after the arrival deadline (the customer chose a later time). */
  beyondArrivalDeadline: boolean;
  scheduledAt: string;
}

/**
 * The customer asked for a later appointment (source 004 §1.2): the order waits for the agreed
 * window with its arrival clock paused until the window starts. An order waiting so reads
 * `scheduled` in the `status` fields of v1 events (a new enum value would break v1).
 */
export interface WorkOrderAwaitingCustomerV1 extends WorkOrderEventBaseV1 {
  technicianId: string;
  windowStart: string;
  windowEnd: string;
  agreedWith: string | null;
  /** The arrival deadline once the clock runs again at `windowStart` (the time already used kept). */
  arrivalDeadline: string;
  requestedAt: string;
}

export interface WorkOrderEnRouteV1 extends WorkOrderEventBaseV1 {
  technicianId: string;
  estimatedArrivalAt: string | null;
  departedAt: string;
}

export interface WorkOrderOnSiteV1 extends WorkOrderEventBaseV1 {
  technicianId: string;
  arrivalDeadline: string;
  onTime: boolean;
  arrivedAt: string;
}

export interface WorkOrderStartedV1 extends WorkOrderEventBaseV1 {
  technicianId: string;
  /** `on_site` at the customer, `workshop` for a carried-in item. */
  mode: 'on_site' | 'workshop';
  startedAt: string;
}

export interface WorkOrderAwaitingPartsV1 extends WorkOrderEventBaseV1 {
  technicianId: string;
  parts: WorkOrderPartNeededV1[];
  neededBy: string | null;
  shipTo: WorkOrderSiteV1;
  productModel: string;
  serialNo: string;
  requestedAt: string;
}

export interface WorkOrderResumedV1 extends WorkOrderEventBaseV1 {
  technicianId: string;
  waitedMinutes: number;
  resumedAt: string;
}

export interface WorkOrderCompletedV1 extends WorkOrderEventBaseV1 {
  technicianId: string;
  type: WorkOrderType;
  productModel: string;
  productLine: string;
  serialNo: string;
  report: WorkOrderServiceReportV1;
  carriedIn: boolean;
  reworkCount: number;
  onTimeArrival: boolean;
  completedAt: string;
}

export interface WorkOrderCarriedInV1 extends WorkOrderEventBaseV1 {
  technicianId: string;
  receiptNo: string;
  serialNo: string;
  promisedReturnDate: string;
  takenAt: string;
}

export interface WorkOrderRepairCardUpdatedV1 extends WorkOrderEventBaseV1 {
  technicianId: string;
  receiptNo: string;
  actualHours: number;
  parts: WorkOrderPartReplacedV1[];
  notes: string | null;
  updatedAt: string;
}

export interface WorkOrderRepairedV1 extends WorkOrderEventBaseV1 {
  technicianId: string;
  receiptNo: string;
  actualHours: number;
  parts: WorkOrderPartReplacedV1[];
  inspectedBy: string;
  remarks: string | null;
  inspectedAt: string;
}

export interface WorkOrderReturnedV1 extends WorkOrderEventBaseV1 {
  technicianId: string;
  receiptNo: string;
  promisedReturnDate: string;
  late: boolean;
  signature: WorkOrderSignatureV1;
  returnedAt: string;
}

export interface WorkOrderVerifiedV1 extends WorkOrderEventBaseV1 {
  technicianId: string;
  verifiedBy: string;
  remarks: string | null;
  reworkCount: number;
  verifiedAt: string;
}

export interface WorkOrderReworkRequiredV1 extends WorkOrderEventBaseV1 {
  technicianId: string;
  inspectedBy: string;
  reason: string;
  reworkCount: number;
  requiredAt: string;
}

export interface WorkOrderClosedV1 extends WorkOrderEventBaseV1 {
  technicianId: string;
  closedBy: string;
  closedAt: string;
}

/**
 * Why a work order was cancelled, for the case's owner: `case_cancelled` the case was withdrawn
 * (nothing to do); `replan` the job must be set up again (the case is re-routed, a new order);
 * `customer_request`, `other` the agent decides (docs/domain.md, cancellation).
 */
export type WorkOrderCancellationReasonCode = 'case_cancelled' | 'replan' | 'customer_request' | 'other';

export interface WorkOrderCancelledV1 extends WorkOrderEventBaseV1 {
  /** The technician who held the order (their capacity is freed), or null. */
  technicianId: string | null;
  reason: string;
  cancelledBy: string;
  previousStatus: WorkOrderStatus;
  cancelledAt: string;
  /** Optional: added to v1 after its release; absent (an older dispatch) means `other`. */
  reasonCode?: WorkOrderCancellationReasonCode;
}

export interface WorkOrderEscalatedV1 extends WorkOrderEventBaseV1 {
  reason: WorkOrderEscalationReason;
  escalatedTo: 'dispatcher';
  status: WorkOrderStatus;
  technicianId: string | null;
  note: string | null;
  raisedBy: string | null;
  escalatedAt: string;
  /** The level of the tenant's escalation chain reached. Absent from older producers (dispatcher). */
  level?: string;
  /** The chain step, 1 = its first level. Absent from older producers (1). */
  step?: number;
}

/** The reasons of escalated.v2: v1's and the technician-arranged breach. */
export type WorkOrderEscalationReasonV2 = WorkOrderEscalationReason | 'technician_not_arranged';

/** The order's state as v2 events name it: `awaiting_customer` included. */
export type WorkOrderStatusV2 = WorkOrderStatus | 'awaiting_customer';

/**
 * An escalation v1 cannot name (reason `technician_not_arranged`); every other escalation is still
 * published as v1. Level and step are always given; there is no `escalatedTo`.
 */
export interface WorkOrderEscalatedV2 extends WorkOrderEventBaseV1 {
  reason: WorkOrderEscalationReasonV2;
  level: string;
  step: number;
  status: WorkOrderStatusV2;
  technicianId: string | null;
  note: string | null;
  raisedBy: string | null;
  escalatedAt: string;
}

/** No technician had accepted the order by its technician-arranged deadline (24 h from routing by default). */
export interface WorkOrderTechnicianArrangementOverdueV1 extends WorkOrderEventBaseV1 {
  technicianId: string | null;
  technicianArrangedDeadline: string;
  /** The late acceptance, or null when no technician has accepted the order yet. */
  acceptedAt: string | null;
  minutesLate: number;
  status: WorkOrderStatusV2;
  detectedAt: string;
}

export interface WorkOrderArrivalDeadlineBreachedV1 extends WorkOrderEventBaseV1 {
  technicianId: string | null;
  arrivalDeadline: string;
  /** The late arrival, or null when the technician is still not on site. */
  arrivedAt: string | null;
  minutesLate: number;
  status: WorkOrderStatus;
  detectedAt: string;
}

export interface WorkOrderCompletionOverdueV1 extends WorkOrderEventBaseV1 {
  technicianId: string | null;
  completionDeadline: string;
  /** The late completion, or null when the order is still not completed. */
  completedAt: string | null;
  minutesLate: number;
  status: WorkOrderStatus;
  detectedAt: string;
}

/**
 * The technician found misuse on the job: charged (class A) even in warranty or under contract.
 * The order is class A from now on (the technician collects payment; the completion asks the ERP
 * for an invoice); the case's owner may set the case's fee class to A.
 */
export interface WorkOrderMisuseFlaggedV1 extends WorkOrderEventBaseV1 {
  technicianId: string;
  note: string;
  flaggedBy: string;
  /** The fee class the case came with (null: undecided). */
  previousFeeClass: 'A' | 'B' | 'C' | 'D' | null;
  feeClass: 'A';
  flaggedAt: string;
}

export interface WorkOrderRepeatRepairDetectedV1 extends WorkOrderEventBaseV1 {
  serialNo: string;
  productModel: string;
  faultCategory: string;
  technicianId: string | null;
  completedAt: string;
  previousWorkOrderId: string;
  previousCaseId: string;
  previousTechnicianId: string | null;
  previousCompletedAt: string;
  daysBetween: number;
  windowDays: number;
}

/** Event data by type name. */
export interface WorkOrderEventDataV1 {
  [WORK_ORDER_CREATED_V1]: WorkOrderCreatedV1;
  [WORK_ORDER_ASSIGNED_V1]: WorkOrderAssignedV1;
  [WORK_ORDER_UNASSIGNED_V1]: WorkOrderUnassignedV1;
  [WORK_ORDER_ACCEPTED_V1]: WorkOrderAcceptedV1;
  [WORK_ORDER_DECLINED_V1]: WorkOrderDeclinedV1;
  [WORK_ORDER_SCHEDULED_V1]: WorkOrderScheduledV1;
  [WORK_ORDER_AWAITING_CUSTOMER_V1]: WorkOrderAwaitingCustomerV1;
  [WORK_ORDER_EN_ROUTE_V1]: WorkOrderEnRouteV1;
  [WORK_ORDER_ON_SITE_V1]: WorkOrderOnSiteV1;
  [WORK_ORDER_STARTED_V1]: WorkOrderStartedV1;
  [WORK_ORDER_AWAITING_PARTS_V1]: WorkOrderAwaitingPartsV1;
  [WORK_ORDER_RESUMED_V1]: WorkOrderResumedV1;
  [WORK_ORDER_COMPLETED_V1]: WorkOrderCompletedV1;
  [WORK_ORDER_CARRIED_IN_V1]: WorkOrderCarriedInV1;
  [WORK_ORDER_REPAIR_CARD_UPDATED_V1]: WorkOrderRepairCardUpdatedV1;
  [WORK_ORDER_REPAIRED_V1]: WorkOrderRepairedV1;
  [WORK_ORDER_RETURNED_V1]: WorkOrderReturnedV1;
  [WORK_ORDER_VERIFIED_V1]: WorkOrderVerifiedV1;
  [WORK_ORDER_REWORK_REQUIRED_V1]: WorkOrderReworkRequiredV1;
  [WORK_ORDER_CLOSED_V1]: WorkOrderClosedV1;
  [WORK_ORDER_CANCELLED_V1]: WorkOrderCancelledV1;
  [WORK_ORDER_ESCALATED_V1]: WorkOrderEscalatedV1;
  [WORK_ORDER_ARRIVAL_DEADLINE_BREACHED_V1]: WorkOrderArrivalDeadlineBreachedV1;
  [WORK_ORDER_COMPLETION_OVERDUE_V1]: WorkOrderCompletionOverdueV1;
  [WORK_ORDER_REPEAT_REPAIR_DETECTED_V1]: WorkOrderRepeatRepairDetectedV1;
  [WORK_ORDER_MISUSE_FLAGGED_V1]: WorkOrderMisuseFlaggedV1;
  [WORK_ORDER_ESCALATED_V2]: WorkOrderEscalatedV2;
  [WORK_ORDER_TECHNICIAN_ARRANGEMENT_OVERDUE_V1]: WorkOrderTechnicianArrangementOverdueV1;
}

export type WorkOrderEventV1 = {
  [T in WorkOrderEventType]: { type: T; data: WorkOrderEventDataV1[T] };
}[WorkOrderEventType];
