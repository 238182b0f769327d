export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * One working window in local wall-clock time, `HH:MM` (24 h). `end` may be `24:00`. A window
 * whose end is not after its start crosses midnight (`22:00`–`06:00` is a night shift that starts
 * on its weekday and ends the next morning).
 */
export interface ShiftWindow {
  readonly start: string;
  readonly end: string;
}

/**
 * When a technician works: windows per weekday in the technician's time zone, and days off
 * (local dates `YYYY-MM-DD`: leave, holidays). A night window belongs to the day it starts on,
 * so a day off cancels the night shift that starts that evening, not the one that ends that morning.
 */
export interface ShiftCalendar {
  readonly timeZone: string;
  readonly weekly: Readonly<Partial<Record<Weekday, readonly ShiftWindow[]>>>;
  readonly daysOff: readonly string[];
}

/** A moment as read on a wall clock in one time zone. */
export interface LocalClock {
  readonly date: string;
  readonly weekday: Weekday;
  readonly minuteOfDay: number;
}

export const START_RE = /^([01]\d|2[0-3]):[0-5]\d$/;
export const END_RE = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
export const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The IANA zones this runtime knows by their canonical names, and UTC: what a shift calendar may name. */
export const SHIFT_TIME_ZONES: readonly string[] = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')];

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: unknown): timeZone is string {
  if (typeof timeZone !== 'string' || timeZone.length === 0) return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Reads `at` on a wall clock in `timeZone` (IANA name). */
export function localClock(at: Date, timeZone: string): LocalClock {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(at)) parts[p.type] = p.value;
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  return { date, weekday: weekdayOf(date), minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute) };
}

function weekdayOf(date: string): Weekday {
  const utcDay = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return WEEKDAYS[(utcDay + 6) % 7];
}

function previousDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

function minutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** Is the calendar's owner working at the given local time? */
export function isOnShiftAt(calendar: ShiftCalendar, clock: LocalClock): boolean {
  const m = clock.minuteOfDay;
  if (!calendar.daysOff.includes(clock.date)) {
    for (const w of calendar.weekly[clock.weekday] ?? []) {
      const s = minutes(w.start);
      const e = minutes(w.end);
      if (e > s ? m >= s && m < e : m >= s) return true;
    }
  }
  // The tail of a night shift that started the previous day (unless that day was off).
  const prevWeekday = WEEKDAYS[(WEEKDAYS.indexOf(clock.weekday) + 6) % 7];
  for (const w of calendar.weekly[prevWeekday] ?? []) {
    const s = minutes(w.start);
    const e = minutes(w.end);
    if (e <= s && m < e && !calendar.daysOff.includes(previousDate(clock.date))) return true;
  }
  return false;
}

export function isOnShift(calendar: ShiftCalendar, at: Date): boolean {
  return isOnShiftAt(calendar, localClock(at, calendar.timeZone));
}

/** A calendar holds these and nothing else (an unknown field is a mistake, never ignored). */
const CALENDAR_FIELDS: readonly string[] = ['timeZone', 'weekly', 'daysOff'];

/** Field errors of a calendar (empty when valid), named by path, e.g. `weekly.mon[0].end`. */
export function shiftCalendarErrors(calendar: unknown, path = 'shiftCalendar'): string[] {
  if (typeof calendar !== 'object' || calendar === null) return [path];
  const c = calendar as Record<string, unknown>;
  const errors: string[] = Object.keys(c)
    .filter((key) => !CALENDAR_FIELDS.includes(key))
    .map((key) => `${path}.${key}`);
  if (!isValidTimeZone(c.timeZone)) errors.push(`${path}.timeZone`);
  if (typeof c.weekly !== 'object' || c.weekly === null || Array.isArray(c.weekly)) {
    errors.push(`${path}.weekly`);
  } else {
    for (const [day, windows] of Object.entries(c.weekly as Record<string, unknown>)) {
      if (!(WEEKDAYS as readonly string[]).includes(day) || !Array.isArray(windows)) {
        errors.push(`${path}.weekly.${day}`);
        continue;
      }
      windows.forEach((w: unknown, i) => {
        const win = (typeof w === 'object' && w !== null ? w : {}) as Record<string, unknown>;
        const start = win.start;
        const end = win.end;
        for (const key of Object.keys(win)) if (key !== 'start' && key !== 'end') errors.push(`${path}.weekly.${day}[${i}].${key}`);
        if (typeof start !== 'string' || !START_RE.test(start)) errors.push(`${path}.weekly.${day}[${i}].start`);
        else if (typeof end !== 'string' || !END_RE.test(end) || end === start)
          errors.push(`${path}.weekly.${day}[${i}].end`);
      });
    }
  }
  if (!Array.isArray(c.daysOff)) errors.push(`${path}.daysOff`);
  else
    c.daysOff.forEach((d: unknown, i) => {
      if (typeof d !== 'string' || !DATE_RE.test(d)) errors.push(`${path}.daysOff[${i}]`);
    });
  return errors;
}
