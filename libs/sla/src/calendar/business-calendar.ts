import { SLA_ERROR_CODES, SlaError } from '../errors';

/**
 * A business calendar is plain data so a tenant's calendars can live in a MongoDB document and
 * travel in events unchanged. Local times and dates are read in `timeZone`; every instant the
 * arithmetic returns is a UTC `Date`.
 */
export interface BusinessCalendar {
  readonly id: string;
  /** IANA zone, e.g. 'Asia/Shanghai'. Working hours and holidays are local to it. */
  readonly timeZone: string;
  /** '24x7' counts every minute and ignores week, holidays and make-up days. */
  readonly mode: CalendarMode;
  readonly week: WeekSchedule;
  /** Local dates ('YYYY-MM-DD') with no working time, whatever the weekday. */
  readonly holidays: readonly string[];
  /**
   * Local dates that are worked although their weekday is not (China's 调休 make-up days,
   * usually a Saturday or Sunday next to a long holiday).
   */
  readonly extraWorkingDays?: readonly string[];
  /** Hours of a make-up day; defaults to the first weekday (Mon→Sun) that has working hours. */
  readonly extraWorkingDayHours?: readonly WorkingPeriod[];
}

export type CalendarMode = 'business_hours' | '24x7';

/** Local wall-clock times 'HH:mm'; `end` may be '24:00' for a period running to midnight. */
export interface WorkingPeriod {
  readonly start: string;
  readonly end: string;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export type WeekSchedule = { readonly [D in Weekday]: readonly WorkingPeriod[] };

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** Looks a calendar up by id; a policy naming an unknown calendar is a configuration error. */
export function findCalendar(calendars: readonly BusinessCalendar[], id: string): BusinessCalendar {
  const found = calendars.find((c) => c.id === id);
  if (!found) {
    throw new SlaError(
      SLA_ERROR_CODES.calendarNotFound,
      `business calendar '${id}' is not configured`,
      'not_found',
      { calendarId: id },
    );
  }
  return found;
}
