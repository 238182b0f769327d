/**
 * Which months an owner (re)computes at `now`: the `months` most recently closed in the tenant's
 * time zone, newest first. The newest is published at its close; the older ones are recomputed on
 * every pass so that late data (a completion reported after the close, a delivery booked late)
 * reaches the report as a new revision. A month older than the window is no longer revised.
 */
import { DateTime } from 'luxon';
import { lastClosedMonth } from '@aftercare/monthly-report/calendar';

export function monthsToPublish(now: Date, timeZone: string, months: number): string[] {
  if (!Number.isInteger(months) || months < 1) throw new RangeError(`months must be a positive integer, got ${months}`);
  const newest = DateTime.fromFormat(lastClosedMonth(now, timeZone), 'yyyy-MM', { zone: 'UTC' });
  return Array.from({ length: months }, (_, i) => newest.minus({ months: i }).toFormat('yyyy-MM'));
}
