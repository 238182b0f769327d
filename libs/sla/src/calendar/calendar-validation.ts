import { DateTime, IANAZone } from 'luxon';
import { SLA_ERROR_CODES, SlaError } from '../errors';
import { BusinessCalendar, WEEKDAYS, WorkingPeriod } from './business-calendar';

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** 'HH:mm' → minutes after local midnight; '24:00' → 1440. NaN when malformed. */
export function parseTimeOfDay(value: string): number {
  if (typeof value !== 'string' || !TIME.test(value)) return Number.NaN;
  const [h, m] = value.split(':').map(Number);
  return h * 60 + m;
}

export function isLocalDate(value: string): boolean {
  return typeof value === 'string' && DATE.test(value) && DateTime.fromISO(value).isValid;
}

/**
 * Every problem with a calendar, as sentences an administrator can act on. Tenants edit
 * calendars, so this runs at the edge (HTTP, config load) rather than inside the arithmetic.
 */
export function validateCalendar(calendar: BusinessCalendar): string[] {
  const problems: string[] = [];
  if (!calendar.id || typeof calendar.id !== 'string') problems.push('id is required');
  if (!IANAZone.isValidZone(calendar.timeZone)) problems.push(`timeZone '${calendar.timeZone}' is not an IANA time zone`);
  if (calendar.mode !== 'business_hours' && calendar.mode !== '24x7') problems.push(`mode '${String(calendar.mode)}' is not business_hours or 24x7`);

  let workingWeekdays = 0;
  for (const day of WEEKDAYS) {
    const periods = calendar.week?.[day];
    if (!Array.isArray(periods)) {
      problems.push(`week.${day} must be a list of periods`);
      continue;
    }
    problems.push(...validatePeriods(periods, `week.${day}`));
    if (periods.length > 0) workingWeekdays++;
  }
  if (calendar.extraWorkingDayHours) problems.push(...validatePeriods(calendar.extraWorkingDayHours, 'extraWorkingDayHours'));

  const holidays = calendar.holidays ?? [];
  const extra = calendar.extraWorkingDays ?? [];
  for (const d of holidays) if (!isLocalDate(d)) problems.push(`holiday '${d}' is not a YYYY-MM-DD date`);
  for (const d of extra) if (!isLocalDate(d)) problems.push(`extra working day '${d}' is not a YYYY-MM-DD date`);
  for (const d of extra) if (holidays.includes(d)) problems.push(`${d} is both a holiday and an extra working day`);

  // A business-hours calendar without a working weekday would make every deadline infinite.
  if (calendar.mode === 'business_hours' && workingWeekdays === 0) problems.push('business_hours calendar has no working hours on any weekday');
  return problems;
}

function validatePeriods(periods: readonly WorkingPeriod[], where: string): string[] {
  const problems: string[] = [];
  const parsed = periods.map((p, i) => {
    const start = parseTimeOfDay(p?.start);
    const end = parseTimeOfDay(p?.end);
    if (Number.isNaN(start) || start === 1440) problems.push(`${where}[${i}].start '${p?.start}' is not HH:mm`);
    if (Number.isNaN(end)) problems.push(`${where}[${i}].end '${p?.end}' is not HH:mm (or 24:00)`);
    else if (!Number.isNaN(start) && end <= start) problems.push(`${where}[${i}] ends (${p.end}) before it starts (${p.start})`);
    return { start, end };
  });
  const sorted = parsed.filter((p) => !Number.isNaN(p.start) && !Number.isNaN(p.end)).sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].start < sorted[i - 1].end) problems.push(`${where} has overlapping periods`);
  }
  return problems;
}

export function assertValidCalendar(calendar: BusinessCalendar): BusinessCalendar {
  const problems = validateCalendar(calendar);
  if (problems.length > 0) {
    throw new SlaError(SLA_ERROR_CODES.invalidCalendar, `calendar '${calendar.id}' is invalid: ${problems.join('; ')}`, 'invalid', {
      calendarId: calendar.id,
      problems,
    });
  }
  return calendar;
}
