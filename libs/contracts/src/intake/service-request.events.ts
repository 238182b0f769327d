/**
 * Public events of intake's `ServiceRequest` (the service case) for consumers.
 * Topic `intake.public.service-request.events.v1`, key = case id (also `ce_subject` / `ce_caseid`).
 * One JSON Schema per type in `libs/contracts/schemas/<type>.json`, an example in
 * `libs/contracts/examples/<type>.json`.
 *
 * The intake domain records exactly these shapes (it imports them), and its contract spec checks
 * every recorded event against the schemas.
 *
 * Conventions: every timestamp is an ISO 8601 UTC string, calendar dates are `YYYY-MM-DD`, absent
 * values are `null` (never missing), and every event carries `caseId` and `tenantId`.
 */

// ---------------------------------------------------------------------------------------------
// Event types
// ---------------------------------------------------------------------------------------------

export const SERVICE_REQUEST_REGISTERED_V1 = 'aftercare.intake.service-request.registered.v1';
export const SERVICE_REQUEST_ACKNOWLEDGED_V1 = 'aftercare.intake.service-request.acknowledged.v1';
export const SERVICE_REQUEST_ROUTED_V1 = 'aftercare.intake.service-request.routed.v1';
export const SERVICE_REQUEST_UPDATED_V1 = 'aftercare.intake.service-request.updated.v1';
export const SERVICE_REQUEST_DUPLICATE_LINKED_V1 = 'aftercare.intake.service-request.duplicate-linked.v1';
export const SERVICE_REQUEST_REJECTED_V1 = 'aftercare.intake.service-request.rejected.v1';
export const SERVICE_REQUEST_SLA_BREACHED_V1 = 'aftercare.intake.service-request.sla-breached.v1';
export const SERVICE_REQUEST_ESCALATED_V1 = 'aftercare.intake.service-request.escalated.v1';
export const SERVICE_REQUEST_RESOLVED_V1 = 'aftercare.intake.service-request.resolved.v1';
export const SERVICE_REQUEST_CONFIRMED_V1 = 'aftercare.intake.service-request.confirmed.v1';
export const SERVICE_REQUEST_CLOSED_V1 = 'aftercare.intake.service-request.closed.v1';
export const SERVICE_REQUEST_CANCELLED_V1 = 'aftercare.intake.service-request.cancelled.v1';
export const SERVICE_REQUEST_REOPENED_V1 = 'aftercare.intake.service-request.reopened.v1';
export const SERVICE_REQUEST_QUALITY_PROBLEM_FLAGGED_V1 = 'aftercare.intake.service-request.quality-problem-flagged.v1';
/** An SLA clock's escalation step, naming the level reached (escalated.v1 names its number only). */
export const SERVICE_REQUEST_CLOCK_ESCALATED_V1 = 'aftercare.intake.service-request.clock-escalated.v1';
/** routed and resolved of a class D case (internal work): v1's fee class cannot name D (ADR 0044). */
export const SERVICE_REQUEST_ROUTED_V2 = 'aftercare.intake.service-request.routed.v2';
export const SERVICE_REQUEST_RESOLVED_V2 = 'aftercare.intake.service-request.resolved.v2';

/** Every event type the service request produces, by short name. */
export const SERVICE_REQUEST_EVENT_TYPES = {
  registered: SERVICE_REQUEST_REGISTERED_V1,
  acknowledged: SERVICE_REQUEST_ACKNOWLEDGED_V1,
  routed: SERVICE_REQUEST_ROUTED_V1,
  updated: SERVICE_REQUEST_UPDATED_V1,
  duplicateLinked: SERVICE_REQUEST_DUPLICATE_LINKED_V1,
  rejected: SERVICE_REQUEST_REJECTED_V1,
  slaBreached: SERVICE_REQUEST_SLA_BREACHED_V1,
  escalated: SERVICE_REQUEST_ESCALATED_V1,
  clockEscalated: SERVICE_REQUEST_CLOCK_ESCALATED_V1,
  resolved: SERVICE_REQUEST_RESOLVED_V1,
  confirmed: SERVICE_REQUEST_CONFIRMED_V1,
  closed: SERVICE_REQUEST_CLOSED_V1,
  cancelled: SERVICE_REQUEST_CANCELLED_V1,
  reopened: SERVICE_REQUEST_REOPENED_V1,
  qualityProblemFlagged: SERVICE_REQUEST_QUALITY_PROBLEM_FLAGGED_V1,
  routedV2: SERVICE_REQUEST_ROUTED_V2,
  resolvedV2: SERVICE_REQUEST_RESOLVED_V2,
} as const;

export type ServiceRequestEventType = (typeof SERVICE_REQUEST_EVENT_TYPES)[keyof typeof SERVICE_REQUEST_EVENT_TYPES];

// ---------------------------------------------------------------------------------------------
// Value types shared by the events
// ---------------------------------------------------------------------------------------------

export type ServiceRequestChannel = 'phone' | 'email' | 'web_form' | 'wechat' | 'walk_in' | 'letter' | 'fax' | 'crm' | 'cti';

export type ServiceRequestType =
  | 'repair'
  | 'installation'
  | 'commissioning'
  | 'maintenance'
  | 'training'
  | 'consultation'
  | 'return_exchange'
  | 'quality_complaint'
  | 'service_complaint'
  | 'suggestion';

export type ServiceRequestZone = 'city' | 'suburb' | 'remote';

export type ServiceRequestStatus =
  | 'received'
  | 'registered'
  | 'acknowledged'
  | 'in_progress'
  | 'resolved'
  | 'confirmed'
  | 'closed'
  | 'rejected'
  | 'cancelled'
  | 'reopened';

export type ServiceRequestSeverity = 'critical' | 'major' | 'minor';
export type ServiceRequestUrgency = 'high' | 'normal' | 'low';
export type ServiceRequestPriority = 'P1' | 'P2' | 'P3' | 'P4';

/** Coverage found in the installed base. */
export type ServiceRequestEntitlement = 'in_warranty' | 'contract' | 'out_of_warranty' | 'unknown';
/** A = paid (quotation), B = paid by a maintenance contract, C = free (warranty). */
/** The fee classes the v1 events name: A paid (quotation), B maintenance contract, C free in warranty. */
export type ServiceRequestFeeClassV1 = 'A' | 'B' | 'C';
/** A job's fee class: v1's and D, internal work (never invoiced), which only v2 events carry. */
export type ServiceRequestFeeClass = ServiceRequestFeeClassV1 | 'D';
export type ServiceRequestEntitlementReason =
  | 'warranty_valid'
  | 'contract_valid'
  | 'misuse_charged'
  | 'warranty_expired'
  | 'no_warranty'
  | 'contract_not_yet_valid'
  | 'contract_expired'
  | 'no_installed_base_record'
  | 'model_mismatch'
  | 'purchase_after_case_date'
  | 'agent_decision';

/** Who takes the case on after intake. */
export type ServiceRequestRouteTarget = 'dispatch' | 'claims' | 'agent' | 'review';
/** A piece of downstream work the case waits for. */
export type ServiceRequestWorkKind = 'work_order' | 'claim' | 'agent' | 'review';

export type ServiceRequestRejectReason = 'invalid' | 'duplicate';
export type ServiceRequestConfirmedBy = 'customer' | 'silence' | 'survey' | 'agent';
export type ServiceRequestCloseReason = 'survey_completed' | 'manual';
export type ServiceRequestReopenReason = 'customer_dispute' | 'low_survey_score';
export type ServiceRequestCancelledBy = 'customer' | 'agent' | 'integration';
export type ServiceRequestEscalationReason = 'sla_breach' | 'manual' | 'customer_request' | 'downstream';

export type ServiceRequestUpdatedField =
  | 'customer'
  | 'product'
  | 'problemDescription'
  | 'preferredTime'
  | 'requestedType'
  | 'externalRef'
  | 'attachments'
  | 'information'
  | 'classification'
  | 'entitlement'
  | 'misuse'
  | 'work';

export interface ServiceRequestCustomerV1 {
  customerId: string | null;
  name: string;
  contactPerson: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  zone: ServiceRequestZone | null;
}

/** The customer as far as known; before registration the name may still be missing. */
export interface ServiceRequestCustomerDraftV1 extends Omit<ServiceRequestCustomerV1, 'name'> {
  name: string | null;
}

export interface ServiceRequestProductV1 {
  model: string | null;
  serialNumber: string | null;
  /** `YYYY-MM-DD` as declared on the case. */
  purchaseDate: string | null;
}

export interface ServiceRequestAttachmentV1 {
  id: string;
  name: string;
  uri: string;
  contentType?: string;
}

export interface ServiceRequestPreferredTimeV1 {
  from: string;
  to: string | null;
}

export interface ServiceRequestClassificationV1 {
  severity: ServiceRequestSeverity;
  urgency: ServiceRequestUrgency;
  priority: ServiceRequestPriority;
}

export interface ServiceRequestEntitlementV1 {
  entitlement: ServiceRequestEntitlement;
  /** null while the entitlement is `unknown` (flagged for the agent). */
  feeClass: ServiceRequestFeeClassV1 | null;
  reason: ServiceRequestEntitlementReason;
  contractId: string | null;
  /** The case is flagged as misuse: charged (class A) even in warranty or under contract. */
  misuse: boolean;
  decidedAt: string;
}

export interface ServiceRequestSiteV1 {
  address: string | null;
  zone: ServiceRequestZone | null;
}

export interface ServiceRequestWorkItemV1 {
  kind: ServiceRequestWorkKind;
  reference: string;
  startedAt: string;
  completedAt: string | null;
}

export interface ServiceRequestAddedInformationV1 {
  text: string | null;
  attachmentIds: string[];
  addedBy: string | null;
  addedAt: string;
}

// ---------------------------------------------------------------------------------------------
// Event data
// ---------------------------------------------------------------------------------------------

interface ServiceRequestEventBaseV1 {
  caseId: string;
  tenantId: string;
}

/** The case is complete, classified and checked against the installed base. Full snapshot. */
export interface ServiceRequestRegisteredV1 extends ServiceRequestEventBaseV1 {
  channel: ServiceRequestChannel;
  externalRef: string | null;
  receivedAt: string;
  registeredAt: string;
  requestedType: ServiceRequestType;
  customer: ServiceRequestCustomerV1;
  product: ServiceRequestProductV1;
  problemDescription: string;
  attachments: ServiceRequestAttachmentV1[];
  preferredTime: ServiceRequestPreferredTimeV1 | null;
  classification: ServiceRequestClassificationV1;
  entitlement: ServiceRequestEntitlementV1;
  /** The service agreement covering the asset at receipt, or null. Absent from older producers. */
  serviceAgreement?: ServiceRequestServiceAgreementV1 | null;
  /** Flagged a quality problem at registration. Absent from older producers (false). */
  qualityProblem?: boolean;
}

/** The customer is to be told the case was received (notification gateway input). */
export interface ServiceRequestAcknowledgedV1 extends ServiceRequestEventBaseV1 {
  acknowledgedAt: string;
  channel: ServiceRequestChannel;
  externalRef: string | null;
  requestedType: ServiceRequestType;
  priority: ServiceRequestPriority;
  customer: ServiceRequestCustomerV1;
}

/**
 * The case is handed to its owner. Carries everything dispatch (or claims) needs to open its own
 * aggregate without calling intake back.
 */
export interface ServiceRequestRoutedV1 extends ServiceRequestEventBaseV1 {
  routedAt: string;
  target: ServiceRequestRouteTarget;
  /** true when the case is routed again: after a reopening, or after its work order was cancelled for re-planning. */
  reroute: boolean;
  channel: ServiceRequestChannel;
  externalRef: string | null;
  requestedType: ServiceRequestType;
  classification: ServiceRequestClassificationV1;
  priority: ServiceRequestPriority;
  site: ServiceRequestSiteV1;
  customer: ServiceRequestCustomerV1;
  product: ServiceRequestProductV1;
  problemDescription: string;
  attachments: ServiceRequestAttachmentV1[];
  preferredTime: ServiceRequestPreferredTimeV1 | null;
  entitlement: ServiceRequestEntitlementV1;
  feeClass: ServiceRequestFeeClassV1 | null;
  /** When the customer's request reached us; deadlines counted from the call start here. Absent from older producers. */
  receivedAt?: string;
  /** The service agreement covering the asset at receipt, or null. Absent from older producers. */
  serviceAgreement?: ServiceRequestServiceAgreementV1 | null;
  /** Flagged a quality problem: the work order is due on site within 8 h. Absent from older producers (false). */
  qualityProblem?: boolean;
}

/** A service agreement from the installed base's service contract (level selects the tenant's policies). */
export interface ServiceRequestServiceAgreementV1 {
  id: string;
  level: string;
  /** ISO date or null when open-ended. */
  validFrom: string | null;
  validTo: string | null;
}

/**
 * Something about the case changed. `changedFields` names the groups; each named group is present
 * with its new, complete value (absent groups did not change).
 */
export interface ServiceRequestUpdatedV1 extends ServiceRequestEventBaseV1 {
  updatedAt: string;
  status: ServiceRequestStatus;
  changedFields: ServiceRequestUpdatedField[];
  customer?: ServiceRequestCustomerDraftV1;
  product?: ServiceRequestProductV1;
  problemDescription?: string | null;
  preferredTime?: ServiceRequestPreferredTimeV1 | null;
  requestedType?: ServiceRequestType | null;
  externalRef?: string | null;
  attachments?: ServiceRequestAttachmentV1[];
  addedInformation?: ServiceRequestAddedInformationV1;
  classification?: ServiceRequestClassificationV1;
  entitlement?: ServiceRequestEntitlementV1 | null;
  misuse?: boolean;
  work?: ServiceRequestWorkItemV1[];
}

/** A later case for the same customer, serial and type was merged into this one (the survivor). */
export interface ServiceRequestDuplicateLinkedV1 extends ServiceRequestEventBaseV1 {
  linkedAt: string;
  duplicateCaseId: string;
  duplicateChannel: ServiceRequestChannel;
  duplicateExternalRef: string | null;
  duplicateReceivedAt: string;
  duplicateProblemDescription: string | null;
  duplicateAttachments: ServiceRequestAttachmentV1[];
}

/** The case will not be handled: invalid, or merged into `duplicateOf`. */
export interface ServiceRequestRejectedV1 extends ServiceRequestEventBaseV1 {
  rejectedAt: string;
  reason: ServiceRequestRejectReason;
  duplicateOf: string | null;
  note: string | null;
  previousStatus: ServiceRequestStatus;
  channel: ServiceRequestChannel;
  externalRef: string | null;
}

export interface ServiceRequestSlaBreachedV1 extends ServiceRequestEventBaseV1 {
  /** The clock that ran out, e.g. `reply`, `technician_arranged`, `arrival`. */
  clock: string;
  dueAt: string;
  breachedAt: string;
  status: ServiceRequestStatus;
  priority: ServiceRequestPriority | null;
}

export interface ServiceRequestEscalatedV1 extends ServiceRequestEventBaseV1 {
  escalatedAt: string;
  /** 1 = first step of the tenant's escalation chain (default: dispatcher → service manager → deputy GM). */
  level: number;
  previousLevel: number;
  reason: ServiceRequestEscalationReason;
  note: string | null;
  status: ServiceRequestStatus;
  priority: ServiceRequestPriority | null;
}

/**
 * An SLA clock of the case reached a step of the tenant's escalation chain. Not a fact of the case
 * (its escalation is `escalated`): the clock's scheduler publishes it in the same case write, with
 * the notification requests to the people at the level it names.
 */
export interface ServiceRequestClockEscalatedV1 extends ServiceRequestEventBaseV1 {
  /** The clock that ran out, e.g. `reply`. */
  clock: string;
  /** 1 = the chain's first level (the case's escalation level). */
  step: number;
  /** The level reached: dispatcher, service_manager, deputy_gm, or a tenant's own. */
  level: string;
  escalatedAt: string;
  status: ServiceRequestStatus;
  priority: ServiceRequestPriority | null;
}

export interface ServiceRequestResolvedV1 extends ServiceRequestEventBaseV1 {
  resolvedAt: string;
  summary: string | null;
  requestedType: ServiceRequestType;
  work: ServiceRequestWorkItemV1[];
  feeClass: ServiceRequestFeeClassV1 | null;
  reopenCount: number;
}

/** routed.v1 for a case whose fee class v1 cannot name: internal work, class D (ADR 0044). */
export interface ServiceRequestRoutedV2 extends Omit<ServiceRequestRoutedV1, 'feeClass'> {
  /** The job's fee class: D for internal work (the entitlement keeps naming the asset's coverage). */
  feeClass: ServiceRequestFeeClass | null;
}

/** A routed case of either version: v2 differs from v1 only in naming fee class D. */
export type ServiceRequestRouted = ServiceRequestRoutedV1 | ServiceRequestRoutedV2;

/** resolved.v1 for a case whose fee class v1 cannot name: internal work, class D (ADR 0044). */
export interface ServiceRequestResolvedV2 extends Omit<ServiceRequestResolvedV1, 'feeClass'> {
  feeClass: ServiceRequestFeeClass | null;
}

export interface ServiceRequestConfirmedV1 extends ServiceRequestEventBaseV1 {
  confirmedAt: string;
  confirmedBy: ServiceRequestConfirmedBy;
  resolvedAt: string;
}

export interface ServiceRequestClosedV1 extends ServiceRequestEventBaseV1 {
  closedAt: string;
  reason: ServiceRequestCloseReason;
  requestedType: ServiceRequestType;
  reopenCount: number;
}

export interface ServiceRequestCancelledV1 extends ServiceRequestEventBaseV1 {
  cancelledAt: string;
  reason: string;
  cancelledBy: ServiceRequestCancelledBy;
  previousStatus: ServiceRequestStatus;
  externalRef: string | null;
  /** Downstream work still open: its owners should stop it. */
  openWork: ServiceRequestWorkItemV1[];
  /**
   * The current routing round (null: never routed). Optional: added to v1 after its release, so
   * events from an older intake lack it. Dispatch derives the round's work order from it, also
   * one no technician has taken yet (not in `openWork`).
   */
  routing?: ServiceRequestRoutingV1 | null;
}

/** A routing round of the case: where it went, when, which round. */
export interface ServiceRequestRoutingV1 {
  target: ServiceRequestRouteTarget;
  routedAt: string;
  round: number;
}

export interface ServiceRequestReopenedV1 extends ServiceRequestEventBaseV1 {
  reopenedAt: string;
  reason: ServiceRequestReopenReason;
  note: string | null;
  previousStatus: ServiceRequestStatus;
  reopenCount: number;
  requestedType: ServiceRequestType;
  priority: ServiceRequestPriority | null;
  routeTarget: ServiceRequestRouteTarget | null;
}

/** Who flagged a case a quality problem after registration. */
export type ServiceRequestQualityProblemSource = 'registration' | 'agent' | 'quality_complaint';

/** A field-service case became a quality problem after registration: its work order is due on site within 8 h. */
export interface ServiceRequestQualityProblemFlaggedV1 extends ServiceRequestEventBaseV1 {
  flaggedAt: string;
  source: ServiceRequestQualityProblemSource;
  status: ServiceRequestStatus;
  requestedType: ServiceRequestType;
  /** The current routing round; null when not routed yet (the flag then travels on `routed`). */
  routing: ServiceRequestRoutingV1 | null;
}

/** Event type → data, for typed handlers. */
export interface ServiceRequestEventDataMap {
  [SERVICE_REQUEST_REGISTERED_V1]: ServiceRequestRegisteredV1;
  [SERVICE_REQUEST_ACKNOWLEDGED_V1]: ServiceRequestAcknowledgedV1;
  [SERVICE_REQUEST_ROUTED_V1]: ServiceRequestRoutedV1;
  [SERVICE_REQUEST_UPDATED_V1]: ServiceRequestUpdatedV1;
  [SERVICE_REQUEST_DUPLICATE_LINKED_V1]: ServiceRequestDuplicateLinkedV1;
  [SERVICE_REQUEST_REJECTED_V1]: ServiceRequestRejectedV1;
  [SERVICE_REQUEST_SLA_BREACHED_V1]: ServiceRequestSlaBreachedV1;
  [SERVICE_REQUEST_ESCALATED_V1]: ServiceRequestEscalatedV1;
  [SERVICE_REQUEST_CLOCK_ESCALATED_V1]: ServiceRequestClockEscalatedV1;
  [SERVICE_REQUEST_RESOLVED_V1]: ServiceRequestResolvedV1;
  [SERVICE_REQUEST_ROUTED_V2]: ServiceRequestRoutedV2;
  [SERVICE_REQUEST_RESOLVED_V2]: ServiceRequestResolvedV2;
  [SERVICE_REQUEST_CONFIRMED_V1]: ServiceRequestConfirmedV1;
  [SERVICE_REQUEST_CLOSED_V1]: ServiceRequestClosedV1;
  [SERVICE_REQUEST_CANCELLED_V1]: ServiceRequestCancelledV1;
  [SERVICE_REQUEST_REOPENED_V1]: ServiceRequestReopenedV1;
  [SERVICE_REQUEST_QUALITY_PROBLEM_FLAGGED_V1]: ServiceRequestQualityProblemFlaggedV1;
}
