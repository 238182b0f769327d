/**
 * The service case's state as plain data: what the repository stores and the rule modules
 * change. Dates are Date objects; nothing else but plain objects, arrays, strings, numbers,
 * booleans and null.
 */
import type { AgentAnswer, SuggestionReview } from './agent-work';
import type { Classification } from './classification';
import type { EntitlementDecision } from './entitlement';
import type { RouteTarget } from './routing';
import type { ServiceAgreement } from './service-agreement';
import type { Status } from './service-request.state-machine';
import type {
  Attachment,
  CancelledBy,
  Channel,
  CloseReason,
  ConfirmedBy,
  CustomerSnapshot,
  Escalation,
  InformationNote,
  LinkedDuplicate,
  PreferredTime,
  ProductInfo,
  RejectReason,
  Reopening,
  RequestType,
  SlaBreach,
  WorkItem,
} from './service-request.types';

export interface EntitlementState extends EntitlementDecision {
  decidedAt: Date;
}

export interface RoutingState {
  target: RouteTarget;
  routedAt: Date;
  /** 1 for the first routing, +1 for each re-routing after a reopening. */
  round: number;
}

export interface ResolutionState {
  summary: string | null;
  resolvedAt: Date;
  /**
   * The days of silence that confirm this resolution: the tenant's setting when the case was
   * resolved, fixed then so a later change of the setting does not move it. Absent on cases
   * resolved before it was recorded: the deployment's value applies.
   */
  silenceDays?: number;
}

export interface ConfirmationState {
  by: ConfirmedBy;
  at: Date;
}

export interface ClosureState {
  reason: CloseReason;
  at: Date;
}

export interface CancellationState {
  reason: string;
  by: CancelledBy;
  at: Date;
  previousStatus: Status;
}

export interface RejectionState {
  reason: RejectReason;
  duplicateOf: string | null;
  note: string | null;
  at: Date;
  previousStatus: Status;
}

/** Everything the case knows about itself (the snapshot without version and handled messages). */
export interface ServiceRequestState {
  id: string;
  tenantId: string;
  status: Status;
  channel: Channel;
  externalRef: string | null;
  receivedAt: Date;
  registeredAt: Date | null;
  acknowledgedAt: Date | null;
  customer: CustomerSnapshot;
  product: ProductInfo;
  problemDescription: string | null;
  attachments: Attachment[];
  requestedType: RequestType | null;
  preferredTime: PreferredTime | null;
  classification: Classification | null;
  entitlement: EntitlementState | null;
  /** The service contract covering the asset when the customer called; selects the SLA policies. */
  serviceAgreement: ServiceAgreement | null;
  misuse: boolean;
  /** A field-service case for a quality problem: its work order is due on site within 8 h (source 003 §3). */
  qualityProblem: boolean;
  /** The company's own work (inspection, parts handling, tool upkeep, short training): fee class D (internal-work.ts). */
  internalWork: boolean;
  routing: RoutingState | null;
  work: WorkItem[];
  resolution: ResolutionState | null;
  confirmation: ConfirmationState | null;
  closure: ClosureState | null;
  cancellation: CancellationState | null;
  rejection: RejectionState | null;
  escalation: Escalation | null;
  slaBreaches: SlaBreach[];
  duplicates: LinkedDuplicate[];
  notes: InformationNote[];
  reopenings: Reopening[];
  /** A consultation's answer (the latest, after a reopening). */
  answer: AgentAnswer | null;
  /** A suggestion's review (the latest, after a reopening). */
  review: SuggestionReview | null;
}

/**
 * The whole persisted state. Pending events are not part of it: the repository takes them from
 * `pendingEvents` into the same single-document write.
 */
export interface ServiceRequestSnapshot extends ServiceRequestState {
  version: number;
  handledMessageIds: string[];
}

/** What the survivor needs to know about a case merged into it. */
export interface DuplicateSource {
  readonly id: string;
  readonly tenantId: string;
  readonly channel: Channel;
  readonly externalRef: string | null;
  readonly receivedAt: Date;
  readonly problemDescription: string | null;
  readonly attachments: readonly Attachment[];
}

/** Registered cases always have a type; the guard keeps the types honest. */
export function requestTypeOf(state: Readonly<ServiceRequestState>): RequestType {
  if (!state.requestedType) throw new Error(`service request ${state.id} has no requested type`);
  return state.requestedType;
}

/** Registered cases are always classified. */
export function classificationOf(state: Readonly<ServiceRequestState>): Classification {
  if (!state.classification) throw new Error(`service request ${state.id} is not classified`);
  return state.classification;
}
