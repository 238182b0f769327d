import { addBusinessMs } from '../calendar/calendar-arithmetic';
import { BusinessCalendar } from '../calendar/business-calendar';
import { minutesToMs } from '../errors';
import { ClockDefinition, EscalationStep } from '../policy/sla-policy';
import { assertCalendarOf, elapsedMs, targetMs } from './clock-internals';
import { isBreached, overdueMinutes } from './clock-queries';
import { SlaClock } from './sla-clock';

export interface DueEscalation {
  /** Index in the chain (ascending by afterMinutesOverdue); services remember the last one sent. */
  readonly step: number;
  readonly level: string;
  readonly afterMinutesOverdue: number;
  readonly overdueMinutes: number;
}

export interface UpcomingEscalation {
  readonly step: number;
  readonly level: string;
  readonly afterMinutesOverdue: number;
  /** Check again at or after this instant (a level at 0 minutes is due just after the deadline). */
  readonly dueAt: Date;
}

const ascending = (chain: readonly EscalationStep[]): EscalationStep[] =>
  [...chain].sort((a, b) => a.afterMinutesOverdue - b.afterMinutesOverdue);

/**
 * The highest escalation level due at `at`, or null. Overdue time is measured in business
 * minutes of the clock's calendar, so nobody is escalated to over a weekend for a business-hours
 * clock; it stands still while the clock is paused. A stopped clock escalates no further.
 * The caller sends every step between the last one it sent and this one.
 */
export function dueEscalationLevel(
  clock: SlaClock,
  def: Pick<ClockDefinition, 'escalationChain'>,
  calendar: BusinessCalendar,
  at: Date,
): DueEscalation | null {
  assertCalendarOf(clock, calendar);
  if (clock.stoppedAt || !isBreached(clock, at)) return null;
  const overdue = overdueMinutes(clock, calendar, at);
  const chain = ascending(def.escalationChain);
  let step = -1;
  chain.forEach((s, i) => {
    if (s.afterMinutesOverdue <= overdue) step = i;
  });
  if (step < 0) return null;
  return { step, level: chain[step].level, afterMinutesOverdue: chain[step].afterMinutesOverdue, overdueMinutes: overdue };
}

/**
 * The next level that is not yet due and when it will be, for a scheduler to store next to the
 * deadline. Null when the chain is exhausted or the clock is paused or stopped (no time is
 * passing on it).
 */
export function nextEscalation(
  clock: SlaClock,
  def: Pick<ClockDefinition, 'escalationChain'>,
  calendar: BusinessCalendar,
  at: Date,
): UpcomingEscalation | null {
  assertCalendarOf(clock, calendar);
  if (clock.stoppedAt || !clock.runningSince || !clock.deadline) return null;
  const chain = ascending(def.escalationChain);
  const due = dueEscalationLevel(clock, def, calendar, at);
  const index = due ? due.step + 1 : 0;
  if (index >= chain.length) return null;
  const step = chain[index];
  const dueMs = Math.max(
    clock.deadline.getTime(),
    addBusinessMs(calendar, clock.runningSince.getTime(), Math.max(0, targetMs(clock) + minutesToMs(step.afterMinutesOverdue) - elapsedMs(clock))),
  );
  return { step: index, level: step.level, afterMinutesOverdue: step.afterMinutesOverdue, dueAt: new Date(dueMs) };
}
