/**
 * A deadline's breach and the escalation chain it climbs, for any clock of any aggregate here
 * (quality claims, service complaints). A clock is in time on its deadline and breaches just after
 * it (step 1, the chain's first level); every later level falls due its overdue minutes after the
 * deadline. Each level is recorded once; a late check records every level it missed, in order.
 * Pure: the aggregate says which deadlines still run, the tenant's clocks give the timing.
 */
export interface EscalationLevel {
  afterMinutesOverdue: number;
  level: string;
}

/** How overdue time is counted for a tenant: its chain, and the instant a level falls due. */
export interface EscalationTiming {
  /** Ascending by `afterMinutesOverdue`; the first level (0) is told at the breach. */
  chain: readonly EscalationLevel[];
  /** `minutes` of overdue time after `deadline`, in the tenant's reading of days. */
  overdueBy(deadline: Date, minutes: number): Date;
}

export interface RunningDeadline<C extends string> {
  clock: C;
  deadline: Date;
}

/** One level of the chain reached by one clock. Step 1 is the breach itself. */
export interface Escalation<C extends string> {
  clock: C;
  step: number;
  level: string;
  deadline: Date;
  at: Date;
}

/** The highest step recorded for the clock (0 = not breached). */
export function stepsReached<C extends string>(escalations: readonly Escalation<C>[], clock: C): number {
  return escalations.filter((e) => e.clock === clock).reduce((high, e) => Math.max(high, e.step), 0);
}

/** When step `step` (1-based) of the chain falls due: never on the deadline itself, which is still in time. */
function stepDueAt(timing: EscalationTiming, deadline: Date, step: number): Date {
  const at = timing.overdueBy(deadline, timing.chain[step - 1].afterMinutesOverdue).getTime();
  return new Date(Math.max(at, deadline.getTime() + 1));
}

/** The steps due at `now` and not recorded yet, in order. */
export function dueSteps<C extends string>(running: readonly RunningDeadline<C>[], escalations: readonly Escalation<C>[], timing: EscalationTiming, now: Date): Escalation<C>[] {
  const due: Escalation<C>[] = [];
  for (const { clock, deadline } of running) {
    for (let step = stepsReached(escalations, clock) + 1; step <= timing.chain.length; step++) {
      if (stepDueAt(timing, deadline, step) > now) break;
      due.push({ clock, step, level: timing.chain[step - 1].level, deadline, at: now });
    }
  }
  return due;
}

/** When the next step of any running clock falls due; null when none will while nothing changes. */
export function nextStepAt<C extends string>(running: readonly RunningDeadline<C>[], escalations: readonly Escalation<C>[], timing: EscalationTiming): Date | null {
  const times = running
    .filter(({ clock }) => stepsReached(escalations, clock) < timing.chain.length)
    .map(({ clock, deadline }) => stepDueAt(timing, deadline, stepsReached(escalations, clock) + 1).getTime());
  return times.length ? new Date(Math.min(...times)) : null;
}
