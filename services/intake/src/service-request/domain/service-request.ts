import { AggregateRoot } from '@aftercare/ddd';
import { type Classification, type PriorityMatrix, type Severity, type Urgency, classify } from './classification';
import {
  DEFAULT_CONFIRMATION_SILENCE_DAYS,
  DEFAULT_REOPEN_WINDOW_DAYS,
  assertDays,
  confirmationBySilenceDueAt,
  isConfirmationBySilenceDue,
} from './confirmation';
import type { DuplicateProbe } from './duplicates';
import { type EntitlementDecision, applyMisuse, assertEntitlementDecision } from './entitlement';
import { type RouteTarget, type RoutingOverrides, routeTargetFor } from './routing';
import { SERVICE_REQUEST_ERRORS, incomplete, serviceRequestError } from './service-request.errors';
import {
  SERVICE_REQUEST_EVENT_TYPES as EVENTS,
  type ServiceRequestAcknowledgedV1,
  type ServiceRequestAttachmentV1,
  type ServiceRequestCancelledV1,
  type ServiceRequestClosedV1,
  type ServiceRequestConfirmedV1,
  type ServiceRequestCustomerV1,
  type ServiceRequestDuplicateLinkedV1,
  type ServiceRequestEntitlementV1,
  type ServiceRequestEscalatedV1,
  type ServiceRequestPreferredTimeV1,
  type ServiceRequestProductV1,
  type ServiceRequestRegisteredV1,
  type ServiceRequestRejectReason,
  type ServiceRequestRejectedV1,
  type ServiceRequestReopenedV1,
  type ServiceRequestResolvedV1,
  type ServiceRequestRoutedV1,
  type ServiceRequestSlaBreachedV1,
  type ServiceRequestUpdatedField,
  type ServiceRequestUpdatedV1,
  type ServiceRequestWorkItemV1,
} from './service-request.events';
import {
  type ServiceRequestCommand,
  type Status,
  STATUSES,
  assertInStateCommand,
  isCommandAllowed,
  serviceRequestStateMachine as machine,
} from './service-request.state-machine';
import {
  type Attachment,
  type CancelledBy,
  type Channel,
  type CloseReason,
  type ConfirmedBy,
  type CustomerSnapshot,
  type Escalation,
  type EscalationReason,
  type InformationNote,
  type LinkedDuplicate,
  type PreferredTime,
  type ProductInfo,
  type Reopening,
  type ReopenReason,
  type RequestType,
  type SlaBreach,
  type WorkItem,
  type WorkKind,
  CANCELLED_BY,
  CHANNELS,
  CLOSE_REASONS,
  ESCALATION_REASONS,
  REOPEN_REASONS,
  REQUEST_TYPES,
  WORK_KINDS,
  ZONES,
  isFieldServiceType,
  isProductType,
  needsEntitlement,
} from './service-request.types';
import {
  DAY_MS,
  deepCopy,
  FieldErrors,
  instantOrNow,
  optionalCalendarDate,
  optionalEmail,
  optionalEnum,
  optionalInstant,
  optionalText,
  requiredEnum,
  requiredInstant,
  requiredText,
} from './validation';

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/** Customer fields of a command: undefined keeps the current value, null or '' clears it. */
export interface CustomerInput {
  customerId?: string | null;
  name?: string | null;
  contactPerson?: string | null;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
  zone?: CustomerSnapshot['zone'];
}

export interface ProductInput {
  model?: string | null;
  serialNumber?: string | null;
  /** `YYYY-MM-DD` */
  purchaseDate?: string | null;
}

export interface PreferredTimeInput {
  from: Date;
  to?: Date | null;
}

/** What a channel delivered; anything may still be missing until registration. */
export interface ReceiveServiceRequestInput {
  id: string;
  tenantId: string;
  channel: Channel;
  /** Default: now. */
  receivedAt?: Date;
  /** The id the request has in the system it came from (CRM request id, CTI call id…). */
  externalRef?: string | null;
  customer?: CustomerInput;
  product?: ProductInput;
  problemDescription?: string | null;
  attachments?: readonly Attachment[];
  requestedType?: RequestType | null;
  preferredTime?: PreferredTimeInput | null;
}

export interface RegisterCommand {
  severity: Severity;
  urgency: Urgency;
  /** From `decideEntitlement` against the installed base (or an agent's decision). */
  entitlement: EntitlementDecision;
  /** The tenant's matrix; default DEFAULT_PRIORITY_MATRIX. */
  priorityMatrix?: PriorityMatrix;
  at?: Date;
}

export interface UpdateDetailsCommand {
  customer?: CustomerInput;
  product?: ProductInput;
  problemDescription?: string | null;
  preferredTime?: PreferredTimeInput | null;
  /** Cannot change once the case has been routed. */
  requestedType?: RequestType;
  externalRef?: string | null;
  at?: Date;
}

export interface WorkSource {
  kind: WorkKind;
  /** The downstream aggregate's id (work order id, claim id) or the agent's reference. */
  reference: string;
  at?: Date;
}

// ---------------------------------------------------------------------------------------------
// Persisted state
// ---------------------------------------------------------------------------------------------

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
  reason: ServiceRequestRejectReason;
  duplicateOf: string | null;
  note: string | null;
  at: Date;
  previousStatus: Status;
}

/**
 * The whole persisted state as plain data (Dates are Date objects, nothing else but plain
 * objects, arrays, strings, numbers, booleans and null). Pending events are not part of it:
 * the repository takes them from `pendingEvents` into the same single-document write.
 */
export interface ServiceRequestSnapshot {
  id: string;
  tenantId: string;
  version: number;
  handledMessageIds: string[];
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
  misuse: boolean;
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
}

type State = Omit<ServiceRequestSnapshot, 'version' | 'handledMessageIds'>;

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

const CLOCK_NAME = /^[a-z][a-z0-9_]*$/;

/** The optional groups of an `updated` event. */
type UpdatedGroups = Partial<Omit<ServiceRequestUpdatedV1, 'caseId' | 'tenantId' | 'updatedAt' | 'status' | 'changedFields'>>;

/**
 * The service case (售后服务单 / 叫修登记). Pure domain: every command validates, changes the
 * state and records the public event(s) in one step; nothing happens on error.
 *
 * Commands whose effect is already in the state (same work item, same duplicate, same SLA breach,
 * an escalation to a level already reached, misuse already flagged, unchanged details) are no-ops
 * that return `false` in any status, so redelivered messages are harmless.
 */
export class ServiceRequest extends AggregateRoot {
  private readonly s: State;

  private constructor(state: State, version: number, handledMessageIds: readonly string[]) {
    super(state.id, state.tenantId, version, handledMessageIds);
    this.s = state;
  }

  // ------------------------------------------------------------------------------- factories

  /** A request arrives from a channel: status `received`, nothing recorded yet. */
  static receive(input: ReceiveServiceRequestInput): ServiceRequest {
    const errors = new FieldErrors();
    const id = requiredText(input.id, 'id', errors);
    const tenantId = requiredText(input.tenantId, 'tenantId', errors);
    const channel = requiredEnum(input.channel, CHANNELS, 'channel', errors);
    const receivedAt = input.receivedAt === undefined ? new Date() : requiredInstant(input.receivedAt, 'receivedAt', errors);
    const customer = mergeCustomer(EMPTY_CUSTOMER, input.customer ?? {}, errors);
    const product = mergeProduct(EMPTY_PRODUCT, input.product ?? {}, errors);
    const problemDescription = optionalText(input.problemDescription, 'problemDescription', errors);
    const attachments = parseAttachments(input.attachments ?? [], [], 'attachments', errors);
    const requestedType = optionalEnum(input.requestedType, REQUEST_TYPES, 'requestedType', errors);
    const preferredTime = parsePreferredTime(input.preferredTime, errors);
    const externalRef = optionalText(input.externalRef, 'externalRef', errors);
    errors.throwIfAny();
    return new ServiceRequest(
      {
        id,
        tenantId,
        status: 'received',
        channel,
        externalRef,
        receivedAt,
        registeredAt: null,
        acknowledgedAt: null,
        customer,
        product,
        problemDescription,
        attachments,
        requestedType,
        preferredTime,
        classification: null,
        entitlement: null,
        misuse: false,
        routing: null,
        work: [],
        resolution: null,
        confirmation: null,
        closure: null,
        cancellation: null,
        rejection: null,
        escalation: null,
        slaBreaches: [],
        duplicates: [],
        notes: [],
        reopenings: [],
      },
      0,
      [],
    );
  }

  /** Rebuilds the aggregate from what `toSnapshot()` produced (as stored). */
  static fromSnapshot(snapshot: ServiceRequestSnapshot): ServiceRequest {
    if (!(STATUSES as readonly string[]).includes(snapshot.status)) {
      throw serviceRequestError(SERVICE_REQUEST_ERRORS.INVALID, `unknown stored status ${snapshot.status}`, 'invalid', {
        fieldErrors: [{ field: 'status', message: 'is not a service request status' }],
      });
    }
    const { version, handledMessageIds, ...state } = deepCopy(snapshot);
    return new ServiceRequest(state, version, handledMessageIds ?? []);
  }

  toSnapshot(): ServiceRequestSnapshot {
    return deepCopy({ ...this.s, version: this.version, handledMessageIds: [...this.handledMessageIds] });
  }

  // ------------------------------------------------------------------------------- queries

  get status(): Status {
    return this.s.status;
  }
  get channel(): Channel {
    return this.s.channel;
  }
  get externalRef(): string | null {
    return this.s.externalRef;
  }
  get receivedAt(): Date {
    return new Date(this.s.receivedAt);
  }
  get registeredAt(): Date | null {
    return copyDate(this.s.registeredAt);
  }
  get acknowledgedAt(): Date | null {
    return copyDate(this.s.acknowledgedAt);
  }
  get customer(): Readonly<CustomerSnapshot> {
    return { ...this.s.customer };
  }
  get product(): Readonly<ProductInfo> {
    return { ...this.s.product };
  }
  get problemDescription(): string | null {
    return this.s.problemDescription;
  }
  get attachments(): readonly Attachment[] {
    return deepCopy(this.s.attachments);
  }
  get requestedType(): RequestType | null {
    return this.s.requestedType;
  }
  get preferredTime(): Readonly<PreferredTime> | null {
    return deepCopy(this.s.preferredTime);
  }
  get classification(): Readonly<Classification> | null {
    return this.s.classification && { ...this.s.classification };
  }
  get priority(): Classification['priority'] | null {
    return this.s.classification?.priority ?? null;
  }
  get entitlement(): Readonly<EntitlementState> | null {
    return deepCopy(this.s.entitlement);
  }
  /** Entitlement `unknown`: the agent must decide before the case is routed. */
  get needsEntitlementReview(): boolean {
    return this.s.entitlement?.entitlement === 'unknown';
  }
  get misuse(): boolean {
    return this.s.misuse;
  }
  get routing(): Readonly<RoutingState> | null {
    return deepCopy(this.s.routing);
  }
  get work(): readonly WorkItem[] {
    return deepCopy(this.s.work);
  }
  get hasOpenWork(): boolean {
    return this.s.work.some((w) => !w.completedAt);
  }
  get resolution(): Readonly<ResolutionState> | null {
    return deepCopy(this.s.resolution);
  }
  get resolvedAt(): Date | null {
    return copyDate(this.s.resolution?.resolvedAt ?? null);
  }
  get confirmation(): Readonly<ConfirmationState> | null {
    return deepCopy(this.s.confirmation);
  }
  get closure(): Readonly<ClosureState> | null {
    return deepCopy(this.s.closure);
  }
  get cancellation(): Readonly<CancellationState> | null {
    return deepCopy(this.s.cancellation);
  }
  get rejection(): Readonly<RejectionState> | null {
    return deepCopy(this.s.rejection);
  }
  /** The surviving case when this one was merged as a duplicate: route anything arriving here there. */
  get duplicateOf(): string | null {
    return this.s.rejection?.duplicateOf ?? null;
  }
  get escalated(): boolean {
    return this.s.escalation !== null;
  }
  get escalationLevel(): number {
    return this.s.escalation?.level ?? 0;
  }
  get escalation(): Readonly<Escalation> | null {
    return deepCopy(this.s.escalation);
  }
  get slaBreaches(): readonly SlaBreach[] {
    return deepCopy(this.s.slaBreaches);
  }
  get linkedDuplicates(): readonly LinkedDuplicate[] {
    return deepCopy(this.s.duplicates);
  }
  get notes(): readonly InformationNote[] {
    return deepCopy(this.s.notes);
  }
  get reopenings(): readonly Reopening[] {
    return deepCopy(this.s.reopenings);
  }
  get reopenCount(): number {
    return this.s.reopenings.length;
  }
  /** What `findDuplicate` compares. */
  get duplicateProbe(): DuplicateProbe {
    return {
      id: this.id,
      tenantId: this.tenantId,
      status: this.s.status,
      receivedAt: new Date(this.s.receivedAt),
      customerId: this.s.customer.customerId,
      serialNumber: this.s.product.serialNumber,
      requestedType: this.s.requestedType,
    };
  }
  /** Registration fields still missing for the requested type (empty: ready to register). */
  get missingForRegistration(): string[] {
    return missingFields(this.s);
  }

  /** Whether a command is allowed in the current status (the transition table, not the other rules). */
  can(command: ServiceRequestCommand): boolean {
    return isCommandAllowed(this.s.status, command);
  }

  // ------------------------------------------------------------------------------- life cycle

  /**
   * received → registered: the registration fields are complete, the case is classified and its
   * entitlement decided. Throws SERVICE_REQUEST_INCOMPLETE naming the missing fields.
   */
  register(cmd: RegisterCommand): void {
    const at = instantOrNow(cmd.at);
    const next = machine.next(this.s.status, 'register');
    const missing = missingFields(this.s);
    if (missing.length) throw incomplete(missing);
    const classification = classify(cmd.severity, cmd.urgency, cmd.priorityMatrix);
    assertEntitlementDecision(cmd.entitlement);
    this.s.classification = classification;
    this.s.entitlement = this.entitlementState(cmd.entitlement, at);
    this.s.status = next;
    this.s.registeredAt = at;
    this.emit<ServiceRequestRegisteredV1>(EVENTS.registered, at, {
      channel: this.s.channel,
      externalRef: this.s.externalRef,
      receivedAt: iso(this.s.receivedAt),
      registeredAt: iso(at),
      requestedType: this.type(),
      customer: this.customerV1(),
      product: this.productV1(),
      problemDescription: this.s.problemDescription ?? '',
      attachments: this.attachmentsV1(),
      preferredTime: this.preferredTimeV1(),
      classification: { ...classification },
      entitlement: this.entitlementV1(),
    });
  }

  /** registered → acknowledged: the customer is told the case was received. */
  acknowledge(cmd: { at?: Date } = {}): void {
    const at = instantOrNow(cmd.at);
    this.s.status = machine.next(this.s.status, 'acknowledge');
    this.s.acknowledgedAt = at;
    this.emit<ServiceRequestAcknowledgedV1>(EVENTS.acknowledged, at, {
      acknowledgedAt: iso(at),
      channel: this.s.channel,
      externalRef: this.s.externalRef,
      requestedType: this.type(),
      priority: this.classificationOf().priority,
      customer: this.customerV1(),
    });
  }

  /**
   * Hands the case to its owner by type (no status change): once when acknowledged, once more
   * after each reopening. Field-service and claim types need a decided entitlement.
   */
  route(cmd: { routing?: RoutingOverrides; at?: Date } = {}): RouteTarget {
    const at = instantOrNow(cmd.at);
    assertInStateCommand(this.s.status, 'route');
    const routing = this.s.routing;
    const alreadyRouted =
      (this.s.status === 'acknowledged' && routing !== null) ||
      (this.s.status === 'reopened' && routing !== null && routing.round > this.s.reopenings.length);
    if (alreadyRouted) {
      throw serviceRequestError(SERVICE_REQUEST_ERRORS.ALREADY_ROUTED, `service request ${this.id} is already routed to ${routing?.target}`, 'conflict', {
        target: routing?.target,
      });
    }
    const type = this.type();
    if (needsEntitlement(type) && (!this.s.entitlement || this.s.entitlement.entitlement === 'unknown')) {
      throw serviceRequestError(
        SERVICE_REQUEST_ERRORS.ENTITLEMENT_UNRESOLVED,
        `a ${type} case needs a decided entitlement before it is routed; the agent must settle it`,
        'rule',
        { reason: this.s.entitlement?.reason ?? null },
      );
    }
    const target = routeTargetFor(type, cmd.routing);
    const reroute = routing !== null;
    this.s.routing = { target, routedAt: at, round: (routing?.round ?? 0) + 1 };
    const classification = this.classificationOf();
    const entitlement = this.entitlementV1();
    this.emit<ServiceRequestRoutedV1>(EVENTS.routed, at, {
      routedAt: iso(at),
      target,
      reroute,
      channel: this.s.channel,
      externalRef: this.s.externalRef,
      requestedType: type,
      classification: { ...classification },
      priority: classification.priority,
      site: { address: this.s.customer.address, zone: this.s.customer.zone },
      customer: this.customerV1(),
      product: this.productV1(),
      problemDescription: this.s.problemDescription ?? '',
      attachments: this.attachmentsV1(),
      preferredTime: this.preferredTimeV1(),
      entitlement,
      feeClass: entitlement.feeClass,
    });
    return target;
  }

  /**
   * Downstream work started (a work order assigned, a claim opened, the agent or the review
   * took it): acknowledged | reopened → in_progress; in in_progress it adds further work.
   * Returns false when this work item is already known.
   */
  startWork(source: WorkSource): boolean {
    const at = instantOrNow(source.at);
    const errors = new FieldErrors();
    const kind = requiredEnum(source.kind, WORK_KINDS, 'kind', errors);
    const reference = requiredText(source.reference, 'reference', errors);
    errors.throwIfAny();
    if (this.s.work.some((w) => w.kind === kind && w.reference === reference)) return false;
    if (this.s.status === 'in_progress') {
      assertInStateCommand(this.s.status, 'addWork');
    } else {
      const next = machine.next(this.s.status, 'startWork');
      if (!this.s.routing) {
        throw serviceRequestError(SERVICE_REQUEST_ERRORS.NOT_ROUTED, `service request ${this.id} has not been routed yet`, 'conflict');
      }
      this.s.status = next;
    }
    this.s.work.push({ kind, reference, startedAt: at, completedAt: null });
    this.emitUpdated(at, ['work'], { work: this.workV1() });
    return true;
  }

  /** A piece of downstream work is done. Returns false when it was already done. */
  completeWork(cmd: { reference: string; kind?: WorkKind; at?: Date }): boolean {
    const at = instantOrNow(cmd.at);
    const item = this.s.work.find((w) => w.reference === cmd.reference && (cmd.kind === undefined || w.kind === cmd.kind));
    if (!item) {
      throw serviceRequestError(
        SERVICE_REQUEST_ERRORS.WORK_ITEM_NOT_FOUND,
        `service request ${this.id} has no work ${cmd.kind ?? ''} ${cmd.reference}`.replace(/\s+/g, ' '),
        'not_found',
        { reference: cmd.reference, kind: cmd.kind ?? null },
      );
    }
    if (item.completedAt) return false;
    assertInStateCommand(this.s.status, 'completeWork');
    item.completedAt = at;
    this.emitUpdated(at, ['work'], { work: this.workV1() });
    return true;
  }

  /** in_progress → resolved, once all downstream work is done. */
  resolve(cmd: { summary?: string | null; at?: Date } = {}): void {
    const at = instantOrNow(cmd.at);
    const errors = new FieldErrors();
    const summary = optionalText(cmd.summary, 'summary', errors);
    errors.throwIfAny();
    const next = machine.next(this.s.status, 'resolve');
    const open = this.s.work.filter((w) => !w.completedAt);
    if (open.length) {
      throw serviceRequestError(
        SERVICE_REQUEST_ERRORS.WORK_OUTSTANDING,
        `service request ${this.id} still waits for ${open.map((w) => `${w.kind} ${w.reference}`).join(', ')}`,
        'conflict',
        { openWork: open.map((w) => ({ kind: w.kind, reference: w.reference })) },
      );
    }
    this.s.status = next;
    this.s.resolution = { summary, resolvedAt: at };
    this.emit<ServiceRequestResolvedV1>(EVENTS.resolved, at, {
      resolvedAt: iso(at),
      summary,
      requestedType: this.type(),
      work: this.workV1(),
      feeClass: this.s.entitlement?.feeClass ?? null,
      reopenCount: this.s.reopenings.length,
    });
  }

  /**
   * resolved → confirmed, by the customer or (`bySilence`) after `silenceDays` without an answer
   * (default 7). Throws SERVICE_REQUEST_CONFIRMATION_NOT_DUE when the silence is not over.
   */
  confirm(cmd: { bySilence?: boolean; silenceDays?: number; at?: Date } = {}): void {
    const at = instantOrNow(cmd.at);
    const silenceDays = cmd.silenceDays ?? DEFAULT_CONFIRMATION_SILENCE_DAYS;
    assertDays(silenceDays, 'silenceDays');
    const next = machine.next(this.s.status, 'confirm');
    if (cmd.bySilence && !isConfirmationBySilenceDue(this, at, silenceDays)) {
      const dueAt = confirmationBySilenceDueAt(this.resolvedOrThrow(), silenceDays);
      throw serviceRequestError(
        SERVICE_REQUEST_ERRORS.CONFIRMATION_NOT_DUE,
        `service request ${this.id} is confirmed by silence only from ${iso(dueAt)}`,
        'rule',
        { dueAt: iso(dueAt) },
      );
    }
    this.applyConfirmation(cmd.bySilence ? 'silence' : 'customer', at);
    this.s.status = next;
  }

  /**
   * confirmed → closed after the survey (`survey_completed`) or by hand (`manual`). From
   * `resolved` the close confirms implicitly (confirmed by `survey` or `agent`), recording both
   * `confirmed` and `closed`.
   */
  close(cmd: { reason: CloseReason; at?: Date }): void {
    const at = instantOrNow(cmd.at);
    const errors = new FieldErrors();
    const reason = requiredEnum(cmd.reason, CLOSE_REASONS, 'reason', errors);
    errors.throwIfAny();
    const next = machine.next(this.s.status, 'close');
    if (this.s.status === 'resolved') this.applyConfirmation(reason === 'survey_completed' ? 'survey' : 'agent', at);
    this.s.status = next;
    this.s.closure = { reason, at };
    this.emit<ServiceRequestClosedV1>(EVENTS.closed, at, {
      closedAt: iso(at),
      reason,
      requestedType: this.type(),
      reopenCount: this.s.reopenings.length,
    });
  }

  /**
   * resolved | confirmed | closed → reopened: the customer disputes the result or the survey
   * score was low. A closed case only within `windowDays` after closing (default 30).
   */
  reopen(cmd: { reason: ReopenReason; note?: string | null; windowDays?: number; at?: Date }): void {
    const at = instantOrNow(cmd.at);
    const errors = new FieldErrors();
    const reason = requiredEnum(cmd.reason, REOPEN_REASONS, 'reason', errors);
    const note = optionalText(cmd.note, 'note', errors);
    errors.throwIfAny();
    const windowDays = cmd.windowDays ?? DEFAULT_REOPEN_WINDOW_DAYS;
    assertDays(windowDays, 'windowDays');
    const previousStatus = this.s.status;
    const next = machine.next(previousStatus, 'reopen');
    if (previousStatus === 'closed' && this.s.closure) {
      const deadline = new Date(this.s.closure.at.getTime() + windowDays * DAY_MS);
      if (at.getTime() > deadline.getTime()) {
        throw serviceRequestError(
          SERVICE_REQUEST_ERRORS.REOPEN_WINDOW_EXPIRED,
          `service request ${this.id} was closed more than ${windowDays} days ago; open a new case`,
          'rule',
          { closedAt: iso(this.s.closure.at), deadline: iso(deadline) },
        );
      }
    }
    this.s.reopenings.push({
      reason,
      note,
      at,
      previousStatus: previousStatus as Reopening['previousStatus'],
      previousResolutionSummary: this.s.resolution?.summary ?? null,
    });
    this.s.resolution = null;
    this.s.confirmation = null;
    this.s.closure = null;
    this.s.status = next;
    this.emit<ServiceRequestReopenedV1>(EVENTS.reopened, at, {
      reopenedAt: iso(at),
      reason,
      note,
      previousStatus,
      reopenCount: this.s.reopenings.length,
      requestedType: this.type(),
      priority: this.s.classification?.priority ?? null,
      routeTarget: this.s.routing?.target ?? null,
    });
  }

  /** Withdrawn before it was resolved (by the customer, the agent or the source system). */
  cancel(cmd: { reason: string; cancelledBy?: CancelledBy; at?: Date }): void {
    const at = instantOrNow(cmd.at);
    const errors = new FieldErrors();
    const reason = requiredText(cmd.reason, 'reason', errors);
    const cancelledBy = cmd.cancelledBy === undefined ? 'agent' : requiredEnum(cmd.cancelledBy, CANCELLED_BY, 'cancelledBy', errors);
    errors.throwIfAny();
    const previousStatus = this.s.status;
    this.s.status = machine.next(previousStatus, 'cancel');
    this.s.cancellation = { reason, by: cancelledBy, at, previousStatus };
    this.emit<ServiceRequestCancelledV1>(EVENTS.cancelled, at, {
      cancelledAt: iso(at),
      reason,
      cancelledBy,
      previousStatus,
      externalRef: this.s.externalRef,
      openWork: this.workV1().filter((w) => w.completedAt === null),
    });
  }

  /** Not a valid request (spam, not our product, not our responsibility): rejected with a note. */
  reject(cmd: { note: string; at?: Date }): void {
    const at = instantOrNow(cmd.at);
    const errors = new FieldErrors();
    const note = requiredText(cmd.note, 'note', errors);
    errors.throwIfAny();
    this.applyRejection('invalid', null, note, at);
  }

  /**
   * This case duplicates `survivor` (see `findDuplicate`): rejected with reason `duplicate` and
   * `duplicateOf`. The application also calls `survivor.linkDuplicate(this)`.
   */
  markDuplicateOf(cmd: { survivor: { readonly id: string; readonly tenantId: string }; note?: string | null; at?: Date }): void {
    const at = instantOrNow(cmd.at);
    this.assertDuplicatePair(cmd.survivor, this);
    const errors = new FieldErrors();
    const note = optionalText(cmd.note, 'note', errors);
    errors.throwIfAny();
    this.applyRejection('duplicate', cmd.survivor.id, note, at);
  }

  // ------------------------------------------------------------------------------- in-state commands

  /**
   * Merges a duplicate into this (surviving) case: the link, the duplicate's description as an
   * information note and its attachments. Returns false if already linked.
   */
  linkDuplicate(cmd: { duplicate: DuplicateSource; at?: Date }): boolean {
    const at = instantOrNow(cmd.at);
    const duplicate = cmd.duplicate;
    this.assertDuplicatePair(this, duplicate);
    if (this.s.duplicates.some((d) => d.caseId === duplicate.id)) return false;
    assertInStateCommand(this.s.status, 'linkDuplicate');
    const known = new Set(this.s.attachments.map((a) => a.id));
    const added = duplicate.attachments.filter((a) => !known.has(a.id)).map((a) => ({ ...a }));
    this.s.duplicates.push({
      caseId: duplicate.id,
      channel: duplicate.channel,
      externalRef: duplicate.externalRef,
      receivedAt: new Date(duplicate.receivedAt),
      linkedAt: at,
    });
    this.s.attachments.push(...added);
    if (duplicate.problemDescription || duplicate.attachments.length) {
      this.s.notes.push({
        text: duplicate.problemDescription,
        attachmentIds: duplicate.attachments.map((a) => a.id),
        addedBy: null,
        addedAt: at,
        sourceCaseId: duplicate.id,
      });
    }
    this.emit<ServiceRequestDuplicateLinkedV1>(EVENTS.duplicateLinked, at, {
      linkedAt: iso(at),
      duplicateCaseId: duplicate.id,
      duplicateChannel: duplicate.channel,
      duplicateExternalRef: duplicate.externalRef,
      duplicateReceivedAt: iso(duplicate.receivedAt),
      duplicateProblemDescription: duplicate.problemDescription,
      duplicateAttachments: duplicate.attachments.map(attachmentV1),
    });
    return true;
  }

  /**
   * Corrects or completes the case's details before it is resolved. Returns false when nothing
   * changed. After registration the case must stay complete (SERVICE_REQUEST_INCOMPLETE).
   * A changed product does not re-decide the entitlement: the application calls `setEntitlement`.
   */
  updateDetails(cmd: UpdateDetailsCommand): boolean {
    const at = instantOrNow(cmd.at);
    assertInStateCommand(this.s.status, 'updateDetails');
    const errors = new FieldErrors();
    const customer = cmd.customer ? mergeCustomer(this.s.customer, cmd.customer, errors) : this.s.customer;
    const product = cmd.product ? mergeProduct(this.s.product, cmd.product, errors) : this.s.product;
    const problemDescription =
      cmd.problemDescription === undefined ? this.s.problemDescription : optionalText(cmd.problemDescription, 'problemDescription', errors);
    const preferredTime = cmd.preferredTime === undefined ? this.s.preferredTime : parsePreferredTime(cmd.preferredTime, errors);
    const requestedType =
      cmd.requestedType === undefined ? this.s.requestedType : requiredEnum(cmd.requestedType, REQUEST_TYPES, 'requestedType', errors);
    const externalRef = cmd.externalRef === undefined ? this.s.externalRef : optionalText(cmd.externalRef, 'externalRef', errors);
    errors.throwIfAny();

    const next: State = { ...this.s, customer, product, problemDescription, preferredTime, requestedType, externalRef };
    const changed = (
      ['customer', 'product', 'problemDescription', 'preferredTime', 'requestedType', 'externalRef'] as const
    ).filter((field) => !sameValue(this.s[field], next[field]));
    if (!changed.length) return false;
    if (changed.includes('requestedType') && this.s.routing) {
      throw serviceRequestError(
        SERVICE_REQUEST_ERRORS.TYPE_LOCKED,
        `service request ${this.id} was routed as ${this.s.requestedType}; the type can no longer change`,
        'conflict',
        { requestedType: this.s.requestedType },
      );
    }
    if (this.s.status !== 'received') {
      const missing = missingFields(next);
      if (missing.length) throw incomplete(missing);
    }
    Object.assign(this.s, { customer, product, problemDescription, preferredTime, requestedType, externalRef });
    const data: UpdatedGroups = {};
    if (changed.includes('customer')) data.customer = { ...this.s.customer };
    if (changed.includes('product')) data.product = this.productV1();
    if (changed.includes('problemDescription')) data.problemDescription = problemDescription;
    if (changed.includes('preferredTime')) data.preferredTime = this.preferredTimeV1();
    if (changed.includes('requestedType')) data.requestedType = requestedType;
    if (changed.includes('externalRef')) data.externalRef = externalRef;
    this.emitUpdated(at, changed, data);
    return true;
  }

  /** Adds information (a note and/or attachments) arriving after the case was taken. */
  addInformation(cmd: { text?: string | null; attachments?: readonly Attachment[]; addedBy?: string | null; at?: Date }): void {
    const at = instantOrNow(cmd.at);
    assertInStateCommand(this.s.status, 'addInformation');
    const errors = new FieldErrors();
    const text = optionalText(cmd.text, 'text', errors);
    const attachments = parseAttachments(cmd.attachments ?? [], this.s.attachments, 'attachments', errors);
    const addedBy = optionalText(cmd.addedBy, 'addedBy', errors);
    if (text === null && attachments.length === 0 && !errors.any) errors.add('text', 'or attachments are required');
    errors.throwIfAny();
    const note: InformationNote = { text, attachmentIds: attachments.map((a) => a.id), addedBy, addedAt: at, sourceCaseId: null };
    this.s.notes.push(note);
    this.s.attachments.push(...attachments);
    const changed: ServiceRequestUpdatedField[] = attachments.length ? ['information', 'attachments'] : ['information'];
    this.emitUpdated(at, changed, {
      addedInformation: { text, attachmentIds: [...note.attachmentIds], addedBy, addedAt: iso(at) },
      ...(attachments.length ? { attachments: this.attachmentsV1() } : {}),
    });
  }

  /** New severity/urgency (or a new matrix): returns false when the classification is unchanged. */
  reclassify(cmd: { severity: Severity; urgency: Urgency; priorityMatrix?: PriorityMatrix; at?: Date }): boolean {
    const at = instantOrNow(cmd.at);
    assertInStateCommand(this.s.status, 'reclassify');
    const classification = classify(cmd.severity, cmd.urgency, cmd.priorityMatrix);
    if (sameValue(classification, this.s.classification)) return false;
    this.s.classification = classification;
    this.emitUpdated(at, ['classification'], { classification: { ...classification } });
    return true;
  }

  /**
   * A new entitlement decision: the installed base arrived or changed, or the agent settled an
   * `unknown` one (reason `agent_decision`). Misuse on the case still makes it class A.
   */
  setEntitlement(cmd: { entitlement: EntitlementDecision; at?: Date }): boolean {
    const at = instantOrNow(cmd.at);
    assertInStateCommand(this.s.status, 'setEntitlement');
    assertEntitlementDecision(cmd.entitlement);
    const state = this.entitlementState(cmd.entitlement, at);
    if (this.s.entitlement && sameDecision(state, this.s.entitlement)) return false;
    this.s.entitlement = state;
    this.emitUpdated(at, ['entitlement'], { entitlement: this.entitlementV1() });
    return true;
  }

  /** The problem was caused by misuse: charged (class A) even in warranty or under contract. */
  flagMisuse(cmd: { at?: Date } = {}): boolean {
    const at = instantOrNow(cmd.at);
    if (this.s.misuse) return false;
    assertInStateCommand(this.s.status, 'flagMisuse');
    this.s.misuse = true;
    const changed: ServiceRequestUpdatedField[] = ['misuse'];
    const data: UpdatedGroups = { misuse: true };
    if (this.s.entitlement) {
      const charged = this.entitlementState(this.s.entitlement, at);
      if (!sameDecision(charged, this.s.entitlement)) {
        this.s.entitlement = charged;
        changed.push('entitlement');
      }
      data.entitlement = this.entitlementV1();
    }
    this.emitUpdated(at, changed, data);
    return true;
  }

  /**
   * Raises the escalation flag to `level` (1 = first step of the tenant's chain). Escalation
   * only goes up: a level already reached returns false.
   */
  escalate(cmd: { level: number; reason: EscalationReason; note?: string | null; at?: Date }): boolean {
    const at = instantOrNow(cmd.at);
    const errors = new FieldErrors();
    if (!Number.isInteger(cmd.level) || cmd.level < 1) errors.add('level', 'must be an integer ≥ 1');
    const reason = requiredEnum(cmd.reason, ESCALATION_REASONS, 'reason', errors);
    const note = optionalText(cmd.note, 'note', errors);
    errors.throwIfAny();
    const previousLevel = this.escalationLevel;
    if (cmd.level <= previousLevel) return false;
    assertInStateCommand(this.s.status, 'escalate');
    this.s.escalation = { level: cmd.level, reason, note, at };
    this.emit<ServiceRequestEscalatedV1>(EVENTS.escalated, at, {
      escalatedAt: iso(at),
      level: cmd.level,
      previousLevel,
      reason,
      note,
      status: this.s.status,
      priority: this.s.classification?.priority ?? null,
    });
    return true;
  }

  /** An SLA clock of the case ran out. Returns false when this breach (clock + due time) is known. */
  recordSlaBreach(cmd: { clock: string; dueAt: Date; at?: Date }): boolean {
    const at = instantOrNow(cmd.at);
    const errors = new FieldErrors();
    const clock = requiredText(cmd.clock, 'clock', errors);
    if (clock && !CLOCK_NAME.test(clock)) errors.add('clock', 'must be a snake_case clock name');
    const dueAt = requiredInstant(cmd.dueAt, 'dueAt', errors);
    errors.throwIfAny();
    if (this.s.slaBreaches.some((b) => b.clock === clock && b.dueAt.getTime() === dueAt.getTime())) return false;
    assertInStateCommand(this.s.status, 'recordSlaBreach');
    this.s.slaBreaches.push({ clock, dueAt, breachedAt: at });
    this.emit<ServiceRequestSlaBreachedV1>(EVENTS.slaBreached, at, {
      clock,
      dueAt: iso(dueAt),
      breachedAt: iso(at),
      status: this.s.status,
      priority: this.s.classification?.priority ?? null,
    });
    return true;
  }

  // ------------------------------------------------------------------------------- internals

  private emit<T extends { caseId: string; tenantId: string }>(type: string, at: Date, data: Omit<T, 'caseId' | 'tenantId'>): void {
    this.record(type, { caseId: this.id, tenantId: this.tenantId, ...data }, this.id, at);
  }

  private emitUpdated(at: Date, changedFields: ServiceRequestUpdatedField[], data: UpdatedGroups): void {
    this.emit<ServiceRequestUpdatedV1>(EVENTS.updated, at, {
      updatedAt: iso(at),
      status: this.s.status,
      changedFields,
      ...data,
    });
  }

  private applyConfirmation(by: ConfirmedBy, at: Date): void {
    const resolvedAt = this.resolvedOrThrow();
    this.s.confirmation = { by, at };
    this.emit<ServiceRequestConfirmedV1>(EVENTS.confirmed, at, {
      confirmedAt: iso(at),
      confirmedBy: by,
      resolvedAt: iso(resolvedAt),
    });
  }

  private applyRejection(reason: ServiceRequestRejectReason, duplicateOf: string | null, note: string | null, at: Date): void {
    const previousStatus = this.s.status;
    this.s.status = machine.next(previousStatus, 'reject');
    this.s.rejection = { reason, duplicateOf, note, at, previousStatus };
    this.emit<ServiceRequestRejectedV1>(EVENTS.rejected, at, {
      rejectedAt: iso(at),
      reason,
      duplicateOf,
      note,
      previousStatus,
      channel: this.s.channel,
      externalRef: this.s.externalRef,
    });
  }

  private assertDuplicatePair(survivor: { id: string; tenantId: string }, duplicate: { id: string; tenantId: string }): void {
    if (survivor.id === duplicate.id || survivor.tenantId !== duplicate.tenantId) {
      throw serviceRequestError(
        SERVICE_REQUEST_ERRORS.DUPLICATE_INVALID,
        'a case can only be merged into another case of the same tenant',
        'rule',
        { survivor: survivor.id, duplicate: duplicate.id },
      );
    }
  }

  private entitlementState(decision: EntitlementDecision, at: Date): EntitlementState {
    const effective = this.s.misuse ? applyMisuse(decision) : decision;
    return {
      entitlement: effective.entitlement,
      feeClass: effective.feeClass,
      reason: effective.reason,
      contractId: effective.contractId,
      decidedAt: at,
    };
  }

  private resolvedOrThrow(): Date {
    const resolvedAt = this.s.resolution?.resolvedAt;
    if (!resolvedAt) throw new Error(`service request ${this.id} is ${this.s.status} without a resolution`);
    return resolvedAt;
  }

  /** Registered cases always have a type and a classification; the guard keeps the types honest. */
  private type(): RequestType {
    if (!this.s.requestedType) throw new Error(`service request ${this.id} has no requested type`);
    return this.s.requestedType;
  }

  private classificationOf(): Classification {
    if (!this.s.classification) throw new Error(`service request ${this.id} is not classified`);
    return this.s.classification;
  }

  private customerV1(): ServiceRequestCustomerV1 {
    return { ...this.s.customer, name: this.s.customer.name ?? '' };
  }

  private productV1(): ServiceRequestProductV1 {
    return { ...this.s.product };
  }

  private attachmentsV1(): ServiceRequestAttachmentV1[] {
    return this.s.attachments.map(attachmentV1);
  }

  private preferredTimeV1(): ServiceRequestPreferredTimeV1 | null {
    const time = this.s.preferredTime;
    return time && { from: iso(time.from), to: time.to ? iso(time.to) : null };
  }

  private entitlementV1(): ServiceRequestEntitlementV1 {
    const e = this.s.entitlement;
    if (!e) throw new Error(`service request ${this.id} has no entitlement`);
    return {
      entitlement: e.entitlement,
      feeClass: e.feeClass,
      reason: e.reason,
      contractId: e.contractId,
      misuse: this.s.misuse,
      decidedAt: iso(e.decidedAt),
    };
  }

  private workV1(): ServiceRequestWorkItemV1[] {
    return this.s.work.map((w) => ({
      kind: w.kind,
      reference: w.reference,
      startedAt: iso(w.startedAt),
      completedAt: w.completedAt ? iso(w.completedAt) : null,
    }));
  }
}

// ---------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------

const EMPTY_CUSTOMER: CustomerSnapshot = Object.freeze({
  customerId: null,
  name: null,
  contactPerson: null,
  phone: null,
  email: null,
  address: null,
  zone: null,
});

const EMPTY_PRODUCT: ProductInfo = Object.freeze({ model: null, serialNumber: null, purchaseDate: null });

const iso = (date: Date): string => date.toISOString();
const copyDate = (date: Date | null): Date | null => (date ? new Date(date) : null);

function attachmentV1(a: Attachment): ServiceRequestAttachmentV1 {
  return a.contentType ? { id: a.id, name: a.name, uri: a.uri, contentType: a.contentType } : { id: a.id, name: a.name, uri: a.uri };
}

function mergeCustomer(base: CustomerSnapshot, input: CustomerInput, errors: FieldErrors): CustomerSnapshot {
  const pick = <K extends keyof CustomerInput>(key: K) => input[key] !== undefined;
  return {
    customerId: pick('customerId') ? optionalText(input.customerId, 'customer.customerId', errors) : base.customerId,
    name: pick('name') ? optionalText(input.name, 'customer.name', errors) : base.name,
    contactPerson: pick('contactPerson') ? optionalText(input.contactPerson, 'customer.contactPerson', errors) : base.contactPerson,
    phone: pick('phone') ? optionalText(input.phone, 'customer.phone', errors) : base.phone,
    email: pick('email') ? optionalEmail(input.email, 'customer.email', errors) : base.email,
    address: pick('address') ? optionalText(input.address, 'customer.address', errors) : base.address,
    zone: pick('zone') ? optionalEnum(input.zone, ZONES, 'customer.zone', errors) : base.zone,
  };
}

function mergeProduct(base: ProductInfo, input: ProductInput, errors: FieldErrors): ProductInfo {
  return {
    model: input.model !== undefined ? optionalText(input.model, 'product.model', errors) : base.model,
    serialNumber: input.serialNumber !== undefined ? optionalText(input.serialNumber, 'product.serialNumber', errors) : base.serialNumber,
    purchaseDate:
      input.purchaseDate !== undefined ? optionalCalendarDate(input.purchaseDate, 'product.purchaseDate', errors) : base.purchaseDate,
  };
}

function parseAttachments(input: readonly Attachment[], existing: readonly Attachment[], field: string, errors: FieldErrors): Attachment[] {
  if (!Array.isArray(input)) {
    errors.add(field, 'must be a list');
    return [];
  }
  const seen = new Set(existing.map((a) => a.id));
  const result: Attachment[] = [];
  input.forEach((raw, index) => {
    const at = `${field}[${index}]`;
    const id = requiredText(raw?.id, `${at}.id`, errors);
    const name = requiredText(raw?.name, `${at}.name`, errors);
    const uri = requiredText(raw?.uri, `${at}.uri`, errors);
    const contentType = optionalText(raw?.contentType, `${at}.contentType`, errors);
    if (id && seen.has(id)) errors.add(`${at}.id`, `duplicates attachment ${id}`);
    seen.add(id);
    result.push(contentType ? { id, name, uri, contentType } : { id, name, uri });
  });
  return result;
}

function parsePreferredTime(input: PreferredTimeInput | null | undefined, errors: FieldErrors): PreferredTime | null {
  if (input === undefined || input === null) return null;
  const from = requiredInstant(input.from, 'preferredTime.from', errors);
  const to = optionalInstant(input.to, 'preferredTime.to', errors);
  if (to && to.getTime() < from.getTime()) errors.add('preferredTime.to', 'must not be before preferredTime.from');
  return { from, to };
}

/** Registration fields by source [004][000]; site address and zone for field service. */
function missingFields(state: State): string[] {
  const missing: string[] = [];
  const { customer, product, requestedType } = state;
  if (!customer.name) missing.push('customer.name');
  if (!customer.phone && !customer.email) missing.push('customer.phone|customer.email');
  if (!state.problemDescription) missing.push('problemDescription');
  if (!requestedType) missing.push('requestedType');
  if (requestedType && isFieldServiceType(requestedType)) {
    if (!customer.address) missing.push('customer.address');
    if (!customer.zone) missing.push('customer.zone');
  }
  if (requestedType && isProductType(requestedType) && !product.model) missing.push('product.model');
  return missing;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function sameDecision(a: EntitlementDecision, b: EntitlementDecision): boolean {
  return a.entitlement === b.entitlement && a.feeClass === b.feeClass && a.reason === b.reason && a.contractId === b.contractId;
}
