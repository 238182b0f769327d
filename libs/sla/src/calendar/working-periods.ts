import { DateTime, IANAZone } from 'luxon';
import { SLA_ERROR_CODES, SlaError } from '../errors';
import { BusinessCalendar, WEEKDAYS, WorkingPeriod } from './business-calendar';
import { assertValidCalendar, parseTimeOfDay } from './calendar-validation';

/** A half-open interval [start, end) of UTC epoch milliseconds. */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

type MinuteRange = readonly [startMinute: number, endMinute: number];

interface CompiledCalendar {
  readonly zone: IANAZone;
  /** Index = luxon weekday (1 = Monday … 7 = Sunday); index 0 unused. */
  readonly byWeekday: readonly (readonly MinuteRange[])[];
  readonly holidays: ReadonlySet<string>;
  readonly extraDays: ReadonlySet<string>;
  readonly extraHours: readonly MinuteRange[];
  /** Working intervals per local day number; a scheduler re-reads the same few days all the time. */
  readonly days: Map<number, readonly Interval[]>;
}

const MS_PER_DAY = 86_400_000;
const MAX_CACHED_DAYS = 4_000;

/**
 * No validated calendar has a year without work, but a tenant can list holidays for a very long
 * stretch; past this many idle days we stop rather than loop for ever.
 */
const MAX_IDLE_DAYS = 3 * 366;

// Parsing and validating once per calendar object keeps the hot loops cheap; calendars are
// immutable values, so a WeakMap cache cannot go stale and frees itself with the calendar.
const compiled = new WeakMap<BusinessCalendar, CompiledCalendar>();

function compile(calendar: BusinessCalendar): CompiledCalendar {
  const cached = compiled.get(calendar);
  if (cached) return cached;
  assertValidCalendar(calendar);
  const toRanges = (periods: readonly WorkingPeriod[]): MinuteRange[] =>
    periods.map((p) => [parseTimeOfDay(p.start), parseTimeOfDay(p.end)] as const).sort((a, b) => a[0] - b[0]);
  const byWeekday = [[], ...WEEKDAYS.map((d) => toRanges(calendar.week[d]))];
  const firstWorkingWeekday = byWeekday.find((r) => r.length > 0) ?? [];
  const result: CompiledCalendar = {
    zone: IANAZone.create(calendar.timeZone),
    byWeekday,
    holidays: new Set(calendar.holidays),
    extraDays: new Set(calendar.extraWorkingDays ?? []),
    extraHours: calendar.extraWorkingDayHours ? toRanges(calendar.extraWorkingDayHours) : firstWorkingWeekday,
    days: new Map(),
  };
  compiled.set(calendar, result);
  return result;
}

export function ensureCompiled(calendar: BusinessCalendar): void {
  compile(calendar);
}

/**
 * Local day number (days since 1970-01-01 on the calendar's wall clock) of an instant. Day
 * numbers keep the loops on plain integers; luxon is needed only to build a day's intervals.
 */
export function localDayNumber(calendar: BusinessCalendar, ms: number): number {
  const offsetMinutes = compile(calendar).zone.offset(ms);
  return Math.floor((ms + offsetMinutes * 60_000) / MS_PER_DAY);
}

/** The instant of a local time of day; DST gaps move forward, as the wall clock does. */
function instantOn(day: DateTime, minuteOfDay: number): number {
  if (minuteOfDay >= 1440) return day.plus({ days: 1 }).startOf('day').toMillis();
  return day.set({ hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60, second: 0, millisecond: 0 }).toMillis();
}

/** Working intervals of one local day (business-hours mode), in order. */
export function workingPeriodsOn(calendar: BusinessCalendar, dayNumber: number): readonly Interval[] {
  const c = compile(calendar);
  const cached = c.days.get(dayNumber);
  if (cached) return cached;
  const date = new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
  const day = DateTime.fromISO(date, { zone: c.zone }).startOf('day');
  let ranges: readonly MinuteRange[];
  if (c.holidays.has(date)) ranges = [];
  else if (c.extraDays.has(date) && c.byWeekday[day.weekday].length === 0) ranges = c.extraHours;
  else ranges = c.byWeekday[day.weekday];
  // A period lying wholly in a DST gap collapses to zero length, which the arithmetic tolerates.
  const periods = ranges.map(([s, e]) => ({ start: instantOn(day, s), end: instantOn(day, e) }));
  if (c.days.size >= MAX_CACHED_DAYS) c.days.clear();
  c.days.set(dayNumber, periods);
  return periods;
}

/** Working intervals ending after `fromMs`, in order, for as long as the caller pulls. */
export function* workingPeriodsFrom(calendar: BusinessCalendar, fromMs: number): Generator<Interval> {
  let idleDays = 0;
  for (let day = localDayNumber(calendar, fromMs); ; day++) {
    const periods = workingPeriodsOn(calendar, day);
    idleDays = periods.length === 0 ? idleDays + 1 : 0;
    if (idleDays > MAX_IDLE_DAYS) {
      throw new SlaError(SLA_ERROR_CODES.noWorkingTime, `calendar '${calendar.id}' has no working time for ${MAX_IDLE_DAYS} days`, 'rule', {
        calendarId: calendar.id,
      });
    }
    for (const p of periods) if (p.end > fromMs) yield p;
  }
}

/** The first working interval ending after `fromMs`. */
export function firstWorkingPeriodFrom(calendar: BusinessCalendar, fromMs: number): Interval {
  for (const period of workingPeriodsFrom(calendar, fromMs)) return period;
  /* istanbul ignore next -- the generator either yields or throws */
  throw new Error('unreachable');
}

/** Working intervals overlapping [fromMs, toMs), clipped to it. Bounded by the range, never throws for idleness. */
export function workingPeriodsBetween(calendar: BusinessCalendar, fromMs: number, toMs: number): Interval[] {
  const result: Interval[] = [];
  const lastDay = localDayNumber(calendar, toMs);
  for (let day = localDayNumber(calendar, fromMs); day <= lastDay; day++) {
    for (const p of workingPeriodsOn(calendar, day)) {
      const start = Math.max(p.start, fromMs);
      const end = Math.min(p.end, toMs);
      if (end > start) result.push({ start, end });
    }
  }
  return result;
}
