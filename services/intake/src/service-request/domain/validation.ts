/**
 * Small input checks shared by the domain modules. They collect field errors so one bad request
 * reports every problem at once (`SERVICE_REQUEST_INVALID` with `details.fieldErrors`).
 */
import { type FieldError, invalidInput } from './service-request.errors';

/**
 * The same address syntax as ajv-formats' `email` format, so whatever the domain accepts also
 * validates against the event schemas.
 */
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export class FieldErrors {
  private readonly errors: FieldError[] = [];

  add(field: string, message: string): void {
    this.errors.push({ field, message });
  }

  get any(): boolean {
    return this.errors.length > 0;
  }

  /** Throws `SERVICE_REQUEST_INVALID` if anything was collected. */
  throwIfAny(): void {
    if (this.any) throw invalidInput([...this.errors]);
  }
}

/** Trims; empty or whitespace-only becomes null. Non-strings are reported. */
export function optionalText(value: unknown, field: string, errors: FieldErrors): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    errors.add(field, 'must be a string');
    return null;
  }
  const trimmed = value.trim();
  return trimmed.length ? trimmed : null;
}

export function requiredText(value: unknown, field: string, errors: FieldErrors): string {
  const text = optionalText(value, field, errors);
  if (text === null && (value === undefined || value === null || typeof value === 'string')) {
    errors.add(field, 'is required');
  }
  return text ?? '';
}

export function optionalEnum<T extends string>(
  value: unknown,
  allowed: readonly T[],
  field: string,
  errors: FieldErrors,
): T | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    errors.add(field, `must be one of ${allowed.join(', ')}`);
    return null;
  }
  return value as T;
}

export function requiredEnum<T extends string>(value: unknown, allowed: readonly T[], field: string, errors: FieldErrors): T {
  if (value === undefined || value === null) {
    errors.add(field, 'is required');
    return allowed[0];
  }
  return optionalEnum(value, allowed, field, errors) ?? allowed[0];
}

export function optionalEmail(value: unknown, field: string, errors: FieldErrors): string | null {
  const text = optionalText(value, field, errors);
  if (text !== null && !EMAIL.test(text)) {
    errors.add(field, 'must be an e-mail address');
    return null;
  }
  return text;
}

export const isEmail = (value: string): boolean => EMAIL.test(value);

/** A real calendar date written `YYYY-MM-DD` (no time, no zone). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = CALENDAR_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function optionalCalendarDate(value: unknown, field: string, errors: FieldErrors): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (!isCalendarDate(value)) {
    errors.add(field, 'must be a calendar date YYYY-MM-DD');
    return null;
  }
  return value;
}

export const isValidDate = (value: unknown): value is Date => value instanceof Date && !Number.isNaN(value.getTime());

export function requiredInstant(value: unknown, field: string, errors: FieldErrors): Date {
  if (!isValidDate(value)) {
    errors.add(field, 'must be a valid date-time');
    return new Date(0);
  }
  return new Date(value.getTime());
}

export function optionalInstant(value: unknown, field: string, errors: FieldErrors): Date | null {
  if (value === undefined || value === null) return null;
  return requiredInstant(value, field, errors);
}

/** `at` of a command: given, or now. */
export function instantOrNow(value: Date | undefined, field = 'at'): Date {
  if (value === undefined) return new Date();
  const errors = new FieldErrors();
  const at = requiredInstant(value, field, errors);
  errors.throwIfAny();
  return at;
}

/** The calendar day (`YYYY-MM-DD`) of an instant in an IANA time zone. */
export function calendarDayOf(instant: Date, timeZone: string): string {
  const parts = dayFormatOf(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Building an Intl.DateTimeFormat costs far more than using one; a case needs several days. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

function dayFormatOf(timeZone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format;
}

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

/**
 * Deep copy of plain state (objects, arrays, Dates, primitives). Used instead of structuredClone,
 * which builds its copies in the host realm (under Jest's VM, `instanceof Date` then fails).
 */
export function deepCopy<T>(value: T): T {
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map((item) => deepCopy(item)) as T;
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = deepCopy(item);
    return copy as T;
  }
  return value;
}
