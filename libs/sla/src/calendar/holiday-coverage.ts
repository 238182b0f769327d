import type { BusinessCalendar } from './business-calendar';

/**
 * Holidays are data per year (China's schedule is published each November, see
 * default-calendars.ts). A working-hours calendar that reaches a year without its holiday list
 * would silently count that year's public holidays as working days, so every deadline on it
 * would be early. This module finds such years before they begin, for a warning at start and in
 * the readiness details (the service keeps running: the arithmetic is still defined).
 */

/** Warn this many days before a year without a holiday list begins (design). */
export const DEFAULT_HOLIDAY_WARNING_DAYS = 60;

export interface HolidayCoverageWarning {
  readonly calendarId: string;
  readonly year: number;
  /** `YYYY-01-01` in the calendar's time zone. */
  readonly startsOn: string;
  /** Days from `now` to the year's first day; 0 or less once it has begun. */
  readonly daysUntilStart: number;
  readonly message: string;
}

const DAY_MS = 86_400_000;

/** The years for which the calendar lists holidays or make-up days: a year with neither has no list. */
export function holidayYearsOf(calendar: BusinessCalendar): number[] {
  const years = new Set<number>();
  for (const date of [...calendar.holidays, ...(calendar.extraWorkingDays ?? [])]) years.add(Number(date.slice(0, 4)));
  return [...years].sort((a, b) => a - b);
}

/**
 * Every working-hours calendar whose current year, or the next one when it begins within
 * `warnWithinDays`, has no holiday list. 24x7 calendars have no holidays and are never reported.
 */
export function missingHolidayYears(
  calendars: readonly BusinessCalendar[],
  now: Date,
  { warnWithinDays = DEFAULT_HOLIDAY_WARNING_DAYS }: { warnWithinDays?: number } = {},
): HolidayCoverageWarning[] {
  const warnings: HolidayCoverageWarning[] = [];
  for (const calendar of calendars) {
    if (calendar.mode !== 'business_hours') continue;
    const covered = new Set(holidayYearsOf(calendar));
    const today = localDate(now, calendar.timeZone);
    const thisYear = Number(today.slice(0, 4));
    const daysToNextYear = daysBetween(today, `${thisYear + 1}-01-01`);
    const years = daysToNextYear <= warnWithinDays ? [thisYear, thisYear + 1] : [thisYear];
    for (const year of years.filter((y) => !covered.has(y))) {
      const startsOn = `${year}-01-01`;
      const daysUntilStart = daysBetween(today, startsOn);
      const when = daysUntilStart > 0 ? `begins in ${daysUntilStart} day(s)` : 'has begun';
      warnings.push({
        calendarId: calendar.id,
        year,
        startsOn,
        daysUntilStart,
        message:
          `calendar '${calendar.id}' has no holiday list for ${year}, which ${when}: working-time deadlines in ${year} ` +
          `would count its public holidays as working days. Add ${year}'s holidays and make-up days.`,
      });
    }
  }
  return warnings;
}

function localDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Whole days from one calendar date to another (exact on UTC midnights). */
const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
