import type { QualityClaimState } from './quality-claim.state';
import { isOpenClaim } from './quality-claim.state-machine';

/**
 * The claim clocks that breach and climb the escalation chain (docs/domain.md "Service levels"):
 * first contact 48 h, rectification status 72 h, closure (urgent 2 / normal 7 days). A clock runs
 * from registration until its event happens (the customer contacted, the status sent, the claim
 * closed or rejected); past its deadline it breaches once and then climbs the chain, one level at
 * a time, each level once. Pure: the timing comes from the tenant's clocks.
 */
export const CLAIM_CLOCKS = ['first_contact', 'rectification_status', 'closure'] as const;
export type ClaimClockName = (typeof CLAIM_CLOCKS)[number];

export interface ClaimEscalationLevel {
  afterMinutesOverdue: number;
  level: string;
}

/** How overdue time is counted for a tenant: its chain, and the instant a level falls due. */
export interface EscalationTiming {
  /** Ascending by `afterMinutesOverdue`; the first level (0) is told at the breach. */
  chain: readonly ClaimEscalationLevel[];
  /** `minutes` of overdue time after `deadline`, in the tenant's reading of days. */
  overdueBy(deadline: Date, minutes: number): Date;
}

/** One level of the chain reached by one clock. Step 1 is the breach itself. */
export interface ClaimEscalation {
  clock: ClaimClockName;
  step: number;
  level: string;
  deadline: Date;
  at: Date;
}

/** The deadlines still running: their event has not happened and the claim is open. */
export function runningDeadlines(s: QualityClaimState): Array<{ clock: ClaimClockName; deadline: Date }> {
  if (!isOpenClaim(s.status)) return [];
  const running: Array<{ clock: ClaimClockName; deadline: Date }> = [];
  if (!s.firstContactAt) running.push({ clock: 'first_contact', deadline: s.deadlines.firstContactDueAt });
  if (!s.rectificationStatusSentAt) running.push({ clock: 'rectification_status', deadline: s.deadlines.rectificationStatusDueAt });
  if (s.deadlines.closureDueAt) running.push({ clock: 'closure', deadline: s.deadlines.closureDueAt });
  return running;
}

/** The highest step recorded for the clock (0 = not breached). */
export function stepsReached(escalations: readonly ClaimEscalation[], clock: ClaimClockName): number {
  return escalations.filter((e) => e.clock === clock).reduce((high, e) => Math.max(high, e.step), 0);
}

/** When step `step` (1-based) of the chain falls due: never on the deadline itself, which is still in time. */
function stepDueAt(timing: EscalationTiming, deadline: Date, step: number): Date {
  const at = timing.overdueBy(deadline, timing.chain[step - 1].afterMinutesOverdue).getTime();
  return new Date(Math.max(at, deadline.getTime() + 1));
}

/**
 * The steps due at `now` and not recorded yet, in order: every level between the last one
 * recorded and the highest one due, so a late check sends the ones it missed and none twice.
 */
export function dueEscalations(s: QualityClaimState, timing: EscalationTiming, now: Date): ClaimEscalation[] {
  const due: ClaimEscalation[] = [];
  for (const { clock, deadline } of runningDeadlines(s)) {
    for (let step = stepsReached(s.escalations, clock) + 1; step <= timing.chain.length; step++) {
      if (stepDueAt(timing, deadline, step) > now) break;
      due.push({ clock, step, level: timing.chain[step - 1].level, deadline, at: now });
    }
  }
  return due;
}

/** When the next step of any running clock falls due; null when none will while nothing changes. */
export function nextEscalationAt(s: QualityClaimState, timing: EscalationTiming): Date | null {
  const times = runningDeadlines(s)
    .filter(({ clock }) => stepsReached(s.escalations, clock) < timing.chain.length)
    .map(({ clock, deadline }) => stepDueAt(timing, deadline, stepsReached(s.escalations, clock) + 1).getTime());
  return times.length ? new Date(Math.min(...times)) : null;
}
