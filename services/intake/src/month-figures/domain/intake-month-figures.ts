/**
 * intake's month figures for the monthly report (source 004 §3: resolution ≥ 95 %; source 001 §3:
 * reply on time; the denominator of the complaint rate). Counts only; the report computes the
 * rates (ADR 0032, ADR 0037).
 *
 * Design (the sources give no formulas):
 * - the month's cases are those received in it and registered (a received request never
 *   registered is not a case yet);
 * - due for resolution: the month's cases less the cancelled (merged duplicates included) and the
 *   rejected; resolved: those of them resolved now (resolved, confirmed or closed). A case resolved
 *   after the close, or reopened, changes the figure: the next pass publishes it again and the
 *   report makes a revision;
 * - reply on time: the reply clocks stopped in the month, by the case's zone (remote counts as
 *   suburb, as its target does); on time when stopped by the deadline and never breached. A case
 *   without a site zone (a consultation) has no zone: its clock is in neither line.
 */
import type { IntakeMonthFiguresV1 } from '@aftercare/contracts';
import type { SlaClock, Zone } from '@aftercare/sla';
import type { ServiceRequestState } from '../../service-request/domain/service-request.state';

export type FiguredCase = Pick<ServiceRequestState, 'status' | 'registeredAt' | 'resolution'>;

export interface FiguredReplyClock {
  clock: Pick<SlaClock, 'stoppedAt' | 'deadline' | 'breachedAt'>;
  zone: Zone | undefined;
}

const NOT_DUE: readonly FiguredCase['status'][] = ['cancelled', 'rejected'];
const RESOLVED: readonly FiguredCase['status'][] = ['resolved', 'confirmed', 'closed'];

export function intakeMonthFigures(cases: readonly FiguredCase[], replyClocks: readonly FiguredReplyClock[]): IntakeMonthFiguresV1 {
  const registered = cases.filter((c) => c.registeredAt !== null);
  const due = registered.filter((c) => !NOT_DUE.includes(c.status));
  const figures: IntakeMonthFiguresV1 = {
    casesRegistered: registered.length,
    resolved: due.filter((c) => c.resolution !== null && RESOLVED.includes(c.status)).length,
    dueForResolution: due.length,
    reply: { city: { onTime: 0, due: 0 }, suburb: { onTime: 0, due: 0 } },
  };
  for (const { clock, zone } of replyClocks) {
    if (!zone || !clock.stoppedAt) continue;
    const line = figures.reply[zone === 'city' ? 'city' : 'suburb'];
    line.due += 1;
    if (replyOnTime(clock)) line.onTime += 1;
  }
  return figures;
}

function replyOnTime(clock: FiguredReplyClock['clock']): boolean {
  if (clock.breachedAt) return false;
  return !clock.deadline || !clock.stoppedAt || clock.stoppedAt.getTime() <= clock.deadline.getTime();
}
