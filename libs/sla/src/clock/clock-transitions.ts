import { addBusinessMs } from '../calendar/calendar-arithmetic';
import { BusinessCalendar } from '../calendar/business-calendar';
import { SLA_ERROR_CODES, SlaError, assertInstant, minutesToMs, msToMinutes } from '../errors';
import { ClockDefinition } from '../policy/sla-policy';
import {
  assertCalendarOf,
  consumedMsAt,
  deadlineFrom,
  effectiveMs,
  elapsedMs,
  entry,
  settleByDeadline,
  settleOverTarget,
  targetMs,
} from './clock-internals';
import { SlaClock, StartableClock, clockStatus } from './sla-clock';

/*
 * Every transition first records a breach that already happened (settleByDeadline), so the
 * on-time result is right even when no scheduler looked at the clock in time. Transitions that
 * do not apply (pausing a paused clock, anything on a stopped clock) return the clock unchanged:
 * redelivered events are harmless.
 */

function assertTarget(minutes: number): number {
  if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes <= 0) {
    throw new SlaError(SLA_ERROR_CODES.invalidArgument, 'targetMinutes must be a finite number > 0', 'invalid', { targetMinutes: minutes });
  }
  return minutes;
}

/**
 * Starts a clock at `at`. When the aggregate is already in one of the definition's pause states
 * (pass it as `initialState`) the clock starts paused.
 */
export function startClock(def: StartableClock, calendar: BusinessCalendar, at: Date, initialState?: string): SlaClock {
  assertCalendarOf(def, calendar);
  const atMs = assertInstant(at, 'at');
  const target = minutesToMs(assertTarget(def.targetMinutes));
  const clock: SlaClock = {
    name: def.name,
    policyId: def.policyId ?? null,
    targetMinutes: def.targetMinutes,
    calendarId: def.calendarId,
    startedAt: new Date(atMs),
    elapsedMinutes: 0,
    runningSince: new Date(atMs),
    pausedReason: null,
    deadline: new Date(addBusinessMs(calendar, atMs, target)),
    stoppedAt: null,
    breachedAt: null,
    history: [entry(atMs, 'started', 0, `target ${def.targetMinutes} min on ${def.calendarId}`)],
  };
  return initialState !== undefined && def.pauseInStates.includes(initialState) ? pauseClock(clock, calendar, initialState, at) : clock;
}

/** Stops the clock from counting. Pausing again for another reason only changes the reason. */
export function pauseClock(clock: SlaClock, calendar: BusinessCalendar, reason: string, at: Date): SlaClock {
  assertCalendarOf(clock, calendar);
  if (!reason) throw new SlaError(SLA_ERROR_CODES.invalidArgument, 'a pause needs a reason', 'invalid');
  const atMs = effectiveMs(clock, at);
  const status = clockStatus(clock);
  if (status === 'stopped' || clock.pausedReason === reason) return clock;
  if (status === 'paused') {
    return { ...clock, pausedReason: reason, history: [...clock.history, entry(atMs, 'paused', elapsedMs(clock), reason)] };
  }
  const settled = settleByDeadline(clock, atMs);
  const consumed = consumedMsAt(settled, calendar, atMs);
  return {
    ...settled,
    elapsedMinutes: msToMinutes(consumed),
    runningSince: null,
    pausedReason: reason,
    deadline: null,
    history: [...settled.history, entry(atMs, 'paused', consumed, reason)],
  };
}

/** Continues a paused clock from where it stood; the deadline moves by the paused time. */
export function resumeClock(clock: SlaClock, calendar: BusinessCalendar, at: Date): SlaClock {
  assertCalendarOf(clock, calendar);
  const atMs = effectiveMs(clock, at);
  if (clockStatus(clock) !== 'paused') return clock;
  const consumed = elapsedMs(clock);
  const resumed: SlaClock = {
    ...clock,
    runningSince: new Date(atMs),
    pausedReason: null,
    deadline: deadlineFrom(calendar, atMs, targetMs(clock), consumed),
    history: [...clock.history, entry(atMs, 'resumed', consumed, clock.pausedReason ?? undefined)],
  };
  return settleOverTarget(resumed, atMs, consumed);
}

/**
 * Follows the owning aggregate's state: entering a state of `pauseInStates` pauses, leaving it
 * resumes, moving between two such states keeps the clock paused under the new reason. A pause
 * for a reason outside `pauseInStates` (a manual hold) is left for resumeClock to end.
 */
export function onStateChange(
  clock: SlaClock,
  def: Pick<ClockDefinition, 'pauseInStates'>,
  calendar: BusinessCalendar,
  newState: string,
  at: Date,
): SlaClock {
  const pausesHere = def.pauseInStates.includes(newState);
  switch (clockStatus(clock)) {
    case 'stopped':
      return clock;
    case 'running':
      return pausesHere ? pauseClock(clock, calendar, newState, at) : clock;
    case 'paused': {
      const pausedByState = clock.pausedReason !== null && def.pauseInStates.includes(clock.pausedReason);
      if (!pausedByState) return clock;
      return pausesHere ? pauseClock(clock, calendar, newState, at) : resumeClock(clock, calendar, at);
    }
  }
}

export interface RetargetOptions {
  /** The calendar of the new definition when the policy change also changes the calendar. */
  readonly newCalendar?: BusinessCalendar;
  readonly policyId?: string;
  /** Why, for the history: 'priority P3 → P1'. */
  readonly detail?: string;
}

/**
 * A priority or policy change: the business time already consumed is kept and the deadline is
 * recomputed from what remains of the new target. A breach already recorded stays recorded (a
 * looser target does not rewrite history); a target tightened below the consumed time is
 * breached at `at`. `calendar` is the clock's current calendar, which measures the time up to `at`.
 */
export function retarget(clock: SlaClock, newTargetMinutes: number, calendar: BusinessCalendar, at: Date, options: RetargetOptions = {}): SlaClock {
  assertCalendarOf(clock, calendar);
  assertTarget(newTargetMinutes);
  const atMs = effectiveMs(clock, at);
  const newCalendar = options.newCalendar ?? calendar;
  const policyId = options.policyId ?? clock.policyId;
  if (clockStatus(clock) === 'stopped') return clock;
  if (newTargetMinutes === clock.targetMinutes && newCalendar.id === clock.calendarId && policyId === clock.policyId) return clock;

  const settled = settleByDeadline(clock, atMs);
  const consumed = consumedMsAt(settled, calendar, atMs);
  const running = settled.runningSince !== null;
  const detail = [
    `target ${clock.targetMinutes} → ${newTargetMinutes} min`,
    newCalendar.id !== clock.calendarId ? `calendar ${clock.calendarId} → ${newCalendar.id}` : null,
    options.detail ?? null,
  ]
    .filter((part) => part !== null)
    .join('; ');
  const retargeted: SlaClock = {
    ...settled,
    policyId,
    targetMinutes: newTargetMinutes,
    calendarId: newCalendar.id,
    elapsedMinutes: msToMinutes(consumed),
    runningSince: running ? new Date(atMs) : null,
    deadline: running ? deadlineFrom(newCalendar, atMs, minutesToMs(newTargetMinutes), consumed) : null,
    history: [...settled.history, entry(atMs, 'retargeted', consumed, detail)],
  };
  return settleOverTarget(retargeted, atMs, consumed);
}

/** The measured event happened (reply sent, technician on site…). Stopping at the deadline is on time. */
export function stopClock(clock: SlaClock, calendar: BusinessCalendar, at: Date, detail?: string): SlaClock {
  assertCalendarOf(clock, calendar);
  const atMs = effectiveMs(clock, at);
  if (clockStatus(clock) === 'stopped') return clock;
  const settled = settleByDeadline(clock, atMs);
  const consumed = consumedMsAt(settled, calendar, atMs);
  return {
    ...settled,
    elapsedMinutes: msToMinutes(consumed),
    runningSince: null,
    pausedReason: null,
    stoppedAt: new Date(atMs),
    history: [...settled.history, entry(atMs, 'stopped', consumed, detail)],
  };
}

/**
 * The scheduler's check: records the breach once. `breached` is true only on the call that
 * recorded it — publish the SLA-breached event then. A clock is breached strictly after its
 * deadline; exactly at the deadline it is still on time. Paused and stopped clocks never breach here.
 */
export function checkBreach(clock: SlaClock, at: Date): { clock: SlaClock; breached: boolean } {
  const next = settleByDeadline(clock, effectiveMs(clock, at));
  return { clock: next, breached: next !== clock };
}
