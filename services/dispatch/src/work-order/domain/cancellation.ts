/**
 * Cancelling a work order, both ways (docs/domain.md, "Cancellation across intake and dispatch"):
 *
 * - Every cancellation carries a reason code that tells the case's owner (intake) what to do
 *   with the case: `replan` re-routes it (a new routing round, a new order), `customer_request`
 *   and `other` hand it to the agent, `case_cancelled` needs nothing (the case is withdrawn).
 * - When the case is withdrawn in intake, its open order is cancelled with `case_cancelled` in
 *   every state the dispatcher could cancel it in — before the visit, and also once the technician
 *   is on the way or on site (they stop; the previous status keeps the visit on record). An order
 *   holding the customer's item in the workshop, or whose report is filed, is not cancelled: the
 *   item must go back and a filed job is verified and closed as usual; intake ignores its later
 *   events. An order already cancelled or closed needs nothing.
 */
import { isNonBlank } from './validation';
import { assertNoErrors } from './work-order.errors';
import { workOrderStateMachine, type WorkOrderStatus } from './work-order.state-machine';

export const CANCELLATION_REASON_CODES = ['case_cancelled', 'replan', 'customer_request', 'other'] as const;
export type CancellationReasonCode = (typeof CANCELLATION_REASON_CODES)[number];

/** Codes a dispatcher may give; `case_cancelled` is set only when following the case. */
export const DISPATCHER_REASON_CODES = ['replan', 'customer_request', 'other'] as const satisfies readonly CancellationReasonCode[];
export type DispatcherReasonCode = (typeof DISPATCHER_REASON_CODES)[number];

/** Who cancels an order on behalf of a withdrawn case (the order's `cancelledBy`). */
export const CASE_WITHDRAWAL_ACTOR = 'intake';

export interface CancelInput {
  reason: string;
  cancelledBy: string;
  /** Default `other`: the agent decides what becomes of the case. */
  reasonCode?: CancellationReasonCode;
  at?: Date;
}

/** The cancellation as validated input: trimmed text, a known code. */
export interface ValidCancellation {
  reason: string;
  cancelledBy: string;
  reasonCode: CancellationReasonCode;
}

export function validCancellation(input: CancelInput): ValidCancellation {
  const errors: string[] = [];
  if (!isNonBlank(input.reason)) errors.push('reason');
  if (!isNonBlank(input.cancelledBy)) errors.push('cancelledBy');
  const reasonCode = input.reasonCode ?? 'other';
  if (!(CANCELLATION_REASON_CODES as readonly string[]).includes(reasonCode)) errors.push('reasonCode');
  assertNoErrors(errors);
  return { reason: input.reason.trim(), cancelledBy: input.cancelledBy.trim(), reasonCode };
}

/** What becomes of an order when its case is withdrawn. */
export type CaseWithdrawalOutcome =
  /** The order is cancelled now (`case_cancelled`). */
  | 'cancelled'
  /** Already cancelled or closed: nothing to do (a redelivery lands here too). */
  | 'already_ended'
  /** In the workshop's custody or filed: it runs to its end (the item is returned, QC and closing). */
  | 'runs_to_end';

/** The outcome a withdrawal of the case has for an order in `status`. */
export function caseWithdrawalOutcome(status: WorkOrderStatus): CaseWithdrawalOutcome {
  if (status === 'cancelled' || status === 'closed') return 'already_ended';
  return workOrderStateMachine.can(status, 'cancel') ? 'cancelled' : 'runs_to_end';
}

/** The order's cancellation reason when its case was withdrawn: who withdrew it and why. */
export function caseWithdrawalReason(caseReason: string, withdrawnBy: string): string {
  const why = isNonBlank(caseReason) ? caseReason.trim() : 'no reason given';
  return `case cancelled by ${isNonBlank(withdrawnBy) ? withdrawnBy.trim() : 'intake'}: ${why}`;
}
