/**
 * Cases that will not be handled: withdrawn before resolution (`cancel`, by the customer, the
 * agent or the source system), not a valid request (`reject`: spam, not our product, not our
 * responsibility), or merged into another open case (`rejectAsDuplicate`, see duplicates.ts).
 */
import { assertDuplicatePair } from './duplicates';
import type { CaseCancelled, CaseRejected } from './service-request.facts';
import type { ServiceRequestState } from './service-request.state';
import { serviceRequestStateMachine as machine } from './service-request.state-machine';
import { type CancelledBy, type RejectReason, CANCELLED_BY } from './service-request.types';
import { FieldErrors, instantOrNow, optionalText, requiredEnum, requiredText } from './validation';

export interface CancelCommand {
  reason: string;
  /** Default: the agent. */
  cancelledBy?: CancelledBy;
  at?: Date;
}

export interface MarkDuplicateCommand {
  survivor: { readonly id: string; readonly tenantId: string };
  note?: string | null;
  at?: Date;
}

export function cancel(s: ServiceRequestState, cmd: CancelCommand): CaseCancelled[] {
  const at = instantOrNow(cmd.at);
  const errors = new FieldErrors();
  const reason = requiredText(cmd.reason, 'reason', errors);
  const by = cmd.cancelledBy === undefined ? 'agent' : requiredEnum(cmd.cancelledBy, CANCELLED_BY, 'cancelledBy', errors);
  errors.throwIfAny();
  const previousStatus = s.status;
  s.status = machine.next(previousStatus, 'cancel');
  s.cancellation = { reason, by, at, previousStatus };
  return [{ kind: 'cancelled', at, reason, by, previousStatus }];
}

/** Not a valid request: rejected with a note (required). */
export function reject(s: ServiceRequestState, cmd: { note: string; at?: Date }): CaseRejected[] {
  const at = instantOrNow(cmd.at);
  const errors = new FieldErrors();
  const note = requiredText(cmd.note, 'note', errors);
  errors.throwIfAny();
  return [rejection(s, 'invalid', null, note, at)];
}

/** This case duplicates `survivor` (found by `findDuplicate`): rejected with `duplicateOf`. */
export function rejectAsDuplicate(s: ServiceRequestState, cmd: MarkDuplicateCommand): CaseRejected[] {
  const at = instantOrNow(cmd.at);
  assertDuplicatePair(cmd.survivor, s);
  const errors = new FieldErrors();
  const note = optionalText(cmd.note, 'note', errors);
  errors.throwIfAny();
  return [rejection(s, 'duplicate', cmd.survivor.id, note, at)];
}

function rejection(s: ServiceRequestState, reason: RejectReason, duplicateOf: string | null, note: string | null, at: Date): CaseRejected {
  const previousStatus = s.status;
  s.status = machine.next(previousStatus, 'reject');
  s.rejection = { reason, duplicateOf, note, at, previousStatus };
  return { kind: 'rejected', at, reason, duplicateOf, note, previousStatus };
}
