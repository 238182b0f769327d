import { DateTime } from 'luxon';
import { assertInstant, assertMinutes, minutesToMs, msToMinutes } from '../errors';
import { BusinessCalendar } from './business-calendar';
import {
  ensureCompiled,
  firstWorkingPeriodFrom,
  localDayNumber,
  workingPeriodsBetween,
  workingPeriodsFrom,
  workingPeriodsOn,
} from './working-periods';

/*
 * Business minutes are real elapsed minutes that fall inside working time. On a DST day a
 * 00:00–24:00 period therefore holds 1380 or 1500 minutes, and 24x7 counts wall time in UTC.
 */

/**
 * The earliest instant at which `minutes` business minutes have passed since `start`.
 * A deadline that exactly fills a period lands on its end (12:00, not 13:00), and zero minutes
 * is `start` itself even outside working time, so the function is the inverse of
 * `businessMinutesBetween`.
 */
export function addBusinessMinutes(calendar: BusinessCalendar, start: Date, minutes: number): Date {
  return new Date(addBusinessMs(calendar, assertInstant(start, 'start'), minutesToMs(assertMinutes(minutes))));
}

export function addBusinessMs(calendar: BusinessCalendar, startMs: number, ms: number): number {
  ensureCompiled(calendar);
  if (ms <= 0) return startMs;
  if (calendar.mode === '24x7') return startMs + ms;
  let remaining = ms;
  for (const period of workingPeriodsFrom(calendar, startMs)) {
    const from = Math.max(period.start, startMs);
    const available = period.end - from;
    if (remaining <= available) return from + remaining;
    remaining -= available;
  }
  /* istanbul ignore next -- the generator either yields for ever or throws */
  throw new Error('unreachable');
}

/** Business minutes in [from, to); negative when `to` is before `from`. May be fractional (ms precision). */
export function businessMinutesBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  return msToMinutes(businessMsBetween(calendar, assertInstant(from, 'from'), assertInstant(to, 'to')));
}

export function businessMsBetween(calendar: BusinessCalendar, fromMs: number, toMs: number): number {
  ensureCompiled(calendar);
  if (toMs < fromMs) return -businessMsBetween(calendar, toMs, fromMs);
  if (calendar.mode === '24x7') return toMs - fromMs;
  return workingPeriodsBetween(calendar, fromMs, toMs).reduce((sum, p) => sum + (p.end - p.start), 0);
}

/** Working periods are half-open: 08:30 is working time, 12:00 is lunch. */
export function isWorkingTime(calendar: BusinessCalendar, at: Date): boolean {
  const ms = assertInstant(at, 'at');
  ensureCompiled(calendar);
  if (calendar.mode === '24x7') return true;
  return workingPeriodsOn(calendar, localDayNumber(calendar, ms)).some((p) => p.start <= ms && ms < p.end);
}

/** `at` itself when it is working time, otherwise the start of the next working period. */
export function nextWorkingInstant(calendar: BusinessCalendar, at: Date): Date {
  const ms = assertInstant(at, 'at');
  ensureCompiled(calendar);
  if (calendar.mode === '24x7') return new Date(ms);
  const first = firstWorkingPeriodFrom(calendar, ms);
  return new Date(Math.max(first.start, ms));
}

/**
 * End of the working day `at` belongs to — or, outside working time, of the next working day.
 * "Not dispatched by end of day" rules use it; for 24x7 it is the next local midnight.
 */
export function endOfWorkingDay(calendar: BusinessCalendar, at: Date): Date {
  const ms = assertInstant(at, 'at');
  ensureCompiled(calendar);
  if (calendar.mode === '24x7') {
    return DateTime.fromMillis(ms, { zone: calendar.timeZone }).startOf('day').plus({ days: 1 }).toJSDate();
  }
  const first = firstWorkingPeriodFrom(calendar, ms);
  const periods = workingPeriodsOn(calendar, localDayNumber(calendar, first.start));
  return new Date(periods[periods.length - 1].end);
}
