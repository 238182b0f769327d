/**
 * Value types of the service case. The string unions are the public contract (see
 * service-request.events.ts); the arrays here are the runtime lists the domain validates against.
 */
import type {
  ServiceRequestCancelledBy,
  ServiceRequestChannel,
  ServiceRequestCloseReason,
  ServiceRequestConfirmedBy,
  ServiceRequestRejectReason,
  ServiceRequestEscalationReason,
  ServiceRequestReopenReason,
  ServiceRequestType,
  ServiceRequestWorkKind,
  ServiceRequestZone,
} from './service-request.events';

export type Channel = ServiceRequestChannel;
export type RequestType = ServiceRequestType;
export type Zone = ServiceRequestZone;
export type WorkKind = ServiceRequestWorkKind;
export type ConfirmedBy = ServiceRequestConfirmedBy;
export type CloseReason = ServiceRequestCloseReason;
export type ReopenReason = ServiceRequestReopenReason;
export type CancelledBy = ServiceRequestCancelledBy;
export type EscalationReason = ServiceRequestEscalationReason;
export type RejectReason = ServiceRequestRejectReason;

export const CHANNELS = [
  'phone',
  'email',
  'web_form',
  'wechat',
  'walk_in',
  'letter',
  'fax',
  'crm',
  'cti',
] as const satisfies readonly Channel[];

export const REQUEST_TYPES = [
  'repair',
  'installation',
  'commissioning',
  'maintenance',
  'training',
  'consultation',
  'return_exchange',
  'quality_complaint',
  'service_complaint',
  'suggestion',
] as const satisfies readonly RequestType[];

export const ZONES = ['city', 'suburb', 'remote'] as const satisfies readonly Zone[];
export const WORK_KINDS = ['work_order', 'claim', 'agent', 'review'] as const satisfies readonly WorkKind[];
export const CLOSE_REASONS = ['survey_completed', 'manual'] as const satisfies readonly CloseReason[];
export const REOPEN_REASONS = ['customer_dispute', 'low_survey_score'] as const satisfies readonly ReopenReason[];
export const CANCELLED_BY = ['customer', 'agent', 'integration'] as const satisfies readonly CancelledBy[];
export const ESCALATION_REASONS = [
  'sla_breach',
  'manual',
  'customer_request',
  'downstream',
] as const satisfies readonly EscalationReason[];

/** Types a technician goes out for: routed to dispatch, need a site address and zone. */
export const FIELD_SERVICE_TYPES = [
  'repair',
  'installation',
  'commissioning',
  'maintenance',
  'training',
] as const satisfies readonly RequestType[];

/** Types handled by claims (quality claim, service complaint, RMA). */
export const CLAIM_TYPES = ['return_exchange', 'quality_complaint', 'service_complaint'] as const satisfies readonly RequestType[];

/** Types about a specific product: the product model is required to register them. */
export const PRODUCT_TYPES = [
  'repair',
  'installation',
  'commissioning',
  'maintenance',
  'return_exchange',
  'quality_complaint',
] as const satisfies readonly RequestType[];

export const isFieldServiceType = (type: RequestType): boolean => (FIELD_SERVICE_TYPES as readonly string[]).includes(type);
export const isClaimType = (type: RequestType): boolean => (CLAIM_TYPES as readonly string[]).includes(type);
export const isProductType = (type: RequestType): boolean => (PRODUCT_TYPES as readonly string[]).includes(type);
/** Work that may be charged needs a decided entitlement (fee class) before it is routed. */
export const needsEntitlement = (type: RequestType): boolean => isFieldServiceType(type) || isClaimType(type);

/** The customer as known when the case was taken (a copy, not a reference to the customer record). */
export interface CustomerSnapshot {
  customerId: string | null;
  name: string | null;
  contactPerson: string | null;
  phone: string | null;
  email: string | null;
  /** The site address: where a technician goes. */
  address: string | null;
  zone: Zone | null;
}

export interface ProductInfo {
  model: string | null;
  serialNumber: string | null;
  /** Calendar date `YYYY-MM-DD` as declared by the customer. */
  purchaseDate: string | null;
}

/** A reference to a file stored elsewhere; the case never holds the content. */
export interface Attachment {
  id: string;
  name: string;
  uri: string;
  contentType?: string;
}

export interface PreferredTime {
  from: Date;
  to: Date | null;
}

/** Information added to the case after it was taken ("added-information notes"). */
export interface InformationNote {
  text: string | null;
  attachmentIds: string[];
  addedBy: string | null;
  addedAt: Date;
  /** Set when the note was merged in from a duplicate case. */
  sourceCaseId: string | null;
}

/** Downstream work the case waits for (a work order, a claim, the agent's answer, a review). */
export interface WorkItem {
  kind: WorkKind;
  reference: string;
  startedAt: Date;
  completedAt: Date | null;
}

export interface SlaBreach {
  clock: string;
  dueAt: Date;
  breachedAt: Date;
}

export interface Escalation {
  level: number;
  reason: EscalationReason;
  note: string | null;
  at: Date;
}

export interface LinkedDuplicate {
  caseId: string;
  channel: Channel;
  externalRef: string | null;
  receivedAt: Date;
  linkedAt: Date;
}

export interface Reopening {
  reason: ReopenReason;
  note: string | null;
  at: Date;
  previousStatus: 'resolved' | 'confirmed' | 'closed';
  /** The resolution that was disputed. */
  previousResolutionSummary: string | null;
}
