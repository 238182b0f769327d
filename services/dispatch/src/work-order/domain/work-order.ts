import { AggregateRoot, DomainError, IllegalTransitionError } from '@aftercare/ddd';
import { DEFAULT_CALENDARS, SlaError, type BusinessCalendar } from '@aftercare/sla';
import { AssignableTechnician, isValidGeoPoint, isZone } from '../../technician/domain';
import { AppraisedOrder } from './appraisal';
import {
  AssignableOrder,
  AssignmentConfig,
  AssignmentContext,
  CandidateEvaluation,
  evaluateCandidate,
  rankCandidates,
  REJECTION_REASONS,
  resolveAssignmentConfig,
} from './assignment/rank-candidates';
import { checkOverdue, DeadlineSubject, nextDeadlineCheckAt, OverdueResult } from './deadlines';
import { carryOverPriority, QueuedOrder, queueRank } from './dispatch-queue';
import { CompletedRepair, detectRepeatRepair, RepeatRepairFinding } from './repeat-repair';
import { ServiceReportInput, validateServiceReport } from './service-report';
import {
  isNonBlank,
  isNonNegativeNumber,
  isValidDate,
  normalisePartsNeeded,
  normalisePartsReplaced,
  partsNeededErrors,
  partsReplacedErrors,
  signatureErrors,
} from './validation';
import {
  COMPLETED_HOLD,
  fixedDeadlineClock,
  orderClock,
  startOrderClock,
  WorkOrderClock,
  WorkOrderClockDefinition,
  WorkOrderClocks,
} from './work-order.clocks';
import { assertNoErrors, WorkOrderErrors } from './work-order.errors';
import {
  PartReplacedData,
  RejectionCounts,
  ServiceReportData,
  SignatureData,
  WorkOrderEventBase,
  WorkOrderEventDataMap,
  WorkOrderEventName,
  WorkOrderEventTypes,
} from './work-order.events';
import {
  DONE_STATUSES,
  TERMINAL_STATUSES,
  WorkOrderAction,
  workOrderStateMachine,
  WorkOrderStatus,
} from './work-order.state-machine';
import {
  Appointment,
  CarryIn,
  Cancellation,
  CustomerSignature,
  Decline,
  Escalation,
  EscalationReason,
  PartNeeded,
  PartReplaced,
  PartsWait,
  Priority,
  PRIORITIES,
  Product,
  RepeatRepairLink,
  Rework,
  ServiceReport,
  Site,
  Verification,
  WORK_ORDER_TYPES,
  WorkOrderType,
} from './work-order.types';

/** Why an order went to (or did not find) a technician: kept on the order for every decision. */
export interface AssignmentDecision {
  /** 1 for the first decision on the order, 2 for the next (after a decline or a failed attempt)… */
  readonly attempt: number;
  readonly decidedAt: Date;
  readonly override: boolean;
  /** The dispatcher who overrode; null for automatic decisions. */
  readonly decidedBy: string | null;
  readonly reason: string | null;
  readonly winnerTechnicianId: string | null;
  readonly winnerScore: number | null;
  readonly config: AssignmentConfig;
  readonly lastTechnicianId: string | null;
  readonly repeatRepair: boolean;
  /**
   * A dispatcher's reassignment: the technician the order was taken from, the state it was in and
   * the appointment that technician had agreed (cleared: the new technician agrees their own —
   * the dispatcher can pass this window on). Null for every other decision; absent on decisions
   * stored before reassignment existed.
   */
  readonly previousTechnicianId?: string | null;
  readonly previousStatus?: WorkOrderStatus | null;
  readonly previousAppointment?: Appointment | null;
  /** Every technician considered, eligible ones in rank order first (override: the named one). */
  readonly candidates: readonly CandidateEvaluation[];
}

export interface CreateWorkOrderInput {
  id: string;
  tenantId: string;
  caseId: string;
  type: WorkOrderType;
  priority: Priority;
  site: Site;
  product: Product;
  serialNo: string;
  requiredSkills: readonly string[];
  /**
   * The SLA clocks (libs/sla `resolveClock` for tenant, case type, priority and zone: e.g. 6
   * working hours in the city, completion 2 working days pausing in awaiting_parts), started at
   * `startedAt` (when the case was routed; default `at`) on their calendars (`calendars`, then
   * libs/sla's defaults).
   */
  clocks?: { arrival: WorkOrderClockDefinition; completion: WorkOrderClockDefinition; startedAt?: Date };
  /** Or fixed deadlines (imports, tests): calendar-time clocks that never pause, due at these instants. */
  arrivalDeadline?: Date;
  completionDeadline?: Date;
  calendars?: readonly BusinessCalendar[];
  at?: Date;
}

/** The persisted shape: plain data with Dates, no pending events (the repository stores those). */
export interface WorkOrderSnapshot {
  id: string;
  tenantId: string;
  version: number;
  handledMessageIds: string[];
  caseId: string;
  type: WorkOrderType;
  priority: Priority;
  status: WorkOrderStatus;
  site: Site;
  product: Product;
  serialNo: string;
  requiredSkills: string[];
  /** The SLA clocks: the source of the deadlines, their pauses and breaches. */
  clocks: WorkOrderClocks;
  /** The arrival clock's deadline (the last one computed, should a policy ever pause it). */
  arrivalDeadline: Date;
  /** The completion clock's deadline: null while it is paused (awaiting parts) or held for QC. */
  completionDeadline: Date | null;
  createdAt: Date;
  technicianId: string | null;
  assignedAt: Date | null;
  acceptedAt: Date | null;
  appointment: Appointment | null;
  departedAt: Date | null;
  arrivedAt: Date | null;
  startedAt: Date | null;
  partsWaits: PartsWait[];
  carryIns: CarryIn[];
  report: ServiceReport | null;
  completedAt: Date | null;
  verification: Verification | null;
  reworks: Rework[];
  closedAt: Date | null;
  closedBy: string | null;
  cancellation: Cancellation | null;
  declines: Decline[];
  assignmentDecisions: AssignmentDecision[];
  escalations: Escalation[];
  carryOverCount: number;
  lastCarriedOverAt: Date | null;
  arrivalBreachedAt: Date | null;
  completionOverdueAt: Date | null;
  repeatRepair: RepeatRepairLink | null;
}

/** A dispatcher's override: the technician named, who, why, and the ranking context. */
export interface OverrideInput {
  technician: AssignableTechnician;
  dispatcherId: string;
  reason?: string | null;
  context: AssignmentContext;
}

type State = Omit<WorkOrderSnapshot, 'id' | 'tenantId' | 'version' | 'handledMessageIds'>;
type EventData<K extends WorkOrderEventName> = Omit<WorkOrderEventDataMap[K], keyof WorkOrderEventBase>;

const iso = (d: Date): string => d.toISOString();
const isoOrNull = (d: Date | null): string | null => (d ? d.toISOString() : null);
const now = (): Date => new Date();
const trimOrNull = (s: string | null | undefined): string | null => (s && s.trim() ? s.trim() : null);

/**
 * Copies plain data (objects, arrays, Dates). Not `structuredClone`: its Dates come from the main
 * realm, which breaks `instanceof Date` inside sandboxes such as Jest's.
 */
function deepCopy<T>(value: T): T {
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(deepCopy) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = deepCopy(v);
    return out as T;
  }
  return value;
}

function partsReplacedData(parts: readonly PartReplaced[]): PartReplacedData[] {
  return parts.map((p) => ({ ...p }));
}

function signatureData(s: CustomerSignature): SignatureData {
  return { name: s.name, signedAt: iso(s.signedAt), signatureRef: s.signatureRef };
}

function reportData(r: ServiceReport): ServiceReportData {
  return {
    faultCause: r.faultCause,
    faultCategory: r.faultCategory,
    resolution: r.resolution,
    partsReplaced: partsReplacedData(r.partsReplaced),
    labourHours: r.labourHours,
    travelHours: r.travelHours,
    personTimes: r.personTimes,
    customerAcceptance: signatureData(r.customerAcceptance),
  };
}

/**
 * A work order (派工单): one field job for one service case, from creation through assignment,
 * the visit (or carry-in repair), the service report, QC verification and closing. Every change
 * goes through `workOrderStateMachine`; every fact is recorded as an event whose caseId is the
 * order's caseId. Commands take the moment they happen (`at`, default now) so the domain stays pure.
 */
export class WorkOrder
  extends AggregateRoot
  implements AssignableOrder, QueuedOrder, DeadlineSubject, AppraisedOrder
{
  private constructor(
    id: string,
    tenantId: string,
    version: number,
    handled: readonly string[],
    private readonly s: State,
    /** The business calendars the clocks run on (not stored: configuration). */
    private readonly calendars: readonly BusinessCalendar[],
  ) {
    super(id, tenantId, version, handled);
  }

  // ---------------------------------------------------------------- factories and persistence

  static create(input: CreateWorkOrderInput): WorkOrder {
    const at = input.at ?? now();
    const errors: string[] = [];
    for (const f of ['id', 'tenantId', 'caseId', 'serialNo'] as const) if (!isNonBlank(input[f])) errors.push(f);
    if (!(WORK_ORDER_TYPES as readonly string[]).includes(input.type)) errors.push('type');
    if (!(PRIORITIES as readonly string[]).includes(input.priority)) errors.push('priority');
    if (!input.site || typeof input.site !== 'object') errors.push('site');
    else {
      if (!isNonBlank(input.site.address)) errors.push('site.address');
      if (!isValidGeoPoint({ lat: input.site.lat, lng: 0 })) errors.push('site.lat');
      if (!isValidGeoPoint({ lat: 0, lng: input.site.lng })) errors.push('site.lng');
      if (!isZone(input.site.zone)) errors.push('site.zone');
    }
    if (!input.product || typeof input.product !== 'object') errors.push('product');
    else {
      if (!isNonBlank(input.product.model)) errors.push('product.model');
      if (!isNonBlank(input.product.line)) errors.push('product.line');
    }
    if (!Array.isArray(input.requiredSkills) || !input.requiredSkills.every(isNonBlank)) errors.push('requiredSkills');
    if (!isValidDate(at)) errors.push('at');
    const calendars = input.calendars ?? DEFAULT_CALENDARS;
    const clocks = WorkOrder.startClocks(input, calendars, at, errors);
    assertNoErrors(errors);
    if (!clocks) throw new Error('unreachable: clocks are validated above');

    const order = new WorkOrder(input.id.trim(), input.tenantId.trim(), 0, [], {
      caseId: input.caseId.trim(),
      type: input.type,
      priority: input.priority,
      status: 'created',
      site: { address: input.site.address.trim(), lat: input.site.lat, lng: input.site.lng, zone: input.site.zone },
      product: { model: input.product.model.trim(), line: input.product.line.trim() },
      serialNo: input.serialNo.trim(),
      requiredSkills: [...new Set(input.requiredSkills.map((s) => s.trim()))],
      clocks,
      arrivalDeadline: clocks.arrival.deadline as Date,
      completionDeadline: clocks.completion.deadline as Date,
      createdAt: new Date(at),
      technicianId: null,
      assignedAt: null,
      acceptedAt: null,
      appointment: null,
      departedAt: null,
      arrivedAt: null,
      startedAt: null,
      partsWaits: [],
      carryIns: [],
      report: null,
      completedAt: null,
      verification: null,
      reworks: [],
      closedAt: null,
      closedBy: null,
      cancellation: null,
      declines: [],
      assignmentDecisions: [],
      escalations: [],
      carryOverCount: 0,
      lastCarriedOverAt: null,
      arrivalBreachedAt: null,
      completionOverdueAt: null,
      repeatRepair: null,
    }, calendars);
    const s = order.s;
    order.emit(
      'created',
      {
        type: s.type,
        priority: s.priority,
        site: { ...s.site },
        product: { ...s.product },
        serialNo: s.serialNo,
        requiredSkills: [...s.requiredSkills],
        arrivalDeadline: iso(s.arrivalDeadline),
        completionDeadline: iso(s.completionDeadline as Date),
        createdAt: iso(at),
      },
      at,
    );
    // The clocks follow the order's state from its first one (a policy could pause in `created`).
    order.clocksEnter('created', at);
    return order;
  }

  /**
   * The arrival and completion clocks of a new order: the policy clocks when given, else the
   * fixed deadlines. Names the bad fields in `errors` and returns null when it cannot start them.
   */
  private static startClocks(
    input: CreateWorkOrderInput,
    calendars: readonly BusinessCalendar[],
    at: Date,
    errors: string[],
  ): WorkOrderClocks | null {
    const definitions = input.clocks;
    if (definitions) {
      const startedAt = definitions.startedAt ?? at;
      if (!isValidDate(startedAt)) {
        errors.push('clocks.startedAt');
        return null;
      }
      const start = (name: 'arrival' | 'completion'): WorkOrderClock | null => {
        try {
          return startOrderClock(definitions[name], calendars, startedAt);
        } catch (error) {
          if (!(error instanceof SlaError)) throw error;
          errors.push(`clocks.${name}`);
          return null;
        }
      };
      const arrival = start('arrival');
      const completion = start('completion');
      return arrival && completion ? { arrival, completion } : null;
    }
    const from = isValidDate(at) ? at : new Date(0);
    if (!isValidDate(input.arrivalDeadline)) errors.push('arrivalDeadline');
    if (!isValidDate(input.completionDeadline)) errors.push('completionDeadline');
    else if (isValidDate(input.arrivalDeadline) && input.completionDeadline < input.arrivalDeadline)
      errors.push('completionDeadline');
    if (!isValidDate(input.arrivalDeadline) || !isValidDate(input.completionDeadline)) return null;
    return {
      arrival: fixedDeadlineClock('arrival', from, input.arrivalDeadline),
      completion: fixedDeadlineClock('completion', from, input.completionDeadline),
    };
  }

  /** Fixed-deadline clocks for a document stored before clocks, brought to where the order stands. */
  private static legacyClocks(state: State): WorkOrderClocks {
    const none: readonly BusinessCalendar[] = [];
    let arrival = fixedDeadlineClock('arrival', state.createdAt, state.arrivalDeadline);
    let completion = fixedDeadlineClock('completion', state.createdAt, state.completionDeadline ?? state.arrivalDeadline);
    const ended = state.cancellation?.cancelledAt ?? null;
    if (state.arrivedAt) arrival = orderClock.stop(arrival, none, state.arrivedAt, 'on site');
    if (state.completedAt) completion = orderClock.hold(completion, none, COMPLETED_HOLD, state.completedAt);
    if (state.verification) completion = orderClock.stop(completion, none, state.verification.verifiedAt, 'verified');
    if (ended) {
      arrival = orderClock.stop(arrival, none, ended, 'cancelled');
      completion = orderClock.stop(completion, none, ended, 'cancelled');
    }
    if (state.arrivalBreachedAt) arrival = orderClock.settle(arrival, state.arrivalBreachedAt);
    if (state.completionOverdueAt) completion = orderClock.settle(completion, state.completionOverdueAt);
    return { arrival, completion };
  }

  /**
   * Restores a stored order. A document stored before the order kept SLA clocks gets fixed-deadline
   * clocks from its stored deadlines (calendar time, never paused), as it was measured then.
   */
  static fromSnapshot(snapshot: WorkOrderSnapshot, options: { calendars?: readonly BusinessCalendar[] } = {}): WorkOrder {
    const { id, tenantId, version, handledMessageIds, ...state } = deepCopy(snapshot);
    if (!state.clocks) state.clocks = WorkOrder.legacyClocks(state);
    return new WorkOrder(id, tenantId, version, handledMessageIds, state, options.calendars ?? DEFAULT_CALENDARS);
  }

  toSnapshot(): WorkOrderSnapshot {
    return {
      id: this.id,
      tenantId: this.tenantId,
      version: this.version,
      handledMessageIds: [...this.handledMessageIds],
      ...deepCopy(this.s),
    };
  }

  // ---------------------------------------------------------------- reads

  get caseId(): string {
    return this.s.caseId;
  }
  get type(): WorkOrderType {
    return this.s.type;
  }
  get priority(): Priority {
    return this.s.priority;
  }
  get status(): WorkOrderStatus {
    return this.s.status;
  }
  get site(): Site {
    return this.s.site;
  }
  get product(): Product {
    return this.s.product;
  }
  get serialNo(): string {
    return this.s.serialNo;
  }
  get requiredSkills(): readonly string[] {
    return this.s.requiredSkills;
  }
  get arrivalDeadline(): Date {
    return this.s.arrivalDeadline;
  }
  /** The completion clock's deadline; null while the clock is paused (awaiting parts, held for QC). */
  get completionDeadline(): Date | null {
    return this.s.completionDeadline;
  }
  /** The SLA clocks (libs/sla) with the states that pause them. */
  get clocks(): WorkOrderClocks {
    return this.s.clocks;
  }
  /** When a deadline check can next find a breach (see `nextDeadlineCheckAt`); null = none pending. */
  get nextDeadlineCheckAt(): Date | null {
    return nextDeadlineCheckAt(this);
  }
  get createdAt(): Date {
    return this.s.createdAt;
  }
  get technicianId(): string | null {
    return this.s.technicianId;
  }
  get appointment(): Appointment | null {
    return this.s.appointment;
  }
  get arrivedAt(): Date | null {
    return this.s.arrivedAt;
  }
  get completedAt(): Date | null {
    return this.s.completedAt;
  }
  get report(): ServiceReport | null {
    return this.s.report;
  }
  get partsWaits(): readonly PartsWait[] {
    return this.s.partsWaits;
  }
  get carryIns(): readonly CarryIn[] {
    return this.s.carryIns;
  }
  /** The carry-in in progress or last completed, if any. */
  get currentCarryIn(): CarryIn | null {
    return this.s.carryIns[this.s.carryIns.length - 1] ?? null;
  }
  get verification(): Verification | null {
    return this.s.verification;
  }
  get reworkCount(): number {
    return this.s.reworks.length;
  }
  get reworks(): readonly Rework[] {
    return this.s.reworks;
  }
  get declines(): readonly Decline[] {
    return this.s.declines;
  }
  get declinedTechnicianIds(): readonly string[] {
    return this.s.declines.map((d) => d.technicianId);
  }
  get assignmentDecisions(): readonly AssignmentDecision[] {
    return this.s.assignmentDecisions;
  }
  get escalations(): readonly Escalation[] {
    return this.s.escalations;
  }
  /** The order has been escalated to the dispatcher at least once. */
  get escalated(): boolean {
    return this.s.escalations.length > 0;
  }
  get carryOverCount(): number {
    return this.s.carryOverCount;
  }
  get carriedOver(): boolean {
    return this.s.carryOverCount > 0;
  }
  get lastCarriedOverAt(): Date | null {
    return this.s.lastCarriedOverAt;
  }
  /** Position class in the dispatch queue (lower first), see `queueRank`. */
  get queueRank(): number {
    return queueRank(this.s.priority, this.s.carryOverCount);
  }
  get arrivalBreachedAt(): Date | null {
    return this.s.arrivalBreachedAt;
  }
  get completionOverdueAt(): Date | null {
    return this.s.completionOverdueAt;
  }
  get repeatRepair(): RepeatRepairLink | null {
    return this.s.repeatRepair;
  }
  get cancellation(): Cancellation | null {
    return this.s.cancellation;
  }

  /** Can the order take this action now (per the transition table)? */
  can(action: WorkOrderAction): boolean {
    return workOrderStateMachine.can(this.s.status, action);
  }

  // ---------------------------------------------------------------- assignment

  /**
   * Automatic assignment: ranks the technicians (`rankCandidates`) and assigns the winner. With no
   * eligible candidate the order stays where it is, `unassigned` is recorded and the order is
   * escalated to the dispatcher (once per run of failed attempts). Either way the decision, with
   * every candidate and why, is kept in `assignmentDecisions` and returned (the caller then counts
   * the order against the winner's capacity: `Technician.takeOrder()`).
   */
  autoAssign(technicians: readonly AssignableTechnician[], context: AssignmentContext): AssignmentDecision {
    this.guard('assign');
    const ranking = rankCandidates(this, technicians, context);
    const at = context.now;
    const previous = this.s.assignmentDecisions[this.s.assignmentDecisions.length - 1];
    const decision = this.decide({
      at,
      override: false,
      decidedBy: null,
      reason: null,
      winner: ranking.winner,
      candidates: ranking.candidates,
      config: ranking.config,
      context,
    });
    if (ranking.winner) {
      this.applyAssignment(decision, ranking.winner, ranking.candidates);
    } else {
      const rejections = Object.fromEntries(REJECTION_REASONS.map((r) => [r, 0])) as unknown as RejectionCounts;
      for (const c of ranking.candidates) for (const r of c.rejectedBecause ?? []) rejections[r] += 1;
      this.emit(
        'unassigned',
        { attempt: decision.attempt, evaluatedCandidates: ranking.candidates.length, rejections, decidedAt: iso(at) },
        at,
      );
      if (!previous || previous.winnerTechnicianId !== null) this.addEscalation('no_candidate', at, null, null);
    }
    return decision;
  }

  /**
   * A dispatcher assigns a named technician, bypassing the ranking. The technician is still
   * evaluated and the failed filters are kept in the decision (`override: true`, who, why), but
   * only another tenant's technician (404) or an inactive one (422) is refused.
   *
   * From `assigned`, `accepted` or `scheduled` (before the technician sets off) this is a
   * reassignment (`reassign`): the order goes back to `assigned` for the new technician, who must
   * accept it and agree the appointment again — the previous technician's appointment is cleared
   * (kept in the decision as `previousAppointment`, so the dispatcher can pass the window on).
   * The previous technician is recorded in the decision and in `assigned`
   * (`previousTechnicianId`); the caller frees their slot. Naming the technician who already holds
   * the order is refused (422 WORK_ORDER_ALREADY_ASSIGNED_TO_TECHNICIAN).
   */
  overrideAssign(input: OverrideInput): AssignmentDecision {
    return this.override(input, this.can('assign') ? 'assign' : 'reassign');
  }

  /** The dispatcher's reassignment only (see `overrideAssign`): from assigned, accepted, scheduled. */
  reassign(input: OverrideInput): AssignmentDecision {
    return this.override(input, 'reassign');
  }

  private override(input: OverrideInput, action: 'assign' | 'reassign'): AssignmentDecision {
    this.guard(action);
    const reassigning = action === 'reassign';
    const { technician: t, context } = input;
    assertNoErrors([
      ...(isNonBlank(input.dispatcherId) ? [] : ['dispatcherId']),
      ...(isValidDate(context.now) ? [] : ['now']),
    ]);
    if (t.tenantId !== this.tenantId)
      throw new DomainError(WorkOrderErrors.TECHNICIAN_NOT_FOUND, `Technician ${t.id} not found`, 'not_found', {
        technicianId: t.id,
      });
    if (!t.active)
      throw new DomainError(WorkOrderErrors.TECHNICIAN_INACTIVE, `Technician ${t.id} is not active`, 'rule', {
        technicianId: t.id,
      });
    if (reassigning && t.id === this.s.technicianId)
      throw new DomainError(WorkOrderErrors.ALREADY_ASSIGNED, `Work order ${this.id} is already assigned to ${t.id}`, 'rule', {
        technicianId: t.id,
      });
    const previous = reassigning
      ? { technicianId: this.s.technicianId, status: this.s.status, appointment: this.s.appointment }
      : null;
    const config = resolveAssignmentConfig(context);
    const evaluation = evaluateCandidate(this, t, context, config);
    const decision = this.decide({
      at: context.now,
      override: true,
      decidedBy: input.dispatcherId.trim(),
      reason: trimOrNull(input.reason),
      winner: evaluation,
      candidates: [evaluation],
      config,
      context,
      previous,
    });
    this.applyAssignment(decision, evaluation, [evaluation]);
    return decision;
  }

  private decide(d: {
    at: Date;
    override: boolean;
    decidedBy: string | null;
    reason: string | null;
    winner: CandidateEvaluation | null;
    candidates: CandidateEvaluation[];
    config: AssignmentConfig;
    context: AssignmentContext;
    previous?: { technicianId: string | null; status: WorkOrderStatus; appointment: Appointment | null } | null;
  }): AssignmentDecision {
    const decision: AssignmentDecision = {
      attempt: this.s.assignmentDecisions.length + 1,
      decidedAt: new Date(d.at),
      override: d.override,
      decidedBy: d.decidedBy,
      reason: d.reason,
      winnerTechnicianId: d.winner?.technicianId ?? null,
      winnerScore: d.winner?.score ?? null,
      config: { ...d.config },
      lastTechnicianId: d.context.lastTechnicianId ?? null,
      repeatRepair: !!d.context.repeatRepair,
      previousTechnicianId: d.previous?.technicianId ?? null,
      previousStatus: d.previous?.status ?? null,
      previousAppointment: d.previous?.appointment ?? null,
      candidates: d.candidates,
    };
    this.s.assignmentDecisions.push(decision);
    return decision;
  }

  private applyAssignment(
    decision: AssignmentDecision,
    winner: CandidateEvaluation,
    candidates: readonly CandidateEvaluation[],
  ): void {
    const at = decision.decidedAt;
    const previousTechnicianId = decision.previousTechnicianId ?? null;
    this.moveTo(this.guard(previousTechnicianId ? 'reassign' : 'assign'), at);
    this.s.technicianId = winner.technicianId;
    this.s.assignedAt = new Date(at);
    if (previousTechnicianId) {
      // The new technician accepts and agrees the visit themselves.
      this.s.acceptedAt = null;
      this.s.appointment = null;
    }
    this.emit(
      'assigned',
      {
        technicianId: winner.technicianId,
        override: decision.override,
        decidedBy: decision.decidedBy,
        reason: decision.reason,
        attempt: decision.attempt,
        score: winner.score,
        etaMinutes: winner.etaMinutes,
        canMeetDeadline: winner.canMeetDeadline,
        evaluatedCandidates: candidates.length,
        eligibleCandidates: candidates.filter((c) => c.eligible).length,
        arrivalDeadline: iso(this.s.arrivalDeadline),
        assignedAt: iso(at),
        previousTechnicianId,
      },
      at,
    );
  }

  /** The assigned technician takes the job. */
  accept(input: { technicianId: string; at?: Date }): void {
    const next = this.guard('accept');
    this.assertAssignee(input.technicianId);
    const at = input.at ?? now();
    this.moveTo(next, at);
    this.s.acceptedAt = at;
    this.emit('accepted', { technicianId: input.technicianId, acceptedAt: iso(at) }, at);
  }

  /**
   * The assigned technician turns the job down: the order goes back for reassignment and that
   * technician is never offered it again (`declinedTechnicianIds`).
   */
  decline(input: { technicianId: string; reason: string; at?: Date }): void {
    const next = this.guard('decline');
    this.assertAssignee(input.technicianId);
    assertNoErrors(isNonBlank(input.reason) ? [] : ['reason']);
    const at = input.at ?? now();
    this.s.declines.push({ technicianId: input.technicianId, reason: input.reason.trim(), at });
    this.moveTo(next, at);
    this.s.technicianId = null;
    this.s.assignedAt = null;
    this.emit(
      'declined',
      {
        technicianId: input.technicianId,
        reason: input.reason.trim(),
        declineCount: this.s.declines.length,
        declinedAt: iso(at),
      },
      at,
    );
  }

  // ---------------------------------------------------------------- the visit

  /** The appointment window agreed with the customer (again, to reschedule). */
  schedule(input: { windowStart: Date; windowEnd: Date; agreedWith?: string | null; at?: Date }): void {
    const next = this.guard('schedule');
    const errors: string[] = [];
    if (!isValidDate(input.windowStart)) errors.push('windowStart');
    if (!isValidDate(input.windowEnd) || (isValidDate(input.windowStart) && input.windowEnd <= input.windowStart))
      errors.push('windowEnd');
    assertNoErrors(errors);
    const at = input.at ?? now();
    const rescheduled = this.s.appointment !== null;
    this.s.appointment = {
      windowStart: new Date(input.windowStart),
      windowEnd: new Date(input.windowEnd),
      agreedWith: trimOrNull(input.agreedWith),
      agreedAt: at,
    };
    this.moveTo(next, at);
    this.emit(
      'scheduled',
      {
        technicianId: this.assignee(),
        windowStart: iso(input.windowStart),
        windowEnd: iso(input.windowEnd),
        agreedWith: this.s.appointment.agreedWith,
        rescheduled,
        beyondArrivalDeadline: input.windowStart > this.s.arrivalDeadline,
        scheduledAt: iso(at),
      },
      at,
    );
  }

  departForSite(input: { estimatedArrivalAt?: Date | null; at?: Date } = {}): void {
    const next = this.guard('depart');
    const eta = input.estimatedArrivalAt ?? null;
    assertNoErrors(eta === null || isValidDate(eta) ? [] : ['estimatedArrivalAt']);
    const at = input.at ?? now();
    this.moveTo(next, at);
    this.s.departedAt = at;
    this.emit('enRoute', { technicianId: this.assignee(), estimatedArrivalAt: isoOrNull(eta), departedAt: iso(at) }, at);
  }

  /** On site. Arriving after the arrival deadline records the breach at once (if not yet recorded). */
  arriveOnSite(input: { at?: Date } = {}): void {
    const next = this.guard('arrive');
    const at = input.at ?? now();
    this.moveTo(next, at);
    this.s.arrivedAt = at;
    this.setClocks({ ...this.s.clocks, arrival: orderClock.stop(this.s.clocks.arrival, this.calendars, at, 'on site') });
    this.emit(
      'onSite',
      {
        technicianId: this.assignee(),
        arrivalDeadline: iso(this.s.arrivalDeadline),
        onTime: at <= this.s.arrivalDeadline,
        arrivedAt: iso(at),
      },
      at,
    );
    this.checkDeadlines(at);
  }

  startWork(input: { at?: Date } = {}): void {
    const next = this.guard('start');
    const at = input.at ?? now();
    this.moveTo(next, at);
    this.s.startedAt ??= at;
    this.emit('started', { technicianId: this.assignee(), mode: 'on_site', startedAt: iso(at) }, at);
  }

  /** Work stops for parts; the parts needed are published for the parts service. */
  awaitParts(input: { parts: readonly PartNeeded[]; neededBy?: Date | null; at?: Date }): void {
    const next = this.guard('awaitParts');
    const neededBy = input.neededBy ?? null;
    assertNoErrors([
      ...partsNeededErrors(input.parts),
      ...(neededBy === null || isValidDate(neededBy) ? [] : ['neededBy']),
    ]);
    const at = input.at ?? now();
    const parts = normalisePartsNeeded(input.parts);
    this.s.partsWaits.push({ parts, neededBy: neededBy && new Date(neededBy), requestedAt: at, resumedAt: null });
    this.moveTo(next, at);
    this.emit(
      'awaitingParts',
      {
        technicianId: this.assignee(),
        parts: parts.map((p) => ({ ...p })),
        neededBy: isoOrNull(neededBy),
        shipTo: { ...this.s.site },
        productModel: this.s.product.model,
        serialNo: this.s.serialNo,
        requestedAt: iso(at),
      },
      at,
    );
  }

  resumeWork(input: { at?: Date } = {}): void {
    const next = this.guard('resume');
    const at = input.at ?? now();
    const i = this.s.partsWaits.length - 1;
    const wait = this.s.partsWaits[i];
    this.s.partsWaits[i] = { ...wait, resumedAt: at };
    this.moveTo(next, at);
    this.emit(
      'resumed',
      {
        technicianId: this.assignee(),
        waitedMinutes: Math.max(0, Math.round((at.getTime() - wait.requestedAt.getTime()) / 60_000)),
        resumedAt: iso(at),
      },
      at,
    );
  }

  // ---------------------------------------------------------------- carry-in repair

  /** Not fixable on site: the item is taken to the workshop against a receipt (客户商品领取收据). */
  carryIn(input: { receiptNo: string; promisedReturnDate: Date; at?: Date }): void {
    const next = this.guard('carryIn');
    const at = input.at ?? now();
    const errors: string[] = [];
    if (!isNonBlank(input.receiptNo)) errors.push('receiptNo');
    if (!isValidDate(input.promisedReturnDate) || input.promisedReturnDate < at) errors.push('promisedReturnDate');
    assertNoErrors(errors);
    const technicianId = this.assignee();
    const receiptNo = input.receiptNo.trim();
    this.s.carryIns.push({
      receiptNo,
      takenAt: at,
      promisedReturnDate: new Date(input.promisedReturnDate),
      technicianId,
      repairCard: null,
      inspection: null,
      returnedAt: null,
      returnSignature: null,
    });
    this.moveTo(next, at);
    this.emit(
      'carriedIn',
      {
        technicianId,
        receiptNo,
        serialNo: this.s.serialNo,
        promisedReturnDate: iso(input.promisedReturnDate),
        takenAt: iso(at),
      },
      at,
    );
  }

  /** Workshop repair begins (recorded as `started` with mode `workshop`). */
  startRepair(input: { at?: Date } = {}): void {
    const next = this.guard('startRepair');
    const at = input.at ?? now();
    this.moveTo(next, at);
    this.emit('started', { technicianId: this.assignee(), mode: 'workshop', startedAt: iso(at) }, at);
  }

  /**
   * Writes the repair card (修护卡): the actual hours so far and the parts fitted, as a whole (each
   * update replaces the card). Recorded as `repair-card-updated` so parts consumption and hours are
   * visible before the supervisor signs off.
   */
  updateRepairCard(input: { actualHours: number; parts: readonly PartReplaced[]; notes?: string | null; at?: Date }): void {
    const next = this.guard('updateRepairCard');
    assertNoErrors([
      ...(isNonNegativeNumber(input.actualHours) ? [] : ['actualHours']),
      ...partsReplacedErrors(input.parts, 'parts'),
    ]);
    const at = input.at ?? now();
    const parts = normalisePartsReplaced(input.parts);
    const notes = trimOrNull(input.notes);
    const ci = this.updateCurrentCarryIn((c) => ({
      ...c,
      repairCard: { actualHours: input.actualHours, parts, notes, updatedAt: at },
    }));
    this.moveTo(next, at);
    this.emit(
      'repairCardUpdated',
      {
        technicianId: ci.technicianId,
        receiptNo: ci.receiptNo,
        actualHours: input.actualHours,
        parts: partsReplacedData(parts),
        notes,
        updatedAt: iso(at),
      },
      at,
    );
  }

  /** The supervisor (服务主任) inspects the repair and signs it off; needs a repair card. */
  markRepaired(input: { inspectedBy: string; remarks?: string | null; at?: Date }): void {
    const next = this.guard('markRepaired');
    assertNoErrors(isNonBlank(input.inspectedBy) ? [] : ['inspectedBy']);
    const current = this.currentCarryIn as CarryIn;
    const card = current.repairCard;
    if (!card)
      throw new DomainError(
        WorkOrderErrors.REPAIR_CARD_MISSING,
        'The repair card (hours and parts) must be filled before the inspection',
        'rule',
        { receiptNo: current.receiptNo },
      );
    const at = input.at ?? now();
    const remarks = trimOrNull(input.remarks);
    const inspectedBy = input.inspectedBy.trim();
    this.updateCurrentCarryIn((c) => ({ ...c, inspection: { inspectedBy, inspectedAt: at, remarks } }));
    this.moveTo(next, at);
    this.emit(
      'repaired',
      {
        technicianId: current.technicianId,
        receiptNo: current.receiptNo,
        actualHours: card.actualHours,
        parts: partsReplacedData(card.parts),
        inspectedBy,
        remarks,
        inspectedAt: iso(at),
      },
      at,
    );
  }

  /** The item goes back to the customer, who signs; the receipt is void from now on. */
  returnToCustomer(input: { signature: CustomerSignature; at?: Date }): void {
    const next = this.guard('returnToCustomer');
    assertNoErrors(signatureErrors(input.signature, 'signature'));
    const at = input.at ?? now();
    const signature: CustomerSignature = {
      name: input.signature.name.trim(),
      signedAt: new Date(input.signature.signedAt),
      signatureRef: input.signature.signatureRef.trim(),
    };
    const ci = this.updateCurrentCarryIn((c) => ({ ...c, returnedAt: at, returnSignature: signature }));
    this.moveTo(next, at);
    this.emit(
      'returned',
      {
        technicianId: ci.technicianId,
        receiptNo: ci.receiptNo,
        promisedReturnDate: iso(ci.promisedReturnDate),
        late: at > ci.promisedReturnDate,
        signature: signatureData(signature),
        returnedAt: iso(at),
      },
      at,
    );
  }

  // ---------------------------------------------------------------- completion, QC, closing

  /**
   * Files the service report and completes the job (from in_progress, or from returned after a
   * carry-in: then the return signature stands in for a missing customer acceptance). An incomplete
   * report is refused (`WORK_ORDER_REPORT_INCOMPLETE`). Completing after the completion deadline
   * records the overdue at once (if not yet recorded).
   */
  complete(input: { report: ServiceReportInput; at?: Date }): void {
    const next = this.guard('complete');
    const carriedIn = this.s.status === 'returned';
    const report = validateServiceReport(input.report, {
      fallbackAcceptance: carriedIn ? this.currentCarryIn?.returnSignature : null,
    });
    const at = input.at ?? now();
    this.s.report = report;
    this.s.completedAt = at;
    this.moveTo(next, at);
    // Held, not stopped: a QC rework resumes it; `verify` stops it.
    this.setClocks({ ...this.s.clocks, completion: orderClock.hold(this.s.clocks.completion, this.calendars, COMPLETED_HOLD, at) });
    this.emit(
      'completed',
      {
        technicianId: this.assignee(),
        type: this.s.type,
        productModel: this.s.product.model,
        productLine: this.s.product.line,
        serialNo: this.s.serialNo,
        report: reportData(report),
        carriedIn,
        reworkCount: this.s.reworks.length,
        onTimeArrival: !!this.s.arrivedAt && this.s.arrivedAt <= this.s.arrivalDeadline,
        completedAt: iso(at),
      },
      at,
    );
    this.checkDeadlines(at);
  }

  /** QC passes. */
  verify(input: { verifiedBy: string; remarks?: string | null; at?: Date }): void {
    const next = this.guard('verify');
    assertNoErrors(isNonBlank(input.verifiedBy) ? [] : ['verifiedBy']);
    const at = input.at ?? now();
    const verification = { verifiedBy: input.verifiedBy.trim(), verifiedAt: at, remarks: trimOrNull(input.remarks) };
    this.s.verification = verification;
    this.moveTo(next, at);
    this.setClocks({ ...this.s.clocks, completion: orderClock.stop(this.s.clocks.completion, this.calendars, at, 'verified') });
    this.emit(
      'verified',
      {
        technicianId: this.assignee(),
        verifiedBy: verification.verifiedBy,
        remarks: verification.remarks,
        reworkCount: this.s.reworks.length,
        verifiedAt: iso(at),
      },
      at,
    );
  }

  /** QC fails: the completed order goes back to in_progress as rework (责令返修), counted. */
  requireRework(input: { inspectedBy: string; reason: string; at?: Date }): void {
    const next = this.guard('requireRework');
    const errors: string[] = [];
    if (!isNonBlank(input.inspectedBy)) errors.push('inspectedBy');
    if (!isNonBlank(input.reason)) errors.push('reason');
    assertNoErrors(errors);
    const at = input.at ?? now();
    this.s.reworks.push({ inspectedBy: input.inspectedBy.trim(), reason: input.reason.trim(), at });
    this.s.completedAt = null;
    this.moveTo(next, at);
    // The job is open again: the completion clock goes on from the time it had used.
    this.setClocks({ ...this.s.clocks, completion: orderClock.release(this.s.clocks.completion, this.calendars, COMPLETED_HOLD, at) });
    this.emit(
      'reworkRequired',
      {
        technicianId: this.assignee(),
        inspectedBy: input.inspectedBy.trim(),
        reason: input.reason.trim(),
        reworkCount: this.s.reworks.length,
        requiredAt: iso(at),
      },
      at,
    );
  }

  close(input: { closedBy: string; at?: Date }): void {
    const next = this.guard('close');
    assertNoErrors(isNonBlank(input.closedBy) ? [] : ['closedBy']);
    const at = input.at ?? now();
    this.s.closedAt = at;
    this.s.closedBy = input.closedBy.trim();
    this.moveTo(next, at);
    this.emit('closed', { technicianId: this.assignee(), closedBy: this.s.closedBy, closedAt: iso(at) }, at);
  }

  /** Cancels the order (not once completed, nor while the customer's item is in the workshop). */
  cancel(input: { reason: string; cancelledBy: string; at?: Date }): void {
    const next = this.guard('cancel');
    const errors: string[] = [];
    if (!isNonBlank(input.reason)) errors.push('reason');
    if (!isNonBlank(input.cancelledBy)) errors.push('cancelledBy');
    assertNoErrors(errors);
    const at = input.at ?? now();
    const previousStatus = this.s.status;
    this.s.cancellation = {
      reason: input.reason.trim(),
      cancelledBy: input.cancelledBy.trim(),
      cancelledAt: at,
      previousStatus,
    };
    this.moveTo(next, at);
    this.setClocks({
      arrival: orderClock.stop(this.s.clocks.arrival, this.calendars, at, 'cancelled'),
      completion: orderClock.stop(this.s.clocks.completion, this.calendars, at, 'cancelled'),
    });
    this.emit(
      'cancelled',
      {
        technicianId: this.s.technicianId,
        reason: this.s.cancellation.reason,
        cancelledBy: this.s.cancellation.cancelledBy,
        previousStatus,
        cancelledAt: iso(at),
      },
      at,
    );
  }

  // ---------------------------------------------------------------- watching the order

  /** The technician asks the dispatcher for help (e.g. the promised time cannot be kept). */
  escalate(input: { note: string; raisedBy: string; at?: Date }): void {
    if (TERMINAL_STATUSES.includes(this.s.status)) throw new IllegalTransitionError('Work order', this.s.status, 'escalate');
    const errors: string[] = [];
    if (!isNonBlank(input.note)) errors.push('note');
    if (!isNonBlank(input.raisedBy)) errors.push('raisedBy');
    assertNoErrors(errors);
    this.addEscalation('technician_request', input.at ?? now(), input.note.trim(), input.raisedBy.trim());
  }

  /**
   * Records the deadlines newly breached at `now` (see `checkOverdue`): each breach once, with an
   * escalation to the dispatcher while it is still open (nothing to escalate about an arrival or a
   * completion that already happened late). Safe to call repeatedly, e.g. from a scheduler.
   */
  checkDeadlines(at: Date = now()): OverdueResult {
    const result = checkOverdue(this, at);
    // The clocks record the breaches too (at their deadlines): the view shows them, and a breach
    // once recorded is never reported again.
    if (result.arrival || result.completion)
      this.setClocks({
        arrival: result.arrival ? orderClock.settle(this.s.clocks.arrival, at) : this.s.clocks.arrival,
        completion: result.completion ? orderClock.settle(this.s.clocks.completion, at) : this.s.clocks.completion,
      });
    if (result.arrival) {
      this.s.arrivalBreachedAt = at;
      this.emit(
        'arrivalDeadlineBreached',
        {
          technicianId: this.s.technicianId,
          arrivalDeadline: iso(result.arrival.deadline),
          arrivedAt: isoOrNull(result.arrival.actualAt),
          minutesLate: result.arrival.minutesLate,
          status: this.s.status,
          detectedAt: iso(at),
        },
        at,
      );
      if (!result.arrival.actualAt) this.addEscalation('arrival_deadline_breached', at, null, null);
    }
    if (result.completion) {
      this.s.completionOverdueAt = at;
      this.emit(
        'completionOverdue',
        {
          technicianId: this.s.technicianId,
          completionDeadline: iso(result.completion.deadline),
          completedAt: isoOrNull(result.completion.actualAt),
          minutesLate: result.completion.minutesLate,
          status: this.s.status,
          detectedAt: iso(at),
        },
        at,
      );
      if (!result.completion.actualAt) this.addEscalation('completion_overdue', at, null, null);
    }
    return result;
  }

  /**
   * End of the working day: an order still waiting for a technician is carried over and gets
   * priority in tomorrow's queue (`carryOverPriority`). Returns whether anything changed.
   */
  carryOver(at: Date, endOfDay: Date): boolean {
    const next = carryOverPriority(this, at, endOfDay);
    if (next.carryOverCount === this.s.carryOverCount) return false;
    this.s.carryOverCount = next.carryOverCount;
    this.s.lastCarriedOverAt = next.lastCarriedOverAt;
    return true;
  }

  /** This order as an entry of its asset's repair history; null until it is completed. */
  toCompletedRepair(): CompletedRepair | null {
    if (!this.s.report || !this.s.completedAt || !DONE_STATUSES.includes(this.s.status)) return null;
    return {
      workOrderId: this.id,
      caseId: this.s.caseId,
      tenantId: this.tenantId,
      serialNo: this.s.serialNo,
      faultCategory: this.s.report.faultCategory,
      completedAt: this.s.completedAt,
      technicianId: this.s.technicianId,
    };
  }

  /**
   * After completion: compares with the asset's other completed orders and, on a repeat repair
   * (same serial, same fault category within the window), records `repeat-repair-detected` — once.
   */
  checkRepeatRepair(
    history: readonly CompletedRepair[],
    options: { windowDays?: number; at?: Date } = {},
  ): RepeatRepairFinding | null {
    const self = this.toCompletedRepair();
    if (!self) throw new IllegalTransitionError('Work order', this.s.status, 'checkRepeatRepair');
    if (this.s.repeatRepair) return null;
    const finding = detectRepeatRepair(self, history, { windowDays: options.windowDays });
    if (!finding) return null;
    const at = options.at ?? now();
    this.s.repeatRepair = {
      previousWorkOrderId: finding.previousWorkOrderId,
      previousCaseId: finding.previousCaseId,
      previousTechnicianId: finding.previousTechnicianId,
      daysBetween: finding.daysBetween,
      detectedAt: at,
    };
    this.emit(
      'repeatRepairDetected',
      {
        serialNo: finding.serialNo,
        productModel: this.s.product.model,
        faultCategory: finding.faultCategory,
        technicianId: finding.technicianId,
        completedAt: iso(finding.completedAt),
        previousWorkOrderId: finding.previousWorkOrderId,
        previousCaseId: finding.previousCaseId,
        previousTechnicianId: finding.previousTechnicianId,
        previousCompletedAt: iso(finding.previousCompletedAt),
        daysBetween: finding.daysBetween,
        windowDays: finding.windowDays,
      },
      at,
    );
    return finding;
  }

  // ---------------------------------------------------------------- internals

  /** Every status change goes through here: the SLA clocks follow the state (pause / resume). */
  private moveTo(next: WorkOrderStatus, at: Date): void {
    this.s.status = next;
    this.clocksEnter(next, at);
  }

  private clocksEnter(state: WorkOrderStatus, at: Date): void {
    this.setClocks({
      arrival: orderClock.stateChanged(this.s.clocks.arrival, this.calendars, state, at),
      completion: orderClock.stateChanged(this.s.clocks.completion, this.calendars, state, at),
    });
  }

  /** Replaces the clocks and mirrors their deadlines (the arrival one keeps its last known value). */
  private setClocks(clocks: WorkOrderClocks): void {
    this.s.clocks = clocks;
    this.s.arrivalDeadline = clocks.arrival.deadline ?? this.s.arrivalDeadline;
    this.s.completionDeadline = clocks.completion.deadline;
  }

  /** The next state for the action, or IllegalTransitionError (409, WORK_ORDER_ILLEGAL_TRANSITION). */
  private guard(action: WorkOrderAction): WorkOrderStatus {
    return workOrderStateMachine.next(this.s.status, action);
  }

  private assignee(): string {
    // Every state past `assigned` holds a technician; the transition table guarantees it.
    return this.s.technicianId as string;
  }

  private assertAssignee(technicianId: string): void {
    if (technicianId !== this.s.technicianId)
      throw new DomainError(
        WorkOrderErrors.NOT_ASSIGNEE,
        `Work order ${this.id} is not assigned to technician ${technicianId}`,
        'rule',
        { technicianId, assignedTechnicianId: this.s.technicianId },
      );
  }

  private updateCurrentCarryIn(change: (c: CarryIn) => CarryIn): CarryIn {
    const i = this.s.carryIns.length - 1;
    this.s.carryIns[i] = change(this.s.carryIns[i]);
    return this.s.carryIns[i];
  }

  private addEscalation(reason: EscalationReason, at: Date, note: string | null, raisedBy: string | null): void {
    this.s.escalations.push({ reason, at, note, raisedBy });
    this.emit(
      'escalated',
      {
        reason,
        escalatedTo: 'dispatcher',
        status: this.s.status,
        technicianId: this.s.technicianId,
        note,
        raisedBy,
        escalatedAt: iso(at),
      },
      at,
    );
  }

  private emit<K extends WorkOrderEventName>(name: K, data: EventData<K>, at: Date): void {
    this.record(
      WorkOrderEventTypes[name],
      { workOrderId: this.id, caseId: this.s.caseId, tenantId: this.tenantId, ...data },
      this.s.caseId,
      at,
    );
  }
}
