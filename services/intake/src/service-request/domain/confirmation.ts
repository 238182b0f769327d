/**
 * After the resolution: the customer confirms (or silence does), the case is closed, or it is
 * reopened.
 * - Confirmation by silence: a resolved case the customer neither confirms nor disputes counts as
 *   confirmed after a configurable silence (default 7 days after it was resolved, inclusive).
 * - Closing a resolved case confirms it implicitly (by the survey or the agent).
 * - Reopen window: a closed case can be reopened for this long after closing (default 30 days);
 *   a resolved or confirmed case has no window.
 */
import { invalidFields } from '@aftercare/ddd';
import { SERVICE_REQUEST_ERRORS, serviceRequestError } from './service-request.errors';
import type { CaseClosed, CaseConfirmed, CaseReopened } from './service-request.facts';
import type { ServiceRequestState } from './service-request.state';
import { type Status, serviceRequestStateMachine as machine } from './service-request.state-machine';
import { type CloseReason, type ConfirmedBy, type Reopening, type ReopenReason, CLOSE_REASONS, REOPEN_REASONS } from './service-request.types';
import { DAY_MS, FieldErrors, instantOrNow, isValidDate, optionalText, requiredEnum } from './validation';

export const DEFAULT_CONFIRMATION_SILENCE_DAYS = 7;
export const DEFAULT_REOPEN_WINDOW_DAYS = 30;

export interface ConfirmCommand {
  bySilence?: boolean;
  silenceDays?: number;
  at?: Date;
}

export interface ReopenCommand {
  reason: ReopenReason;
  note?: string | null;
  windowDays?: number;
  at?: Date;
}

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
    throw invalidFields(SERVICE_REQUEST_ERRORS.INVALID, 'service request policy is invalid', [{ field, message: 'must be a non-negative number of days' }], 'invalid');
  }
}

/**
 * Fixes the silence that confirms the current resolution (the tenant's setting at the time it was
 * resolved). Only once per resolution, and only on a resolved case: a reopened and again resolved
 * case takes the setting of its new resolution. False when nothing changed.
 */
export function fixConfirmationSilence(s: ServiceRequestState, silenceDays: number): boolean {
  assertDays(silenceDays, 'silenceDays');
  if (s.status !== 'resolved' || !s.resolution || s.resolution.silenceDays !== undefined) return false;
  s.resolution.silenceDays = silenceDays;
  return true;
}

/**
 * resolved → confirmed, by the customer or (`bySilence`) once the silence is over: the silence
 * fixed on the resolution, else the command's (the deployment's value), else the default.
 */
export function confirm(s: ServiceRequestState, cmd: ConfirmCommand): CaseConfirmed[] {
  const at = instantOrNow(cmd.at);
  const silenceDays = s.resolution?.silenceDays ?? cmd.silenceDays ?? DEFAULT_CONFIRMATION_SILENCE_DAYS;
  assertDays(silenceDays, 'silenceDays');
  const next = machine.next(s.status, 'confirm');
  const resolvedAt = resolvedAtOf(s);
  if (cmd.bySilence && !isConfirmationBySilenceDue({ status: s.status, resolvedAt }, at, silenceDays)) {
    const dueAt = confirmationBySilenceDueAt(resolvedAt, silenceDays);
    throw serviceRequestError(
      SERVICE_REQUEST_ERRORS.CONFIRMATION_NOT_DUE,
      `service request ${s.id} is confirmed by silence only from ${dueAt.toISOString()}`,
      'rule',
      { dueAt: dueAt.toISOString() },
    );
  }
  const confirmed = applyConfirmation(s, cmd.bySilence ? 'silence' : 'customer', at);
  s.status = next;
  return [confirmed];
}

/**
 * confirmed → closed after the survey (`survey_completed`) or by hand (`manual`). From
 * `resolved` the close confirms implicitly (by `survey` or `agent`): two facts.
 */
export function close(s: ServiceRequestState, cmd: { reason: CloseReason; at?: Date }): Array<CaseConfirmed | CaseClosed> {
  const at = instantOrNow(cmd.at);
  const errors = new FieldErrors();
  const reason = requiredEnum(cmd.reason, CLOSE_REASONS, 'reason', errors);
  errors.throwIfAny();
  const next = machine.next(s.status, 'close');
  const facts: Array<CaseConfirmed | CaseClosed> = [];
  if (s.status === 'resolved') facts.push(applyConfirmation(s, reason === 'survey_completed' ? 'survey' : 'agent', at));
  s.status = next;
  s.closure = { reason, at };
  facts.push({ kind: 'closed', at, reason });
  return facts;
}

/**
 * resolved | confirmed | closed → reopened: the customer disputes the result or the survey
 * score was low. A closed case only within the reopen window.
 */
export function reopen(s: ServiceRequestState, cmd: ReopenCommand): CaseReopened[] {
  const at = instantOrNow(cmd.at);
  const errors = new FieldErrors();
  const reason = requiredEnum(cmd.reason, REOPEN_REASONS, 'reason', errors);
  const note = optionalText(cmd.note, 'note', errors);
  errors.throwIfAny();
  const windowDays = cmd.windowDays ?? DEFAULT_REOPEN_WINDOW_DAYS;
  assertDays(windowDays, 'windowDays');
  const previousStatus = s.status as Reopening['previousStatus'];
  const next = machine.next(s.status, 'reopen');
  if (previousStatus === 'closed' && s.closure) {
    const deadline = new Date(s.closure.at.getTime() + windowDays * DAY_MS);
    if (at.getTime() > deadline.getTime()) {
      throw serviceRequestError(
        SERVICE_REQUEST_ERRORS.REOPEN_WINDOW_EXPIRED,
        `service request ${s.id} was closed more than ${windowDays} days ago; open a new case`,
        'rule',
        { closedAt: s.closure.at.toISOString(), deadline: deadline.toISOString() },
      );
    }
  }
  s.reopenings.push({ reason, note, at, previousStatus, previousResolutionSummary: s.resolution?.summary ?? null });
  s.resolution = null;
  s.confirmation = null;
  s.closure = null;
  s.status = next;
  return [{ kind: 'reopened', at, reason, note, previousStatus }];
}

function applyConfirmation(s: ServiceRequestState, by: ConfirmedBy, at: Date): CaseConfirmed {
  resolvedAtOf(s);
  s.confirmation = { by, at };
  return { kind: 'confirmed', at, by };
}

function resolvedAtOf(s: Readonly<ServiceRequestState>): Date {
  const resolvedAt = s.resolution?.resolvedAt;
  if (!resolvedAt) throw new Error(`service request ${s.id} is ${s.status} without a resolution`);
  return resolvedAt;
}
