import { AggregateRoot } from '@aftercare/ddd';
import type { BusinessCalendar } from '@aftercare/sla';
import type { AppraisedOrder } from './appraisal';
import type { AssignmentDecision } from './assignment/assignment-log';
import type { AssignableOrder } from './assignment/rank-candidates';
import { nextDeadlineCheckAt, type DeadlineSubject } from './deadlines';
import { queueRank, type CarriedOverOrder } from './dispatch-queue';
import type { CompletedRepair } from './repeat-repair';
import { mirroredDeadlines, workOrderClocks, type WorkOrderClocks } from './work-order.clocks';
import type { WorkOrderEventSource } from './work-order.event-mapper';
import type { WorkOrderFact } from './work-order.facts';
import { deepCopy, type WorkOrderSnapshot, type WorkOrderState } from './work-order.snapshot';
import { DONE_STATUSES, workOrderStateMachine, type WorkOrderAction, type WorkOrderStatus } from './work-order.state-machine';
import { collectsPayment, type CaseTerms } from './work-order.types';
import type {
  Appointment,
  CarryIn,
  Cancellation,
  Decline,
  Escalation,
  PartsWait,
  Priority,
  Product,
  RepeatRepairLink,
  Rework,
  ServiceReport,
  Site,
  Verification,
  WorkOrderType,
} from './work-order.types';

/**
 * The work order's state and everything read of it (ranking, queue, deadlines, appraisal, the
 * event mapper, views), plus the moves every command shares: the transition guard and the status
 * change the SLA clocks follow. The commands are `WorkOrder`'s (work-order.ts).
 */
export abstract class WorkOrderBase
  extends AggregateRoot<WorkOrderFact>
  implements AssignableOrder, CarriedOverOrder, DeadlineSubject, AppraisedOrder, WorkOrderEventSource
{
  protected constructor(
    id: string,
    tenantId: string,
    version: number,
    handled: readonly string[],
    protected readonly s: WorkOrderState,
    /** The business calendars the clocks run on (not stored: configuration). */
    protected readonly calendars: readonly BusinessCalendar[],
  ) {
    super(id, tenantId, version, handled);
  }

  toSnapshot(): WorkOrderSnapshot {
    return { id: this.id, tenantId: this.tenantId, version: this.version, handledMessageIds: [...this.handledMessageIds], ...deepCopy(this.s) };
  }

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
  /** When the customer called, the agreement, the quality-problem flag and the fee class. */
  get terms(): CaseTerms {
    return this.s.terms;
  }
  /** Whether the technician collects payment on site (class A only). */
  get collectsPayment(): boolean {
    return collectsPayment(this.s.terms.feeClass);
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
  /** While the order waits for the later window the customer asked for: when it starts (the clocks run again then). */
  get customerWaitEndsAt(): Date | null {
    return this.s.status === 'awaiting_customer' && this.s.appointment ? this.s.appointment.windowStart : null;
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
  /** When automatic assignment or a dispatcher last decided about the order; null = never. */
  get lastAssignmentAttemptAt(): Date | null {
    return this.s.assignmentDecisions[this.s.assignmentDecisions.length - 1]?.decidedAt ?? null;
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
  get arrangementOverdueAt(): Date | null {
    return this.s.arrangementOverdueAt ?? null;
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

  /** This order as an entry of its asset's repair history; null until it is completed. */
  toCompletedRepair(): CompletedRepair | null {
    if (!this.s.report || !this.s.completedAt || !DONE_STATUSES.includes(this.s.status)) return null;
    const { caseId, serialNo, completedAt, technicianId } = this.s;
    return { workOrderId: this.id, caseId, tenantId: this.tenantId, serialNo, faultCategory: this.s.report.faultCategory, completedAt, technicianId };
  }

  // ---------------------------------------------------------------- shared by the commands

  /** Every status change goes through here: the SLA clocks follow the state (pause / resume). */
  protected moveTo(next: WorkOrderStatus, at: Date): void {
    this.s.status = next;
    this.setClocks(workOrderClocks.enterState(this.s.clocks, this.calendars, next, at));
  }

  /** Replaces the clocks and mirrors their deadlines on the order. */
  protected setClocks(clocks: WorkOrderClocks): void {
    const waitEndsAt = this.customerWaitEndsAt;
    const customerWait = waitEndsAt ? { endsAt: waitEndsAt, calendars: this.calendars } : null;
    const { arrivalDeadline, completionDeadline } = mirroredDeadlines(clocks, this.s.arrivalDeadline, customerWait);
    this.s.clocks = clocks;
    this.s.arrivalDeadline = arrivalDeadline;
    this.s.completionDeadline = completionDeadline;
  }

  /** The next state for the action, or IllegalTransitionError (409, WORK_ORDER_ILLEGAL_TRANSITION). */
  protected guard(action: WorkOrderAction): WorkOrderStatus {
    return workOrderStateMachine.next(this.s.status, action);
  }

  protected assignee(): string {
    // Every state past `assigned` holds a technician; the transition table guarantees it.
    return this.s.technicianId as string;
  }
}
