import { DomainError, invalidFields, type FieldError } from '@aftercare/ddd';
import type { QualityClaimFact } from './quality-claim.facts';
import { qualityClaimMachine } from './quality-claim.state-machine';
import type { QualityClaimState } from './quality-claim.state';
import { isManager, type Actor } from './quality-claim.types';

const blank = (v: unknown): boolean => typeof v !== 'string' || v.trim() === '';

/**
 * Closing needs a verified claim (before verification: 409 from the state machine) and the 8D
 * team (D1). A major claim needs a manager's approval — a manager closes it — and a final written
 * report (source 001 §4). A missing approval is `APPROVAL_REQUIRED` (the API answers 403).
 */
export function close(s: QualityClaimState, c: { actor: Actor; finalReport?: string | null; at: Date }): QualityClaimFact[] {
  const to = qualityClaimMachine.next(s.status, 'close');
  const major = s.triage?.major ?? false;
  if (major && !isManager(c.actor)) throw new DomainError('APPROVAL_REQUIRED', "a major claim is closed with a manager's approval", 'rule', { approval: true });
  const errors: FieldError[] = [];
  if (!s.team) errors.push({ field: 'team', message: 'the 8D team (D1) is required to close' });
  if (major && blank(c.finalReport)) errors.push({ field: 'finalReport', message: 'a major claim needs a final written report to close' });
  if (errors.length) throw invalidFields('QUALITY_CLAIM_INCOMPLETE', 'closing', errors);
  s.status = to;
  s.closure = { closedAt: c.at, closedBy: c.actor.id, approvedBy: major ? c.actor.id : null, finalReport: blank(c.finalReport) ? null : (c.finalReport as string).trim() };
  return [{ kind: 'closed', at: c.at }];
}

export interface RejectCommand {
  actor: Actor;
  reason: string;
  customerMisuse: boolean;
  /** Shown to the customer with a misuse rejection (source 003 §6). */
  correctUseInstructions?: string | null;
  /** Goodwill: the customer is not charged despite the misuse; only management grants it. */
  goodwill?: boolean;
  at: Date;
}

/** Rejection, typically as customer misuse: the reason is recorded, the customer is shown correct use. */
export function reject(s: QualityClaimState, c: RejectCommand): QualityClaimFact[] {
  const to = qualityClaimMachine.next(s.status, 'reject');
  const errors: FieldError[] = [];
  if (blank(c.reason)) errors.push({ field: 'reason', message: 'is required' });
  if (c.customerMisuse && blank(c.correctUseInstructions)) errors.push({ field: 'correctUseInstructions', message: 'are required for a misuse rejection' });
  if (c.goodwill && !c.customerMisuse) errors.push({ field: 'goodwill', message: 'applies to a misuse rejection only' });
  if (errors.length) throw invalidFields('QUALITY_CLAIM_INVALID', 'rejection', errors);
  if (c.goodwill && !isManager(c.actor)) throw new DomainError('APPROVAL_REQUIRED', 'a goodwill exception needs management approval', 'rule', { approval: true });
  s.status = to;
  if (c.customerMisuse && s.triage) s.triage = { ...s.triage, responsibility: 'customer_misuse' };
  s.rejection = {
    reason: c.reason.trim(),
    customerMisuse: c.customerMisuse,
    correctUseInstructions: c.customerMisuse ? (c.correctUseInstructions as string).trim() : null,
    goodwillApprovedBy: c.goodwill ? c.actor.id : null,
    rejectedBy: c.actor.id,
    rejectedAt: c.at,
  };
  return [{ kind: 'rejected', at: c.at }];
}
