/**
 * The report's calendar, in the tenant's time zone. A month closes at the first instant of the
 * next month; its report is due by the end of the 4th of the next month (source 001 §7). The due
 * date is a date, not a clock: a holiday on the 4th does not move it. Records are kept at least
 * five years (source 000), counted from the month's close.
 */
import { DateTime } from 'luxon';

/** `YYYY-MM`, digits spelled out: an OpenAPI reader in another language may take `\d` for any Unicode digit. */
export const MONTH_PATTERN = '^([0-9]{4})-(0[1-9]|1[0-2])$';
const MONTH = new RegExp(MONTH_PATTERN);
export const DUE_DAY_OF_NEXT_MONTH = 4;
export const RETENTION_YEARS = 5;

export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

function start(month: string, timeZone: string): DateTime {
  if (!isMonth(month)) throw new RangeError(`month must be YYYY-MM, got ${month}`);
  const at = DateTime.fromFormat(month, 'yyyy-MM', { zone: timeZone });
  if (!at.isValid) throw new RangeError(`unknown time zone ${timeZone}`);
  return at;
}

export function daysInMonth(month: string): number {
  return start(month, 'UTC').daysInMonth as number;
}

/** The first and the next month's first instant: the month's figures count `from <= t < to`. */
export function monthBounds(month: string, timeZone: string): { from: Date; to: Date } {
  const first = start(month, timeZone);
  return { from: first.toJSDate(), to: first.plus({ months: 1 }).toJSDate() };
}

export function closesAt(month: string, timeZone: string): Date {
  return monthBounds(month, timeZone).to;
}

/** The end of the 4th of the next month: the first instant of the 5th. */
export function dueAt(month: string, timeZone: string): Date {
  return start(month, timeZone).plus({ months: 1, days: DUE_DAY_OF_NEXT_MONTH }).toJSDate();
}

export function isLate(submittedAt: Date, month: string, timeZone: string): boolean {
  return submittedAt.getTime() >= dueAt(month, timeZone).getTime();
}

export function retainUntil(month: string, timeZone: string): Date {
  return start(month, timeZone).plus({ months: 1, years: RETENTION_YEARS }).toJSDate();
}

/** The month that most recently closed at `now` in the time zone: the one whose report is generated next. */
export function lastClosedMonth(now: Date, timeZone: string): string {
  return DateTime.fromJSDate(now, { zone: timeZone }).startOf('month').minus({ months: 1 }).toFormat('yyyy-MM');
}
