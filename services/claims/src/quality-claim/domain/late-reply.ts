import { DomainError, invalidFields } from '@aftercare/ddd';
import type { QualityClaimState } from './quality-claim.state';

/**
 * The reply to the customer is the rectification status (source 002 §3, 72 h). A reply that came
 * late, or has not come by its deadline, needs the quality department's written explanation by
 * the end of the month its deadline fell in (source 001 §1.8, §3: 質量部應于月底前提出說明報告).
 *
 * Design: a claim closed or rejected before any status was sent counts as replied at its end —
 * the customer hears the outcome then (the resolved case, the misuse letter).
 */
export type RepliedClaim = Pick<QualityClaimState, 'deadlines' | 'rectificationStatusSentAt' | 'closure' | 'rejection'>;

/** When the customer had the reply (null: not yet). */
export function repliedAt(s: RepliedClaim): Date | null {
  return s.rectificationStatusSentAt ?? s.closure?.closedAt ?? s.rejection?.rejectedAt ?? null;
}

/** True when the reply came after its deadline, or its deadline has passed at `now` without one. */
export function replyLate(s: RepliedClaim, now: Date): boolean {
  const due = new Date(s.deadlines.rectificationStatusDueAt).getTime();
  const replied = repliedAt(s);
  return replied ? new Date(replied).getTime() > due : now.getTime() > due;
}

/** Records (or replaces) the explanation; only a late reply has one. */
export function explainLateReply(s: QualityClaimState, c: { by: string; text: string; at: Date }): void {
  if (typeof c.text !== 'string' || c.text.trim() === '') throw invalidFields('QUALITY_CLAIM_INVALID', 'late-reply explanation', [{ field: 'explanation', message: 'is required' }]);
  if (!replyLate(s, c.at))
    throw new DomainError('REPLY_NOT_LATE', `the reply to the customer is not late (due ${new Date(s.deadlines.rectificationStatusDueAt).toISOString()})`, 'rule', {
      replyDueAt: new Date(s.deadlines.rectificationStatusDueAt).toISOString(),
    });
  s.lateReplyExplanation = { text: c.text.trim(), by: c.by, at: c.at };
}
