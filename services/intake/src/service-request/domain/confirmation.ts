/**
 * Confirmation by silence: a resolved case the customer neither confirms nor disputes counts as
 * confirmed after a configurable silence (default 7 days after it was resolved, inclusive).
 * Reopen window: a closed case can be reopened for this long after closing (default 30 days).
 */
import { SERVICE_REQUEST_ERRORS, serviceRequestError } from './service-request.errors';
import type { Status } from './service-request.state-machine';
import { DAY_MS, isValidDate } from './validation';

export const DEFAULT_CONFIRMATION_SILENCE_DAYS = 7;
export const DEFAULT_REOPEN_WINDOW_DAYS = 30;

/** When silence confirms a case resolved at `resolvedAt`. */
export function confirmationBySilenceDueAt(resolvedAt: Date, silenceDays = DEFAULT_CONFIRMATION_SILENCE_DAYS): Date {
  assertDays(silenceDays, 'silenceDays');
  return new Date(resolvedAt.getTime() + silenceDays * DAY_MS);
}

export function isConfirmationBySilenceDue(
  serviceRequest: { readonly status: Status; readonly resolvedAt: Date | null },
  now: Date,
  silenceDays = DEFAULT_CONFIRMATION_SILENCE_DAYS,
): boolean {
  assertDays(silenceDays, 'silenceDays');
  if (serviceRequest.status !== 'resolved' || !serviceRequest.resolvedAt || !isValidDate(now)) return false;
  return now.getTime() >= confirmationBySilenceDueAt(serviceRequest.resolvedAt, silenceDays).getTime();
}

export function assertDays(days: number, field: string): void {
  if (typeof days !== 'number' || !Number.isFinite(days) || days < 0) {
    throw serviceRequestError(SERVICE_REQUEST_ERRORS.INVALID, `${field} must be a non-negative number of days`, 'invalid', {
      fieldErrors: [{ field, message: 'must be a non-negative number of days' }],
    });
  }
}
