import { BusinessCalendar } from '../calendar/business-calendar';
import { assertInstant, msToMinutes } from '../errors';
import { assertCalendarOf, consumedMsAt, effectiveMs, targetMs } from './clock-internals';
import { SlaClock } from './sla-clock';

/** Business minutes consumed by `at` (frozen while paused or stopped). */
export function consumedMinutes(clock: SlaClock, calendar: BusinessCalendar, at: Date): number {
  assertCalendarOf(clock, calendar);
  return msToMinutes(consumedMsAt(clock, calendar, effectiveMs(clock, at)));
}

/** Business minutes left before the target is used up; negative once overdue. */
export function remainingMinutes(clock: SlaClock, calendar: BusinessCalendar, at: Date): number {
  assertCalendarOf(clock, calendar);
  return msToMinutes(targetMs(clock) - consumedMsAt(clock, calendar, effectiveMs(clock, at)));
}

/** Business minutes past the target; 0 while within it. */
export function overdueMinutes(clock: SlaClock, calendar: BusinessCalendar, at: Date): number {
  return Math.max(0, -remainingMinutes(clock, calendar, at));
}

/**
 * Breached at `at`, whether or not a check has recorded it yet: a running clock past its
 * deadline, or one whose breach is already on record.
 */
export function isBreached(clock: SlaClock, at: Date): boolean {
  if (clock.breachedAt) return true;
  if (clock.stoppedAt || !clock.runningSince || !clock.deadline) return false;
  return assertInstant(at, 'at') > clock.deadline.getTime();
}
