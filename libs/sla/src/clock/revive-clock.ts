import { SLA_ERROR_CODES, SlaError } from '../errors';
import { CLOCK_NAMES, ClockName } from '../policy/sla-policy';
import { ClockHistoryEntry, ClockHistoryKind, SlaClock } from './sla-clock';

const KINDS: readonly ClockHistoryKind[] = ['started', 'paused', 'resumed', 'retargeted', 'stopped', 'breached'];

/**
 * A clock read back from JSON (an event payload, an HTTP body) carries ISO strings where the
 * functions expect Dates. MongoDB documents keep Dates and need no reviving.
 */
export function reviveClock(raw: unknown): SlaClock {
  const o = raw as Record<string, unknown> | null;
  if (!o || typeof o !== 'object') invalid('not an object');
  const name = o.name as ClockName;
  if (!CLOCK_NAMES.includes(name)) invalid(`unknown clock name '${String(o.name)}'`);
  if (typeof o.targetMinutes !== 'number' || typeof o.elapsedMinutes !== 'number') invalid('targetMinutes and elapsedMinutes must be numbers');
  if (typeof o.calendarId !== 'string') invalid('calendarId must be a string');
  if (!Array.isArray(o.history)) invalid('history must be a list');
  return {
    name,
    policyId: typeof o.policyId === 'string' ? o.policyId : null,
    targetMinutes: o.targetMinutes,
    calendarId: o.calendarId,
    startedAt: date(o.startedAt, 'startedAt'),
    elapsedMinutes: o.elapsedMinutes,
    runningSince: optionalDate(o.runningSince, 'runningSince'),
    pausedReason: typeof o.pausedReason === 'string' ? o.pausedReason : null,
    deadline: optionalDate(o.deadline, 'deadline'),
    stoppedAt: optionalDate(o.stoppedAt, 'stoppedAt'),
    breachedAt: optionalDate(o.breachedAt, 'breachedAt'),
    history: (o.history as Record<string, unknown>[]).map(reviveEntry),
  };
}

function reviveEntry(e: Record<string, unknown>, i: number): ClockHistoryEntry {
  if (!KINDS.includes(e?.kind as ClockHistoryKind)) invalid(`history[${i}].kind '${String(e?.kind)}' is unknown`);
  const base = { at: date(e.at, `history[${i}].at`), kind: e.kind as ClockHistoryKind, elapsedMinutes: Number(e.elapsedMinutes ?? 0) };
  return typeof e.detail === 'string' ? { ...base, detail: e.detail } : base;
}

function date(value: unknown, field: string): Date {
  const d = value instanceof Date ? new Date(value.getTime()) : typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(d.getTime())) invalid(`${field} is not a date`);
  return d;
}

function optionalDate(value: unknown, field: string): Date | null {
  return value === null || value === undefined ? null : date(value, field);
}

function invalid(reason: string): never {
  throw new SlaError(SLA_ERROR_CODES.invalidArgument, `not an SLA clock: ${reason}`, 'invalid', { reason });
}
