/**
 * Duplicates: a new case for the same customer + serial number + requested type while another
 * case is open (not closed, cancelled or rejected) and was received within the window (default
 * 72 h, inclusive, either side — a late CRM message can be older than the agent's case) is linked
 * to the open one instead of being opened twice. The oldest matching case survives.
 *
 * Without a customer id or a serial number nothing can be matched, so nothing is a duplicate.
 *
 * Merging: the duplicate is rejected with reason `duplicate` (`rejectAsDuplicate` in
 * withdrawal.ts) and the survivor absorbs it (`linkDuplicate`): the link, the duplicate's
 * description as an information note and its attachments. Only within one tenant, never itself.
 */
import { invalidFields } from '@aftercare/ddd';
import { SERVICE_REQUEST_ERRORS, serviceRequestError } from './service-request.errors';
import type { DuplicateLinked } from './service-request.facts';
import type { DuplicateSource, ServiceRequestState } from './service-request.state';
import { type Status, assertInStateCommand, isOpenStatus } from './service-request.state-machine';
import type { RequestType } from './service-request.types';
import { HOUR_MS, instantOrNow, isValidDate } from './validation';

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
    throw invalidFields(SERVICE_REQUEST_ERRORS.INVALID, 'duplicate window is invalid', [{ field: 'window.hours', message: 'must be a non-negative number' }], 'invalid');
  }
  const key = duplicateKeyOf(candidate);
  if (!key || !isValidDate(candidate.receivedAt)) return null;
  const windowMs = window.hours * HOUR_MS;
  const matches = openCases.filter(
    (other) =>
      other.id !== candidate.id &&
      isOpenStatus(other.status) &&
      duplicateKeyOf(other) === key &&
      isValidDate(other.receivedAt) &&
      Math.abs(candidate.receivedAt.getTime() - other.receivedAt.getTime()) <= windowMs,
  );
  matches.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.id.localeCompare(b.id));
  return matches[0] ?? null;
}

/**
 * What two cases must share to be duplicates (tenant, customer, serial number ignoring case and
 * surrounding blanks, requested type), as one exact key; null when a part is missing. The store
 * looks open cases up by it.
 */
export function duplicateKeyOf(probe: Pick<DuplicateProbe, 'tenantId' | 'customerId' | 'serialNumber' | 'requestedType'>): string | null {
  const customer = probe.customerId?.trim();
  const serial = probe.serialNumber?.trim().toLowerCase();
  if (!customer || !serial || !probe.requestedType) return null;
  return JSON.stringify([probe.tenantId, customer, serial, probe.requestedType]);
}

/**
 * Merges a duplicate into the surviving case `s`; no fact if it is already linked. The survivor
 * may be in any open status.
 */
export function linkDuplicate(s: ServiceRequestState, cmd: { duplicate: DuplicateSource; at?: Date }): DuplicateLinked[] {
  const at = instantOrNow(cmd.at);
  const duplicate = cmd.duplicate;
  assertDuplicatePair(s, duplicate);
  if (s.duplicates.some((d) => d.caseId === duplicate.id)) return [];
  assertInStateCommand(s.status, 'linkDuplicate');
  const known = new Set(s.attachments.map((a) => a.id));
  const added = duplicate.attachments.filter((a) => !known.has(a.id)).map((a) => ({ ...a }));
  s.duplicates.push({
    caseId: duplicate.id,
    channel: duplicate.channel,
    externalRef: duplicate.externalRef,
    receivedAt: new Date(duplicate.receivedAt),
    linkedAt: at,
  });
  s.attachments.push(...added);
  if (duplicate.problemDescription || duplicate.attachments.length) {
    s.notes.push({
      text: duplicate.problemDescription,
      attachmentIds: duplicate.attachments.map((a) => a.id),
      addedBy: null,
      addedAt: at,
      sourceCaseId: duplicate.id,
    });
  }
  return [{ kind: 'duplicateLinked', at, duplicate: copyOf(duplicate) }];
}

/** A case is merged only into another case of the same tenant. */
export function assertDuplicatePair(survivor: { id: string; tenantId: string }, duplicate: { id: string; tenantId: string }): void {
  if (survivor.id === duplicate.id || survivor.tenantId !== duplicate.tenantId) {
    throw serviceRequestError(SERVICE_REQUEST_ERRORS.DUPLICATE_INVALID, 'a case can only be merged into another case of the same tenant', 'rule', {
      survivor: survivor.id,
      duplicate: duplicate.id,
    });
  }
}

function copyOf(duplicate: DuplicateSource): DuplicateSource {
  return {
    id: duplicate.id,
    tenantId: duplicate.tenantId,
    channel: duplicate.channel,
    externalRef: duplicate.externalRef,
    receivedAt: new Date(duplicate.receivedAt),
    problemDescription: duplicate.problemDescription,
    attachments: duplicate.attachments.map((a) => ({ ...a })),
  };
}
