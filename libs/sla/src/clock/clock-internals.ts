import { addBusinessMs, businessMsBetween } from '../calendar/calendar-arithmetic';
import { BusinessCalendar } from '../calendar/business-calendar';
import { SLA_ERROR_CODES, SlaError, assertInstant, minutesToMs, msToMinutes } from '../errors';
import { ClockHistoryEntry, ClockHistoryKind, SlaClock } from './sla-clock';

export function assertCalendarOf(clock: { calendarId: string; name: string }, calendar: BusinessCalendar): void {
  if (calendar.id !== clock.calendarId) {
    throw new SlaError(
      SLA_ERROR_CODES.calendarMismatch,
      `clock '${clock.name}' runs on calendar '${clock.calendarId}', not '${calendar.id}'`,
      'invalid',
      { clock: clock.name, expected: clock.calendarId, actual: calendar.id },
    );
  }
}

/**
 * Events reach a clock from several services whose clocks may differ slightly, and a redelivered
 * message can be older than the last one applied. Time must not run backwards inside a clock,
 * so an instant before its last event counts as that event's instant.
 */
export function effectiveMs(clock: SlaClock, at: Date): number {
  const ms = assertInstant(at, 'at');
  const last = clock.history.length > 0 ? clock.history[clock.history.length - 1].at.getTime() : clock.startedAt.getTime();
  return Math.max(ms, last);
}

export const elapsedMs = (clock: SlaClock): number => minutesToMs(clock.elapsedMinutes);
export const targetMs = (clock: SlaClock): number => minutesToMs(clock.targetMinutes);

export function entry(atMs: number, kind: ClockHistoryKind, consumedMs: number, detail?: string): ClockHistoryEntry {
  return detail === undefined
    ? { at: new Date(atMs), kind, elapsedMinutes: msToMinutes(consumedMs) }
    : { at: new Date(atMs), kind, elapsedMinutes: msToMinutes(consumedMs), detail };
}

/** Business ms consumed up to `atMs`: the closed segments plus the running one. */
export function consumedMsAt(clock: SlaClock, calendar: BusinessCalendar, atMs: number): number {
  if (!clock.runningSince || clock.stoppedAt) return elapsedMs(clock);
  const since = clock.runningSince.getTime();
  return elapsedMs(clock) + businessMsBetween(calendar, since, Math.max(atMs, since));
}

/**
 * Deadline of a segment opened at `sinceMs`. When the target was already used up before the
 * segment (a tightened target, a resume after an unnoticed overrun) the deadline is the
 * segment start: the clock is due now, not retroactively.
 */
export function deadlineFrom(calendar: BusinessCalendar, sinceMs: number, target: number, consumed: number): Date {
  return new Date(addBusinessMs(calendar, sinceMs, Math.max(0, target - consumed)));
}

/**
 * Records a breach that happened while the clock ran: at the deadline, not at `atMs`, so a late
 * scheduler or a late stop still reports the true breach time.
 */
export function settleByDeadline(clock: SlaClock, atMs: number): SlaClock {
  if (clock.breachedAt || clock.stoppedAt || !clock.runningSince || !clock.deadline) return clock;
  const deadlineMs = clock.deadline.getTime();
  if (atMs <= deadlineMs) return clock;
  const consumedAtDeadline = Math.max(targetMs(clock), elapsedMs(clock));
  return {
    ...clock,
    breachedAt: new Date(deadlineMs),
    history: [...clock.history, entry(deadlineMs, 'breached', consumedAtDeadline)],
  };
}

/** Records a breach caused by the target itself dropping below the time already consumed. */
export function settleOverTarget(clock: SlaClock, atMs: number, consumed: number): SlaClock {
  if (clock.breachedAt || consumed <= targetMs(clock)) return clock;
  return {
    ...clock,
    breachedAt: new Date(atMs),
    history: [...clock.history, entry(atMs, 'breached', consumed, 'target already exceeded')],
  };
}
