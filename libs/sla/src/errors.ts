import { DomainError, DomainErrorKind } from '@aftercare/ddd';

/**
 * Stable codes so HTTP adapters and consumers can map SLA failures like any other domain error
 * (bad tenant configuration is `invalid`, a lookup miss is `not_found`).
 */
export const SLA_ERROR_CODES = {
  invalidCalendar: 'SLA_INVALID_CALENDAR',
  invalidPolicy: 'SLA_INVALID_POLICY',
  invalidArgument: 'SLA_INVALID_ARGUMENT',
  calendarNotFound: 'SLA_CALENDAR_NOT_FOUND',
  calendarMismatch: 'SLA_CALENDAR_MISMATCH',
  noWorkingTime: 'SLA_NO_WORKING_TIME',
} as const;

export type SlaErrorCode = (typeof SLA_ERROR_CODES)[keyof typeof SLA_ERROR_CODES];

export class SlaError extends DomainError {
  constructor(code: SlaErrorCode, message: string, kind: DomainErrorKind = 'invalid', details: Record<string, unknown> = {}) {
    super(code, message, kind, details);
    this.name = 'SlaError';
  }
}

/** Instants cross process boundaries as JSON; an Invalid Date here would silently poison every deadline. */
export function assertInstant(value: Date, what = 'instant'): number {
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new SlaError(SLA_ERROR_CODES.invalidArgument, `${what} must be a valid Date`, 'invalid', { what });
  }
  return ms;
}

export function assertMinutes(value: number, what = 'minutes'): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new SlaError(SLA_ERROR_CODES.invalidArgument, `${what} must be a finite number >= 0`, 'invalid', { what, value });
  }
  return value;
}

export const MS_PER_MINUTE = 60_000;

/** Minutes are the public unit; milliseconds keep the arithmetic exact. */
export const minutesToMs = (minutes: number): number => Math.round(minutes * MS_PER_MINUTE);
export const msToMinutes = (ms: number): number => ms / MS_PER_MINUTE;
