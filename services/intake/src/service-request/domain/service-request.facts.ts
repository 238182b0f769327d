/**
 * What happens to a service case, in domain terms. Each command records one or more facts;
 * `service-request.event-mapper.ts` turns each fact (with the case's state at that moment) into
 * the public event the contract promises. Facts carry no wire shapes: Dates stay Dates, and
 * several facts share one public event (`updated`).
 */
import type { DomainFact } from '@aftercare/ddd';
import type { Classification } from './classification';
import type { QualityProblemSource } from './quality-problem';
import type { RouteTarget } from './routing';
import type { DuplicateSource, EntitlementState } from './service-request.state';
import type { Status } from './service-request.state-machine';
import type {
  CancelledBy,
  CloseReason,
  ConfirmedBy,
  EscalationReason,
  InformationNote,
  RejectReason,
  Reopening,
  ReopenReason,
  WorkKind,
} from './service-request.types';

interface Fact<K extends string> extends DomainFact {
  readonly kind: K;
  readonly at: Date;
}

/** A piece of downstream work, by its kind and the downstream reference. */
export interface WorkRef {
  readonly kind: WorkKind;
  readonly reference: string;
}

/** Detail groups `updateDetails` can change, in the order they are reported. */
export const DETAIL_GROUPS = ['customer', 'product', 'problemDescription', 'preferredTime', 'requestedType', 'externalRef'] as const;
export type DetailGroup = (typeof DETAIL_GROUPS)[number];

export interface CaseRegistered extends Fact<'registered'> {
  readonly classification: Classification;
  readonly entitlement: EntitlementState;
}
export type CaseAcknowledged = Fact<'acknowledged'>;
export interface CaseRouted extends Fact<'routed'> {
  readonly target: RouteTarget;
  /** A reopened case handed over again. */
  readonly reroute: boolean;
}
export interface WorkStarted extends Fact<'workStarted'> {
  readonly work: WorkRef;
}
export interface WorkCompleted extends Fact<'workCompleted'> {
  readonly work: WorkRef;
}
export interface CaseResolved extends Fact<'resolved'> {
  readonly summary: string | null;
}
export interface CaseConfirmed extends Fact<'confirmed'> {
  readonly by: ConfirmedBy;
}
export interface CaseClosed extends Fact<'closed'> {
  readonly reason: CloseReason;
}
export interface CaseReopened extends Fact<'reopened'> {
  readonly reason: ReopenReason;
  readonly note: string | null;
  readonly previousStatus: Reopening['previousStatus'];
}
export interface CaseCancelled extends Fact<'cancelled'> {
  readonly reason: string;
  readonly by: CancelledBy;
  readonly previousStatus: Status;
}
export interface CaseRejected extends Fact<'rejected'> {
  readonly reason: RejectReason;
  readonly duplicateOf: string | null;
  readonly note: string | null;
  readonly previousStatus: Status;
}
export interface DuplicateLinked extends Fact<'duplicateLinked'> {
  readonly duplicate: DuplicateSource;
}
export interface DetailsChanged extends Fact<'detailsChanged'> {
  readonly changed: readonly DetailGroup[];
}
export interface InformationAdded extends Fact<'informationAdded'> {
  readonly note: InformationNote;
  /** How many new attachments came with it. */
  readonly attachmentCount: number;
}
export interface CaseReclassified extends Fact<'reclassified'> {
  readonly classification: Classification;
}
export interface EntitlementChanged extends Fact<'entitlementChanged'> {
  readonly entitlement: EntitlementState;
}
export interface MisuseFlagged extends Fact<'misuseFlagged'> {
  /** The flag changed the decided entitlement (charged now). */
  readonly entitlementCharged: boolean;
}
export interface CaseEscalated extends Fact<'escalated'> {
  readonly level: number;
  readonly previousLevel: number;
  readonly reason: EscalationReason;
  readonly note: string | null;
}
export interface QualityProblemFlagged extends Fact<'qualityProblemFlagged'> {
  readonly source: QualityProblemSource;
  /** The case was already routed: its work order exists and must learn of the flag from this fact's event. */
  readonly routed: boolean;
}
export interface SlaBreached extends Fact<'slaBreached'> {
  readonly clock: string;
  readonly dueAt: Date;
}

export type ServiceRequestFact =
  | CaseRegistered
  | CaseAcknowledged
  | CaseRouted
  | WorkStarted
  | WorkCompleted
  | CaseResolved
  | CaseConfirmed
  | CaseClosed
  | CaseReopened
  | CaseCancelled
  | CaseRejected
  | DuplicateLinked
  | DetailsChanged
  | InformationAdded
  | CaseReclassified
  | EntitlementChanged
  | MisuseFlagged
  | QualityProblemFlagged
  | CaseEscalated
  | SlaBreached;

export type ServiceRequestFactKind = ServiceRequestFact['kind'];
