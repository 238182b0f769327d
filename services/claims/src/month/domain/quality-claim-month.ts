import { repliedAt, replyLate } from '../../quality-claim/domain/late-reply';
import type { QualityClaimState } from '../../quality-claim/domain/quality-claim.state';
import { URGENCIES, type Urgency } from '../../quality-claim/domain/quality-claim.types';

/**
 * The month's quality claims (issue 12 "Month"; source 001 §3, source 003 §3) by urgency, and the
 * late replies whose explanation the quality department owes by the month's end (source 001 §1.8).
 *
 * Design (the sources name the figures, not their reading):
 * - opened: opened in the month; closed: closed in the month (a rejection is not a closure);
 * - overdue: the closure deadline passed before the month's end (or before now, for the running
 *   month) and the claim was neither closed nor rejected by it, nor finished before the month
 *   began — a claim in arrears at some moment of the month;
 * - a claim not triaged yet has no urgency (`untriaged`) and no closure deadline;
 * - late replies: the reply (rectification status) was due in the month and came late or has not
 *   come (late-reply.ts); the explanation is due by the month's end, and counts as on time when
 *   recorded before the next month began.
 */
export type FiguredClaim = Pick<
  QualityClaimState,
  'id' | 'caseId' | 'openedAt' | 'triage' | 'deadlines' | 'rectificationStatusSentAt' | 'closure' | 'rejection' | 'lateReplyExplanation'
>;

export type UrgencyBucket = Urgency | 'untriaged';
export const URGENCY_BUCKETS: readonly UrgencyBucket[] = [...URGENCIES, 'untriaged'];

export interface UrgencyFigures {
  urgency: UrgencyBucket;
  opened: number;
  closed: number;
  overdue: number;
}

export interface LateReply {
  claimId: string;
  caseId: string;
  urgency: UrgencyBucket;
  replyDueAt: Date;
  /** null: no reply yet. */
  repliedAt: Date | null;
  explanation: { text: string; by: string; at: Date; onTime: boolean } | null;
}

export interface QualityClaimMonthFigures {
  qualityClaims: { opened: number; closed: number; overdue: number; byUrgency: UrgencyFigures[] };
  lateReplies: { explanationDueAt: Date; count: number; explained: number; unexplained: number; items: LateReply[] };
}

const t = (d: Date | null | undefined): number | null => (d ? new Date(d).getTime() : null);
const within = (d: Date | null | undefined, from: Date, to: Date): boolean => {
  const at = t(d);
  return at !== null && at >= from.getTime() && at < to.getTime();
};
const urgencyOf = (c: FiguredClaim): UrgencyBucket => c.triage?.urgency ?? 'untriaged';

/** Neither closed nor rejected by its closure deadline, and still in arrears at some moment of `[from, min(to, now))`. */
export function overdueIn(c: FiguredClaim, from: Date, to: Date, now: Date): boolean {
  const due = t(c.deadlines.closureDueAt);
  if (due === null || due >= Math.min(to.getTime(), now.getTime())) return false;
  const finished = t(c.closure?.closedAt ?? c.rejection?.rejectedAt);
  return finished === null || (finished > due && finished >= from.getTime());
}

export function qualityClaimMonthFigures(claims: readonly FiguredClaim[], month: { from: Date; to: Date }, now: Date): QualityClaimMonthFigures {
  const { from, to } = month;
  const byUrgency = URGENCY_BUCKETS.map((urgency) => {
    const of = claims.filter((c) => urgencyOf(c) === urgency);
    return {
      urgency,
      opened: of.filter((c) => within(c.openedAt, from, to)).length,
      closed: of.filter((c) => within(c.closure?.closedAt, from, to)).length,
      overdue: of.filter((c) => overdueIn(c, from, to, now)).length,
    };
  });
  const items = claims
    .filter((c) => within(c.deadlines.rectificationStatusDueAt, from, to) && replyLate(c, now))
    .map(
      (c): LateReply => ({
        claimId: c.id,
        caseId: c.caseId,
        urgency: urgencyOf(c),
        replyDueAt: new Date(c.deadlines.rectificationStatusDueAt),
        repliedAt: repliedAt(c),
        explanation: c.lateReplyExplanation ? { ...c.lateReplyExplanation, onTime: (t(c.lateReplyExplanation.at) as number) < to.getTime() } : null,
      }),
    )
    .sort((a, b) => a.replyDueAt.getTime() - b.replyDueAt.getTime() || a.claimId.localeCompare(b.claimId));
  const explained = items.filter((i) => i.explanation !== null).length;
  const sum = (key: 'opened' | 'closed' | 'overdue') => byUrgency.reduce((n, u) => n + u[key], 0);
  return {
    qualityClaims: { opened: sum('opened'), closed: sum('closed'), overdue: sum('overdue'), byUrgency },
    lateReplies: { explanationDueAt: to, count: items.length, explained, unexplained: items.length - explained, items },
  };
}
