import { DateTime } from 'luxon';

/**
 * The month (`yyyy-MM`) an instant falls in, in the tenant's time zone: every column of the
 * appraisal counts the tenant's month, which opens at its local midnight (as the month figures
 * and the monthly report do).
 */
export function monthOf(at: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  if (!local.isValid) throw new RangeError(`unknown time zone ${timeZone}`);
  return local.toFormat('yyyy-MM');
}
