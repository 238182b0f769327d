import { DomainError, IllegalTransitionError, type DomainEvent } from '@aftercare/ddd';
import { DEFAULT_CALENDARS, type BusinessCalendar } from '@aftercare/sla';
import type { AssignableTechnician } from '../../technician/domain';
import {
  assertOverridable,
  escalatesNoCandidate,
  nextDecision,
  type AssignmentDecision,
  type DecisionDraft,
  type OverrideInput,
} from './assignment/assignment-log';
import { evaluateCandidate, rankCandidates, resolveAssignmentConfig, type AssignmentContext, type CandidateEvaluation } from './assignment/rank-candidates';
import {
  CASE_WITHDRAWAL_ACTOR,
  caseWithdrawalOutcome,
  caseWithdrawalReason,
  validCancellation,
  type CancelInput,
  type CaseWithdrawalOutcome,
} from './cancellation';
import * as workshop from './carry-in';
import { checkOverdue, type OverdueResult } from './deadlines';
import { dueLadderSteps, firstLevelOf, nextLadderStepAt, type LadderStep } from './escalation-ladder';
import { carryOverPriority } from './dispatch-queue';
import { detectRepeatRepair, type CompletedRepair, type RepeatRepairFinding } from './repeat-repair';
import { validateServiceReport, type ServiceReportInput } from './service-report';
import { isNonBlank, isValidDate, normalisePartsNeeded, partsNeededErrors, trimOrNull } from './validation';
import { calendarFor, workOrderClocks } from './work-order.clocks';
import { newWorkOrder, type CreateWorkOrderInput } from './work-order.create';
import { assertNoErrors, WorkOrderErrors } from './work-order.errors';
import { toWorkOrderEvent } from './work-order.event-mapper';
import type { WorkOrderFact } from './work-order.facts';
import { WorkOrderBase } from './work-order.base';
import { deepCopy, type WorkOrderSnapshot } from './work-order.snapshot';
import { ON_THE_JOB_STATUSES, TERMINAL_STATUSES } from './work-order.state-machine';
import type { CarryIn, CustomerSignature, Escalation, EscalationReason, PartNeeded, PartReplaced, PartsWait } from './work-order.types';

export type { AssignmentDecision, OverrideInput } from './assignment/assignment-log';
export type { CreateWorkOrderInput } from './work-order.create';
export type { WorkOrderSnapshot } from './work-order.snapshot';

const now = (): Date => new Date();
const minDate = (a: Date, b: Date): Date => (a <= b ? a : b);

/**
 * A work order (派工单): one field job for one service case, from creation through assignment,
 * the visit (or carry-in repair), the service report, QC verification and closing. Every change
 * goes through `workOrderStateMachine` and records a fact (`work-order.facts.ts`), published as
 * the event `work-order.event-mapper.ts` maps it to. Commands take the moment they happen (`at`,
 * default now) so the domain stays pure.
 *
 * State and reads `work-order.base.ts`. Where the rules live (see README.md): creation
 * `work-order.create.ts`; transitions `work-order.state-machine.ts`;
 * ranking `assignment/rank-candidates.ts`; the assignment log and overrides
 * `assignment/assignment-log.ts`; SLA clocks `work-order.clocks.ts`; breaches `deadlines.ts`;
 * carry-in workshop `carry-in.ts`; service report `service-report.ts`; carry-over
 * `dispatch-queue.ts`; repeat repairs `repeat-repair.ts`.
 */
export class WorkOrder extends WorkOrderBase {
  // ---------------------------------------------------------------- factories and persistence

  static create(input: CreateWorkOrderInput): WorkOrder {
    const created = newWorkOrder(input, now());
    const order = new WorkOrder(created.id, created.tenantId, 0, [], created.state, created.calendars);
    order.record({ kind: 'created', at: created.at });
    // The clocks follow the order's state from its first one (a policy could pause in `created`).
    order.moveTo('created', created.at);
    return order;
  }

  /** Restores a stored order (in the current shape: the repository migrates older documents first). */
  static fromSnapshot(snapshot: WorkOrderSnapshot, options: { calendars?: readonly BusinessCalendar[] } = {}): WorkOrder {
    const { id, tenantId, version, handledMessageIds, ...state } = deepCopy(snapshot);
    return new WorkOrder(id, tenantId, version, handledMessageIds, state, options.calendars ?? DEFAULT_CALENDARS);
  }

  protected toIntegrationEvent(fact: WorkOrderFact): DomainEvent {
    return toWorkOrderEvent(fact, this);
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
    const escalates = escalatesNoCandidate(this.s.assignmentDecisions);
    const draft = { at: context.now, override: false, decidedBy: null, reason: null, config: ranking.config, context };
    const decision = this.decide({ ...draft, winner: ranking.winner, candidates: ranking.candidates });
    if (ranking.winner) {
      this.applyAssignment(decision, ranking.winner);
    } else {
      this.record({ kind: 'noTechnicianFound', at: context.now, decision });
      if (escalates) this.addEscalation('no_candidate', context.now, null, null);
    }
    return decision;
  }

  /**
   * A dispatcher assigns a named technician, bypassing the ranking. The technician is still
   * evaluated and the failed filters are kept in the decision (`override: true`, who, why), but
   * only another tenant's technician (404) or an inactive one (422) is refused
   * (`assertOverridable`).
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
    assertOverridable(this, input, reassigning);
    const { technician, context } = input;
    const previous = reassigning ? { technicianId: this.s.technicianId, status: this.s.status, appointment: this.s.appointment } : null;
    const config = resolveAssignmentConfig(context);
    const evaluation = evaluateCandidate(this, technician, context, config);
    const decidedBy = input.dispatcherId.trim();
    const reason = trimOrNull(input.reason);
    const decision = this.decide({ at: context.now, override: true, decidedBy, reason, winner: evaluation, candidates: [evaluation], config, context, previous });
    this.applyAssignment(decision, evaluation);
    return decision;
  }

  private decide(draft: DecisionDraft): AssignmentDecision {
    const decision = nextDecision(this.s.assignmentDecisions, draft);
    this.s.assignmentDecisions.push(decision);
    return decision;
  }

  private applyAssignment(decision: AssignmentDecision, winner: CandidateEvaluation): void {
    const at = decision.decidedAt;
    const reassigned = !!decision.previousTechnicianId;
    this.moveTo(this.guard(reassigned ? 'reassign' : 'assign'), at);
    this.s.technicianId = winner.technicianId;
    this.s.assignedAt = new Date(at);
    if (reassigned) {
      // The new technician accepts and agrees the visit themselves.
      this.s.acceptedAt = null;
      this.s.appointment = null;
    }
    this.record({ kind: 'technicianAssigned', at, decision, winner });
  }

  /** The assigned technician takes the job. */
  accept(input: { technicianId: string; at?: Date }): void {
    const next = this.guard('accept');
    this.assertAssignee(input.technicianId);
    const at = input.at ?? now();
    this.moveTo(next, at);
    this.s.acceptedAt = at;
    this.setClocks(workOrderClocks.accepted(this.s.clocks, this.calendars, at));
    this.record({ kind: 'accepted', at, technicianId: input.technicianId });
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
    const decline = { technicianId: input.technicianId, reason: input.reason.trim(), at };
    this.s.declines.push(decline);
    this.moveTo(next, at);
    this.s.technicianId = null;
    this.s.assignedAt = null;
    this.record({ kind: 'declined', at, decline });
  }

  // ---------------------------------------------------------------- the visit

  /** The appointment window agreed with the customer (again, to reschedule). */
  schedule(input: { windowStart: Date; windowEnd: Date; agreedWith?: string | null; at?: Date }): void {
    const next = this.guard('schedule');
    const errors: string[] = [];
    if (!isValidDate(input.windowStart)) errors.push('windowStart');
    if (!isValidDate(input.windowEnd) || (isValidDate(input.windowStart) && input.windowEnd <= input.windowStart)) errors.push('windowEnd');
    assertNoErrors(errors);
    const at = input.at ?? now();
    const rescheduled = this.s.appointment !== null;
    const appointment = { windowStart: new Date(input.windowStart), windowEnd: new Date(input.windowEnd), agreedWith: trimOrNull(input.agreedWith), agreedAt: at };
    this.s.appointment = appointment;
    this.moveTo(next, at);
    this.record({ kind: 'visitScheduled', at, appointment, rescheduled });
  }

  /**
   * The customer asks for a later appointment (source 004 §1.2): the agreed window is kept as the
   * appointment and the order waits for it in `awaiting_customer`, where the policies pause the
   * arrival clock (and the completion clock) until the window starts (`endCustomerWait`). The
   * arrival deadline shown is the one the clock will have then. A window that does not start
   * after `at` is no later appointment (`windowStart`); asking again replaces the window.
   */
  awaitCustomer(input: { windowStart: Date; windowEnd: Date; agreedWith?: string | null; at?: Date }): void {
    const next = this.guard('awaitCustomer');
    const at = input.at ?? now();
    const errors: string[] = [];
    if (!isValidDate(input.windowStart) || (isValidDate(at) && input.windowStart <= at)) errors.push('windowStart');
    if (!isValidDate(input.windowEnd) || (isValidDate(input.windowStart) && input.windowEnd <= input.windowStart)) errors.push('windowEnd');
    assertNoErrors(errors);
    const appointment = { windowStart: new Date(input.windowStart), windowEnd: new Date(input.windowEnd), agreedWith: trimOrNull(input.agreedWith), agreedAt: at };
    this.s.appointment = appointment;
    this.moveTo(next, at);
    this.record({ kind: 'customerWaitStarted', at, appointment });
  }

  /**
   * Ends the customer's wait: the order is `scheduled` again from the window's start, or from `at`
   * if that is earlier (the technician sets off before the window), so the clocks run from the
   * window's start however late this is called. Publishes nothing: `awaiting-customer` announced
   * the window.
   */
  endCustomerWait(at: Date = now()): void {
    const next = this.guard('endCustomerWait');
    this.moveTo(next, minDate(this.customerWaitEndsAt as Date, at));
  }

  /** The deadline scanner's move: ends the customer's wait once their window has started. Returns whether it did. */
  endCustomerWaitIfDue(at: Date = now()): boolean {
    const endsAt = this.customerWaitEndsAt;
    if (!endsAt || at < endsAt) return false;
    this.endCustomerWait(at);
    return true;
  }

  departForSite(input: { estimatedArrivalAt?: Date | null; at?: Date } = {}): void {
    // Setting off while the customer's wait runs ends it (at the window's start, or now if earlier).
    if (this.s.status === 'awaiting_customer') this.endCustomerWait(input.at ?? now());
    const next = this.guard('depart');
    const estimatedArrivalAt = input.estimatedArrivalAt ?? null;
    assertNoErrors(estimatedArrivalAt === null || isValidDate(estimatedArrivalAt) ? [] : ['estimatedArrivalAt']);
    const at = input.at ?? now();
    this.moveTo(next, at);
    this.s.departedAt = at;
    this.record({ kind: 'departedForSite', at, estimatedArrivalAt });
  }

  /** On site: the arrival clock stops. Arriving after the arrival deadline records the breach at once (if not yet recorded). */
  arriveOnSite(input: { at?: Date } = {}): void {
    const next = this.guard('arrive');
    const at = input.at ?? now();
    this.moveTo(next, at);
    this.s.arrivedAt = at;
    this.setClocks(workOrderClocks.arrived(this.s.clocks, this.calendars, at));
    this.record({ kind: 'arrivedOnSite', at });
    this.checkDeadlines(at);
  }

  startWork(input: { at?: Date } = {}): void {
    const next = this.guard('start');
    const at = input.at ?? now();
    this.moveTo(next, at);
    this.s.startedAt ??= at;
    this.record({ kind: 'workStarted', at, where: 'on_site' });
  }

  /** Work stops for parts; the parts needed are published for the parts service. */
  awaitParts(input: { parts: readonly PartNeeded[]; neededBy?: Date | null; at?: Date }): void {
    const next = this.guard('awaitParts');
    const neededBy = input.neededBy ?? null;
    assertNoErrors([...partsNeededErrors(input.parts), ...(neededBy === null || isValidDate(neededBy) ? [] : ['neededBy'])]);
    const at = input.at ?? now();
    const wait: PartsWait = { parts: normalisePartsNeeded(input.parts), neededBy: neededBy && new Date(neededBy), requestedAt: at, resumedAt: null };
    this.s.partsWaits.push(wait);
    this.moveTo(next, at);
    this.record({ kind: 'partsRequested', at, wait });
  }

  resumeWork(input: { at?: Date } = {}): void {
    const next = this.guard('resume');
    const at = input.at ?? now();
    const i = this.s.partsWaits.length - 1;
    const wait = { ...this.s.partsWaits[i], resumedAt: at };
    this.s.partsWaits[i] = wait;
    this.moveTo(next, at);
    this.record({ kind: 'workResumed', at, wait });
  }

  /**
   * Parts announced the parts of the waiting round late: the round shows the date they are now
   * expected. Parts announces each slip once with a later date, so only a later date than the
   * one shown changes it; an order no longer waiting keeps its record as it was. Says whether
   * anything changed (nothing to save otherwise).
   */
  expectParts(expectedAt: Date): boolean {
    const i = this.s.partsWaits.length - 1;
    const wait = this.s.partsWaits[i];
    if (this.s.status !== 'awaiting_parts' || !wait || !isValidDate(expectedAt)) return false;
    if (wait.expectedAt && wait.expectedAt.getTime() >= expectedAt.getTime()) return false;
    this.s.partsWaits[i] = { ...wait, expectedAt };
    return true;
  }

  // ---------------------------------------------------------------- carry-in repair (rules: carry-in.ts)

  /** Not fixable on site: the item is taken to the workshop against a receipt (客户商品领取收据). */
  carryIn(input: { receiptNo: string; promisedReturnDate: Date; at?: Date }): void {
    const next = this.guard('carryIn');
    const at = input.at ?? now();
    const carryIn = workshop.takeIn(input, this.assignee(), at);
    this.s.carryIns.push(carryIn);
    this.moveTo(next, at);
    this.record({ kind: 'carriedIn', at, carryIn });
  }

  /** Workshop repair begins (published as `started` with mode `workshop`). */
  startRepair(input: { at?: Date } = {}): void {
    const next = this.guard('startRepair');
    const at = input.at ?? now();
    this.moveTo(next, at);
    this.record({ kind: 'workStarted', at, where: 'workshop' });
  }

  /**
   * Writes the repair card (修护卡): the actual hours so far and the parts fitted, as a whole (each
   * update replaces the card), so parts consumption and hours are visible before the sign-off.
   */
  updateRepairCard(input: { actualHours: number; parts: readonly PartReplaced[]; notes?: string | null; at?: Date }): void {
    const next = this.guard('updateRepairCard');
    const at = input.at ?? now();
    const carryIn = this.replaceCurrentCarryIn(workshop.writeRepairCard(this.currentCarryIn as CarryIn, input, at));
    this.moveTo(next, at);
    this.record({ kind: 'repairCardUpdated', at, carryIn });
  }

  /** The supervisor (服务主任) inspects the repair and signs it off; needs a repair card. */
  markRepaired(input: { inspectedBy: string; remarks?: string | null; at?: Date }): void {
    const next = this.guard('markRepaired');
    const at = input.at ?? now();
    const carryIn = this.replaceCurrentCarryIn(workshop.inspectRepair(this.currentCarryIn as CarryIn, input, at));
    this.moveTo(next, at);
    this.record({ kind: 'repairInspected', at, carryIn });
  }

  /** The item goes back to the customer, who signs; the receipt is void from now on. */
  returnToCustomer(input: { signature: CustomerSignature; at?: Date }): void {
    const next = this.guard('returnToCustomer');
    const at = input.at ?? now();
    const carryIn = this.replaceCurrentCarryIn(workshop.returnToCustomer(this.currentCarryIn as CarryIn, input.signature, at));
    this.moveTo(next, at);
    this.record({ kind: 'returnedToCustomer', at, carryIn });
  }

  // ---------------------------------------------------------------- completion, QC, closing

  /**
   * Files the service report and completes the job (from in_progress, or from returned after a
   * carry-in: then the return signature stands in for a missing customer acceptance). An incomplete
   * report is refused (`WORK_ORDER_REPORT_INCOMPLETE`). The completion clock is held until QC.
   * Completing after the completion deadline records the overdue at once (if not yet recorded).
   */
  complete(input: { report: ServiceReportInput; at?: Date }): void {
    const next = this.guard('complete');
    const carriedIn = this.s.status === 'returned';
    const report = validateServiceReport(input.report, { fallbackAcceptance: carriedIn ? this.currentCarryIn?.returnSignature : null });
    const at = input.at ?? now();
    this.s.report = report;
    this.s.completedAt = at;
    this.moveTo(next, at);
    this.setClocks(workOrderClocks.completed(this.s.clocks, this.calendars, at));
    this.record({ kind: 'completed', at, report, carriedIn });
    this.checkDeadlines(at);
  }

  /** QC passes: the completion clock stops. */
  verify(input: { verifiedBy: string; remarks?: string | null; at?: Date }): void {
    const next = this.guard('verify');
    assertNoErrors(isNonBlank(input.verifiedBy) ? [] : ['verifiedBy']);
    const at = input.at ?? now();
    const verification = { verifiedBy: input.verifiedBy.trim(), verifiedAt: at, remarks: trimOrNull(input.remarks) };
    this.s.verification = verification;
    this.moveTo(next, at);
    this.setClocks(workOrderClocks.verified(this.s.clocks, this.calendars, at));
    this.record({ kind: 'verified', at, verification });
  }

  /** QC fails: the completed order goes back to in_progress as rework (责令返修), counted; the completion clock goes on. */
  requireRework(input: { inspectedBy: string; reason: string; at?: Date }): void {
    const next = this.guard('requireRework');
    const errors: string[] = [];
    if (!isNonBlank(input.inspectedBy)) errors.push('inspectedBy');
    if (!isNonBlank(input.reason)) errors.push('reason');
    assertNoErrors(errors);
    const at = input.at ?? now();
    const rework = { inspectedBy: input.inspectedBy.trim(), reason: input.reason.trim(), at };
    this.s.reworks.push(rework);
    this.s.completedAt = null;
    this.moveTo(next, at);
    this.setClocks(workOrderClocks.reopened(this.s.clocks, this.calendars, at));
    this.record({ kind: 'reworkRequired', at, rework });
  }

  close(input: { closedBy: string; at?: Date }): void {
    const next = this.guard('close');
    assertNoErrors(isNonBlank(input.closedBy) ? [] : ['closedBy']);
    const at = input.at ?? now();
    this.s.closedAt = at;
    this.s.closedBy = input.closedBy.trim();
    this.moveTo(next, at);
    this.record({ kind: 'closed', at, closedBy: this.s.closedBy });
  }

  /**
   * Cancels the order (not once completed, nor while the customer's item is in the workshop); both
   * clocks stop. The reason code (default `other`) tells intake what becomes of the case
   * (`cancellation.ts`).
   */
  cancel(input: CancelInput): void {
    const next = this.guard('cancel');
    const valid = validCancellation(input);
    const at = input.at ?? now();
    const cancellation = { ...valid, cancelledAt: at, previousStatus: this.s.status };
    this.s.cancellation = cancellation;
    this.moveTo(next, at);
    this.setClocks(workOrderClocks.cancelled(this.s.clocks, this.calendars, at));
    this.record({ kind: 'cancelled', at, cancellation });
  }

  /**
   * The order's case was withdrawn in intake (`cancellation.ts`): cancelled with `case_cancelled`
   * where a dispatcher could cancel it; left to run to its end in the workshop or once filed;
   * nothing when already cancelled or closed (so a redelivery changes nothing).
   */
  followCaseWithdrawal(input: { caseReason: string; withdrawnBy: string; at?: Date }): CaseWithdrawalOutcome {
    const outcome = caseWithdrawalOutcome(this.s.status);
    if (outcome === 'cancelled') {
      const reason = caseWithdrawalReason(input.caseReason, input.withdrawnBy);
      this.cancel({ reason, cancelledBy: CASE_WITHDRAWAL_ACTOR, reasonCode: 'case_cancelled', at: input.at });
    }
    return outcome;
  }

  // ---------------------------------------------------------------- watching the order

  /**
   * The technician finds misuse on the job (on site or in the workshop, before the report): the
   * job is charged, class A, whatever the case came with (source 002 §6, source 003 §6), so the
   * technician collects payment and the completion asks the ERP for an invoice. Once per order:
   * flagging again changes nothing (false).
   */
  flagMisuse(input: { note: string; flaggedBy: string; at?: Date }): boolean {
    if (!ON_THE_JOB_STATUSES.includes(this.s.status)) throw new IllegalTransitionError('Work order', this.s.status, 'flagMisuse');
    const errors: string[] = [];
    if (!isNonBlank(input.note)) errors.push('note');
    if (!isNonBlank(input.flaggedBy)) errors.push('flaggedBy');
    assertNoErrors(errors);
    if (this.s.terms.misuse) return false;
    const at = input.at ?? now();
    const misuse = { note: input.note.trim(), flaggedBy: input.flaggedBy.trim(), at, previousFeeClass: this.s.terms.feeClass };
    this.s.terms = { ...this.s.terms, feeClass: 'A', misuse };
    this.record({ kind: 'misuseFlagged', at, misuse });
    return true;
  }

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
   * Records the deadlines newly breached at `at` (see `checkOverdue`): each breach once, with an
   * escalation to the dispatcher while it is still open (nothing to escalate about an arrival or a
   * completion that already happened late). Safe to call repeatedly, e.g. from a scheduler.
   */
  checkDeadlines(at: Date = now()): OverdueResult {
    // A customer's wait whose window has started counts from that start (and may have breached since).
    this.endCustomerWaitIfDue(at);
    const result = checkOverdue(this, at);
    if (result.arrival || result.completion || result.technicianArranged)
      this.setClocks(
        workOrderClocks.settle(this.s.clocks, { arrival: !!result.arrival, completion: !!result.completion, technicianArranged: !!result.technicianArranged }, at),
      );
    if (result.arrival) {
      this.s.arrivalBreachedAt = at;
      this.record({ kind: 'arrivalDeadlineBreached', at, breach: result.arrival });
      if (!result.arrival.actualAt) this.addEscalation('arrival_deadline_breached', at, null, null, { level: firstLevelOf(this.s.clocks.arrival), step: 1 });
    }
    if (result.completion) {
      this.s.completionOverdueAt = at;
      this.record({ kind: 'completionOverdue', at, breach: result.completion });
      if (!result.completion.actualAt) this.addEscalation('completion_overdue', at, null, null, { level: firstLevelOf(this.s.clocks.completion), step: 1 });
    }
    const arranged = this.s.clocks.technicianArranged;
    if (result.technicianArranged && arranged) {
      this.s.arrangementOverdueAt = at;
      this.record({ kind: 'technicianArrangementOverdue', at, breach: result.technicianArranged });
      if (!result.technicianArranged.actualAt) this.addEscalation('technician_not_arranged', at, null, null, { level: firstLevelOf(arranged), step: 1 });
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

  /**
   * After completion: compares with the asset's other completed orders and, on a repeat repair
   * (same serial, same fault category within the window), records `repeat-repair-detected` — once.
   */
  checkRepeatRepair(history: readonly CompletedRepair[], options: { windowDays?: number; at?: Date } = {}): RepeatRepairFinding | null {
    const self = this.toCompletedRepair();
    if (!self) throw new IllegalTransitionError('Work order', this.s.status, 'checkRepeatRepair');
    if (this.s.repeatRepair) return null;
    const finding = detectRepeatRepair(self, history, { windowDays: options.windowDays });
    if (!finding) return null;
    const at = options.at ?? now();
    const { previousWorkOrderId, previousCaseId, previousTechnicianId, daysBetween } = finding;
    this.s.repeatRepair = { previousWorkOrderId, previousCaseId, previousTechnicianId, daysBetween, detectedAt: at };
    this.record({ kind: 'repeatRepairDetected', at, finding });
    return finding;
  }

  // ---------------------------------------------------------------- internals

  private assertAssignee(technicianId: string): void {
    if (technicianId !== this.s.technicianId)
      throw new DomainError(WorkOrderErrors.NOT_ASSIGNEE, `Work order ${this.id} is not assigned to technician ${technicianId}`, 'rule', {
        technicianId,
        assignedTechnicianId: this.s.technicianId,
      });
  }

  private replaceCurrentCarryIn(carryIn: CarryIn): CarryIn {
    this.s.carryIns[this.s.carryIns.length - 1] = carryIn;
    return carryIn;
  }

  /**
   * Climbs the escalation chain of a breached deadline that is still open (see
   * escalation-ladder.ts): each level due at `at` once, after the first one the breach sent.
   * Call after `checkDeadlines`. Returns the steps recorded.
   */
  climbEscalations(at: Date = now()): LadderStep[] {
    const steps = dueLadderSteps(this, (id) => calendarFor(this.calendars, id), at);
    for (const s of steps) this.addEscalation(s.reason, at, null, null, { level: s.level, step: s.step });
    return steps;
  }

  /** When the next escalation step falls due, or null. */
  get nextEscalationAt(): Date | null {
    return nextLadderStepAt(this, (id) => calendarFor(this.calendars, id));
  }

  private addEscalation(
    reason: EscalationReason,
    at: Date,
    note: string | null,
    raisedBy: string | null,
    chain: { level: string; step: number } = { level: 'dispatcher', step: 1 },
  ): void {
    // The chain's first step at the dispatcher is what an escalation without level and step has always meant.
    const climbed = chain.level !== 'dispatcher' || chain.step !== 1;
    const escalation: Escalation = { reason, at, note, raisedBy, ...(climbed ? { level: chain.level, step: chain.step } : {}) };
    this.s.escalations.push(escalation);
    this.record({ kind: 'escalated', at, escalation });
  }
}
