/**
 * The complaints column of the monthly technician appraisal (issue 12: "a confirmed complaint
 * about a technician reaches dispatch's appraisal for that month"), from claims' public
 * service-complaint events; dispatch never reads claims' database.
 *
 * - Only a complaint closed as confirmed and naming a technician counts, against that technician;
 *   an unconfirmed one, or one about nobody in particular, counts against no one.
 * - It counts in the month claims counts it in its own month figures (`complaintsByTechnician`):
 *   the month the complaint was **received**, in the tenant's time zone. `closed` does not carry
 *   the received instant, so dispatch keeps it from the complaint's `opened` (same key, so the
 *   same partition: `opened` is handled first). Only when `opened` was never seen (it left the
 *   topic's retention before dispatch first read the topic) the closing instant stands in.
 * - A complaint counts once however often it is closed or delivered: it is keyed by its id.
 */
import { monthOf } from '../tenant-month';

/** What a `closed` event says that the appraisal needs. */
export interface ClosedComplaint {
  complaintId: string;
  confirmed: boolean;
  technicianId: string | null;
  closedAt: Date;
}

/** One complaint counted against a technician in a month. */
export interface CountedComplaint {
  complaintId: string;
  technicianId: string;
  month: string;
}

/**
 * Whether and where a closed complaint counts: null when it counts against no one; else its
 * technician and the month it was received in (`receivedAt`, from its `opened`), or closed in
 * when dispatch never saw it opened.
 */
export function countedComplaint(closed: ClosedComplaint, receivedAt: Date | null, timeZone: string): CountedComplaint | null {
  if (!closed.confirmed || !closed.technicianId) return null;
  return { complaintId: closed.complaintId, technicianId: closed.technicianId, month: monthOf(receivedAt ?? closed.closedAt, timeZone) };
}

/** Per technician, how many of the month's counted complaints are about them. */
export function complaintCounts(complaints: Iterable<Pick<CountedComplaint, 'technicianId'>>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of complaints) counts[c.technicianId] = (counts[c.technicianId] ?? 0) + 1;
  return counts;
}
