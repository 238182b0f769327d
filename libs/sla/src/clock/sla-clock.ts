import { ClockDefinition, ClockName } from '../policy/sla-policy';

export type ClockHistoryKind = 'started' | 'paused' | 'resumed' | 'retargeted' | 'stopped' | 'breached';

export interface ClockHistoryEntry {
  readonly at: Date;
  readonly kind: ClockHistoryKind;
  /** Business minutes consumed at that moment, so the audit trail reads without replaying it. */
  readonly elapsedMinutes: number;
  /** Pause reason, old → new target, stop note. */
  readonly detail?: string;
}

/**
 * The state of one SLA clock, as plain data for the owning aggregate's document. Exactly one of
 * three situations holds: running (`runningSince` set), paused (`pausedReason` set) or stopped
 * (`stoppedAt` set). Every function returns a new value; an unchanged clock is returned as is, so
 * `next === clock` means "nothing to save".
 */
export interface SlaClock {
  readonly name: ClockName;
  /** The policy the current target came from, when it came from one. */
  readonly policyId: string | null;
  readonly targetMinutes: number;
  readonly calendarId: string;
  readonly startedAt: Date;
  /** Business minutes consumed before the current running segment (all of them once paused or stopped). */
  readonly elapsedMinutes: number;
  readonly runningSince: Date | null;
  readonly pausedReason: string | null;
  /** When the target runs out if the clock keeps running; null while paused; kept once stopped. */
  readonly deadline: Date | null;
  readonly stoppedAt: Date | null;
  /** The instant the clock went past its deadline (not when someone noticed). */
  readonly breachedAt: Date | null;
  readonly history: readonly ClockHistoryEntry[];
}

export type ClockStatus = 'running' | 'paused' | 'stopped';

/** What startClock needs; a ResolvedClock from resolveClock fits. */
export interface StartableClock extends Pick<ClockDefinition, 'targetMinutes' | 'calendarId' | 'pauseInStates'> {
  readonly name: ClockName;
  readonly policyId?: string;
}

export function clockStatus(clock: SlaClock): ClockStatus {
  if (clock.stoppedAt) return 'stopped';
  return clock.runningSince ? 'running' : 'paused';
}

/** Did this transition record a breach? Publish the SLA-breached event when it did. */
export function wasNewlyBreached(before: SlaClock, after: SlaClock): boolean {
  return before.breachedAt === null && after.breachedAt !== null;
}

/** Stopped within target: the on-time KPI of a finished clock. Null while it still runs or is paused. */
export function metTarget(clock: SlaClock): boolean | null {
  return clock.stoppedAt ? clock.breachedAt === null : null;
}
