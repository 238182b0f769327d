import type { SlaClock } from '@aftercare/sla';
import { arrangedBy } from './deadlines';

/**
 * "Technician arranged within 24 h" as a month figure (source 004 §3): of the orders routed in
 * the month, how many a technician accepted by the clock's deadline. Pure; the repository gives
 * the clocks of the orders routed in the period (`technicianArrangedClocks`).
 *
 * - accepted by the deadline: on time; accepted after it: late;
 * - still unaccepted: late once the deadline has passed (at `at`), else pending (not counted yet);
 * - cancelled before anyone accepted it: late if the deadline had passed by then, else not counted
 *   (the order was withdrawn in time: nothing was owed).
 */
export type ArrangementOutcome = 'on_time' | 'late' | 'pending' | 'not_counted';

export function arrangementOutcome(clock: SlaClock, at: Date): ArrangementOutcome {
  const deadline = clock.deadline ?? clock.breachedAt;
  if (clock.stoppedAt) {
    if (arrangedBy(clock)) return deadline && clock.stoppedAt > deadline ? 'late' : 'on_time';
    return clock.breachedAt || (deadline && clock.stoppedAt > deadline) ? 'late' : 'not_counted';
  }
  if (clock.breachedAt) return 'late';
  return deadline && at > deadline ? 'late' : 'pending';
}

export interface TechnicianArrangedFigure {
  /** Accepted by the deadline. */
  readonly onTime: number;
  /** Orders whose outcome is known: on time + late (the figure's denominator). */
  readonly total: number;
  /** Still within the deadline at `at`: counted once decided. */
  readonly pending: number;
}

export function technicianArrangedFigure(clocks: readonly SlaClock[], at: Date): TechnicianArrangedFigure {
  let onTime = 0;
  let late = 0;
  let pending = 0;
  for (const clock of clocks) {
    const outcome = arrangementOutcome(clock, at);
    if (outcome === 'on_time') onTime += 1;
    else if (outcome === 'late') late += 1;
    else if (outcome === 'pending') pending += 1;
  }
  return { onTime, total: onTime + late, pending };
}
