import {
  DEFAULT_CALENDARS,
  checkBreach,
  clockStatus,
  findCalendar,
  onStateChange,
  pauseClock,
  resumeClock,
  startClock,
  stopClock,
  type BusinessCalendar,
  type SlaClock,
  type StartableClock,
} from '@aftercare/sla';

/** The two SLA clocks a work order keeps (libs/sla `arrival` and `completion`). */
export const WORK_ORDER_CLOCKS = ['arrival', 'completion'] as const;
export type WorkOrderClockName = (typeof WORK_ORDER_CLOCKS)[number];

/**
 * An SLA clock kept on the order, with the order states that pause it — taken from the policy when
 * the clock started, so a later policy change does not silently change a running order.
 */
export interface WorkOrderClock extends SlaClock {
  readonly pauseInStates: string[];
}

export interface WorkOrderClocks {
  readonly arrival: WorkOrderClock;
  readonly completion: WorkOrderClock;
}

/** The clock definitions an order is created with: a `ResolvedClock` of libs/sla fits. */
export type WorkOrderClockDefinition = StartableClock;

/**
 * Pause reason of the completion clock from `complete` until QC: the report is filed, so the
 * time QC takes is not the technician's; a rework resumes the clock, `verify` stops it. Not a
 * state of `pauseInStates`, so a state change never resumes it by accident (a manual hold).
 */
export const COMPLETED_HOLD = 'completed_pending_qc';

/** Calendar of fixed deadlines: plain calendar time. */
export const FIXED_DEADLINE_CALENDAR_ID = '24x7';

/** The clock's calendar: the order's calendars first, then libs/sla's defaults. */
export function calendarFor(calendars: readonly BusinessCalendar[], calendarId: string): BusinessCalendar {
  // An unknown id is SLA_CALENDAR_NOT_FOUND (a configuration error).
  return calendars.find((c) => c.id === calendarId) ?? findCalendar(DEFAULT_CALENDARS, calendarId);
}

const withRules = (clock: SlaClock, pauseInStates: readonly string[]): WorkOrderClock => ({ ...clock, pauseInStates: [...pauseInStates] });

/** Starts a policy clock at `at` (running; the order applies its first state right after). */
export function startOrderClock(def: WorkOrderClockDefinition, calendars: readonly BusinessCalendar[], at: Date): WorkOrderClock {
  return withRules(startClock(def, calendarFor(calendars, def.calendarId), at), def.pauseInStates);
}

/**
 * A fixed deadline as a clock: calendar time (24x7), never paused, due exactly at `deadline`.
 * Used for orders created with fixed deadlines (tests, imports) and for documents stored before
 * the order kept clocks. A deadline not after `from` starts the clock a minute before it.
 */
export function fixedDeadlineClock(name: WorkOrderClockName, from: Date, deadline: Date): WorkOrderClock {
  const startMs = Math.min(from.getTime(), deadline.getTime() - 60_000);
  const targetMinutes = (deadline.getTime() - startMs) / 60_000;
  const calendar = calendarFor([], FIXED_DEADLINE_CALENDAR_ID);
  return withRules(
    startClock({ name, targetMinutes, calendarId: calendar.id, pauseInStates: [] }, calendar, new Date(startMs)),
    [],
  );
}

/**
 * Pure moves of one order clock; each returns the same object when nothing changes (libs/sla's
 * idempotence), so `next === clock` means nothing to save.
 */
export const orderClock = {
  /** The order entered `state`: pauses in a pause state, resumes when leaving one. */
  stateChanged(clock: WorkOrderClock, calendars: readonly BusinessCalendar[], state: string, at: Date): WorkOrderClock {
    const next = onStateChange(clock, clock, calendarFor(calendars, clock.calendarId), state, at);
    return next === clock ? clock : withRules(next, clock.pauseInStates);
  },
  stop(clock: WorkOrderClock, calendars: readonly BusinessCalendar[], at: Date, detail: string): WorkOrderClock {
    const next = stopClock(clock, calendarFor(calendars, clock.calendarId), at, detail);
    return next === clock ? clock : withRules(next, clock.pauseInStates);
  },
  hold(clock: WorkOrderClock, calendars: readonly BusinessCalendar[], reason: string, at: Date): WorkOrderClock {
    if (clockStatus(clock) === 'stopped') return clock;
    const next = pauseClock(clock, calendarFor(calendars, clock.calendarId), reason, at);
    return next === clock ? clock : withRules(next, clock.pauseInStates);
  },
  /** Ends a hold (`reason`) only; a pause by state stays until the state is left. */
  release(clock: WorkOrderClock, calendars: readonly BusinessCalendar[], reason: string, at: Date): WorkOrderClock {
    if (clock.pausedReason !== reason) return clock;
    const next = resumeClock(clock, calendarFor(calendars, clock.calendarId), at);
    return next === clock ? clock : withRules(next, clock.pauseInStates);
  },
  /** Records a breach that happened by `at` (at the deadline, once). */
  settle(clock: WorkOrderClock, at: Date): WorkOrderClock {
    const { clock: next } = checkBreach(clock, at);
    return next === clock ? clock : withRules(next, clock.pauseInStates);
  },
};
