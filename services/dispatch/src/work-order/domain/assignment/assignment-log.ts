import { DomainError } from '@aftercare/ddd';
import type { AssignableTechnician } from '../../../technician/domain';
import { isNonBlank, isValidDate } from '../validation';
import { assertNoErrors, WorkOrderErrors } from '../work-order.errors';
import type { WorkOrderStatus } from '../work-order.state-machine';
import type { Appointment } from '../work-order.types';
import { REJECTION_REASONS, type AssignmentConfig, type AssignmentContext, type CandidateEvaluation, type RejectionReason } from './rank-candidates';

/**
 * The assignment log: every decision taken on an order, automatic or a dispatcher's, with every
 * technician considered and why — kept on the order so "why this technician?" is always answerable.
 */

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

/** A dispatcher's override: the technician named, who, why, and the ranking context. */
export interface OverrideInput {
  technician: AssignableTechnician;
  dispatcherId: string;
  reason?: string | null;
  context: AssignmentContext;
}

/** Who held the order before a dispatcher's reassignment. */
export interface PreviousHolder {
  readonly technicianId: string | null;
  readonly status: WorkOrderStatus;
  readonly appointment: Appointment | null;
}

/** What one decision is made of, before it is numbered in the log. */
export interface DecisionDraft {
  at: Date;
  override: boolean;
  decidedBy: string | null;
  reason: string | null;
  winner: CandidateEvaluation | null;
  candidates: CandidateEvaluation[];
  config: AssignmentConfig;
  context: AssignmentContext;
  previous?: PreviousHolder | null;
}

/** How many candidates failed each hard filter in one decision (every reason present, 0 or more). */
export type RejectionCounts = Record<RejectionReason, number>;

/** The next decision of the log: numbered after the ones before it. */
export function nextDecision(log: readonly AssignmentDecision[], d: DecisionDraft): AssignmentDecision {
  return {
    attempt: log.length + 1,
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
}

/**
 * A failed automatic run escalates to the dispatcher once per run of failures: when it is the
 * first decision, or the decision before it found a technician. `log` is the log before the run.
 */
export function escalatesNoCandidate(log: readonly AssignmentDecision[]): boolean {
  const previous = log[log.length - 1];
  return !previous || previous.winnerTechnicianId !== null;
}

export function rejectionCounts(candidates: readonly CandidateEvaluation[]): RejectionCounts {
  const counts = Object.fromEntries(REJECTION_REASONS.map((r) => [r, 0])) as RejectionCounts;
  for (const c of candidates) for (const r of c.rejectedBecause ?? []) counts[r] += 1;
  return counts;
}

/**
 * Whom a dispatcher may name: a technician of the order's tenant (else 404, they do not exist for
 * it), active (422), and on a reassignment someone else than the holder (422). Every other filter
 * may be overridden; the decision keeps the ones that were.
 */
export function assertOverridable(
  order: { readonly id: string; readonly tenantId: string; readonly technicianId: string | null },
  input: OverrideInput,
  reassigning: boolean,
): void {
  const t = input.technician;
  assertNoErrors([...(isNonBlank(input.dispatcherId) ? [] : ['dispatcherId']), ...(isValidDate(input.context.now) ? [] : ['now'])]);
  if (t.tenantId !== order.tenantId)
    throw new DomainError(WorkOrderErrors.TECHNICIAN_NOT_FOUND, `Technician ${t.id} not found`, 'not_found', { technicianId: t.id });
  if (!t.active)
    throw new DomainError(WorkOrderErrors.TECHNICIAN_INACTIVE, `Technician ${t.id} is not active`, 'rule', { technicianId: t.id });
  if (reassigning && t.id === order.technicianId)
    throw new DomainError(WorkOrderErrors.ALREADY_ASSIGNED, `Work order ${order.id} is already assigned to ${t.id}`, 'rule', {
      technicianId: t.id,
    });
}
