import { dueSteps, nextStepAt, type Escalation, type EscalationTiming, type RunningDeadline } from '../../common/escalation-ladder';
import type { QualityClaimState } from './quality-claim.state';
import { isOpenClaim } from './quality-claim.state-machine';

export type { EscalationLevel as ClaimEscalationLevel, EscalationTiming } from '../../common/escalation-ladder';

/**
 * The claim clocks that breach and climb the escalation chain (docs/domain.md "Service levels"):
 * first contact 48 h, rectification status 72 h, closure (urgent 2 / normal 7 days). A clock runs
 * from registration (closure: from triage) until its event happens — the customer contacted, the
 * status sent, the claim closed or rejected. `corrective_actions`: the permanent actions (D5) each
 * have an owner and a deadline; while any is not implemented its earliest deadline runs, so an
 * overdue action climbs the same chain. The ladder itself is `common/escalation-ladder.ts`.
 */
export const CLAIM_CLOCKS = ['first_contact', 'rectification_status', 'closure', 'corrective_actions'] as const;
export type ClaimClockName = (typeof CLAIM_CLOCKS)[number];

export type ClaimEscalation = Escalation<ClaimClockName>;

/** The deadlines still running: their event has not happened and the claim is open. */
export function runningDeadlines(s: QualityClaimState): RunningDeadline<ClaimClockName>[] {
  if (!isOpenClaim(s.status)) return [];
  const running: RunningDeadline<ClaimClockName>[] = [];
  if (!s.firstContactAt) running.push({ clock: 'first_contact', deadline: s.deadlines.firstContactDueAt });
  if (!s.rectificationStatusSentAt) running.push({ clock: 'rectification_status', deadline: s.deadlines.rectificationStatusDueAt });
  if (s.deadlines.closureDueAt) running.push({ clock: 'closure', deadline: s.deadlines.closureDueAt });
  const pending = s.actions.filter((a) => !a.implementedAt).map((a) => new Date(a.deadline).getTime());
  if (pending.length) running.push({ clock: 'corrective_actions', deadline: new Date(Math.min(...pending)) });
  return running;
}

/** The breach and levels due at `now` and not recorded yet, in order. */
export function dueEscalations(s: QualityClaimState, timing: EscalationTiming, now: Date): ClaimEscalation[] {
  return dueSteps(runningDeadlines(s), s.escalations, timing, now);
}

/** When the next step of any running clock falls due; null when none will while nothing changes. */
export function nextEscalationAt(s: QualityClaimState, timing: EscalationTiming): Date | null {
  return nextStepAt(runningDeadlines(s), s.escalations, timing);
}
