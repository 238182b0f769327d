import type { DomainFact } from '@aftercare/ddd';
import type { AssignmentDecision } from './assignment/assignment-log';
import type { CandidateEvaluation } from './assignment/rank-candidates';
import type { DeadlineBreach } from './deadlines';
import type { RepeatRepairFinding } from './repeat-repair';
import type {
  Appointment,
  Cancellation,
  CarryIn,
  Decline,
  Escalation,
  MisuseFinding,
  PartsWait,
  Rework,
  ServiceReport,
  Verification,
} from './work-order.types';

/** One fact of kind `K`: when it happened (`at`) and what the order's state alone does not tell. */
type Fact<K extends string, Details = object> = DomainFact & { readonly kind: K } & Readonly<Details>;

/**
 * What a work order records about itself, in the domain's terms. Each fact carries what happened
 * beyond the order's state right after it (the technician who declined, the breach found, the
 * carry-in as it now stands…); `work-order.event-mapper.ts` turns each into its published event.
 */
export type WorkOrderFact =
  /** The order was created for a routed case (state `created`, clocks started). */
  | Fact<'created'>
  /** A technician was given the order: the ranking winner, or the one a dispatcher named (then `decision.override`). */
  | Fact<'technicianAssigned', { decision: AssignmentDecision; winner: CandidateEvaluation }>
  /** Automatic assignment found no eligible technician; the order waits. */
  | Fact<'noTechnicianFound', { decision: AssignmentDecision }>
  | Fact<'accepted', { technicianId: string }>
  /** The technician turned the order down; it goes back for reassignment. */
  | Fact<'declined', { decline: Decline }>
  /** An appointment window was agreed with the customer (`rescheduled`: it replaced an earlier one). */
  | Fact<'visitScheduled', { appointment: Appointment; rescheduled: boolean }>
  /** The customer asked for a later window; the order waits for it with its clocks paused. */
  | Fact<'customerWaitStarted', { appointment: Appointment }>
  | Fact<'departedForSite', { estimatedArrivalAt: Date | null }>
  | Fact<'arrivedOnSite'>
  /** Work started at the customer's (`on_site`) or on a carried-in item (`workshop`). */
  | Fact<'workStarted', { where: 'on_site' | 'workshop' }>
  /** Work stopped for parts; `wait` is the wait just opened. */
  | Fact<'partsRequested', { wait: PartsWait }>
  /** The parts came; `wait` is the wait just ended. */
  | Fact<'workResumed', { wait: PartsWait }>
  /** The service report was filed (`carriedIn`: after a workshop repair). */
  | Fact<'completed', { report: ServiceReport; carriedIn: boolean }>
  /** The carry-in workshop's steps; `carryIn` is the carry-in after the step. */
  | Fact<'carriedIn', { carryIn: CarryIn }>
  | Fact<'repairCardUpdated', { carryIn: CarryIn }>
  | Fact<'repairInspected', { carryIn: CarryIn }>
  | Fact<'returnedToCustomer', { carryIn: CarryIn }>
  | Fact<'verified', { verification: Verification }>
  | Fact<'reworkRequired', { rework: Rework }>
  | Fact<'closed', { closedBy: string }>
  | Fact<'cancelled', { cancellation: Cancellation }>
  | Fact<'escalated', { escalation: Escalation }>
  /** The technician found misuse on the job: the order is class A from now on. */
  | Fact<'misuseFlagged', { misuse: MisuseFinding }>
  | Fact<'arrivalDeadlineBreached', { breach: DeadlineBreach }>
  | Fact<'completionOverdue', { breach: DeadlineBreach }>
  /** No technician had accepted the order by the technician-arranged deadline (late, or still not). */
  | Fact<'technicianArrangementOverdue', { breach: DeadlineBreach }>
  | Fact<'repeatRepairDetected', { finding: RepeatRepairFinding }>;

export type WorkOrderFactKind = WorkOrderFact['kind'];
