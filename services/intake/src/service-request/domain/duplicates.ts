/**
 * Duplicates: a new case for the same customer + serial number + requested type while another
 * case is open (not closed, cancelled or rejected) and was received within the window (default
 * 72 h, inclusive, either side — a late CRM message can be older than the agent's case) is linked
 * to the open one instead of being opened twice. The oldest matching case survives.
 *
 * Without a customer id or a serial number nothing can be matched, so nothing is a duplicate.
 */
import { SERVICE_REQUEST_ERRORS, serviceRequestError } from './service-request.errors';
import { type Status, isOpenStatus } from './service-request.state-machine';
import type { RequestType } from './service-request.types';
import { HOUR_MS, isValidDate } from './validation';

export const DEFAULT_DUPLICATE_WINDOW_HOURS = 72;

export interface DuplicateWindow {
  hours: number;
}

export const DEFAULT_DUPLICATE_WINDOW: DuplicateWindow = Object.freeze({ hours: DEFAULT_DUPLICATE_WINDOW_HOURS });

/** What duplicate detection looks at (the aggregate exposes it as `duplicateProbe`). */
export interface DuplicateProbe {
  id: string;
  tenantId: string;
  status: Status;
  receivedAt: Date;
  customerId: string | null;
  serialNumber: string | null;
  requestedType: RequestType | null;
}

export function findDuplicate<T extends DuplicateProbe>(
  candidate: DuplicateProbe,
  openCases: readonly T[],
  window: DuplicateWindow = DEFAULT_DUPLICATE_WINDOW,
): T | null {
  if (!Number.isFinite(window.hours) || window.hours < 0) {
    throw serviceRequestError(SERVICE_REQUEST_ERRORS.INVALID, 'duplicate window must be a non-negative number of hours', 'invalid', {
      fieldErrors: [{ field: 'window.hours', message: 'must be a non-negative number' }],
    });
  }
  const key = keyOf(candidate);
  if (!key || !isValidDate(candidate.receivedAt)) return null;
  const windowMs = window.hours * HOUR_MS;
  const matches = openCases.filter(
    (other) =>
      other.id !== candidate.id &&
      isOpenStatus(other.status) &&
      keyOf(other) === key &&
      isValidDate(other.receivedAt) &&
      Math.abs(candidate.receivedAt.getTime() - other.receivedAt.getTime()) <= windowMs,
  );
  matches.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.id.localeCompare(b.id));
  return matches[0] ?? null;
}

function keyOf(probe: DuplicateProbe): string | null {
  const customer = probe.customerId?.trim();
  const serial = probe.serialNumber?.trim().toLowerCase();
  if (!customer || !serial || !probe.requestedType) return null;
  return JSON.stringify([probe.tenantId, customer, serial, probe.requestedType]);
}
