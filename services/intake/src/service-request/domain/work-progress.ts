/**
 * Downstream work the case waits for — a work order, a claim, the agent's answer, a review.
 * The first piece moves the case to `in_progress`; the case is resolved only when every piece is
 * done. Redelivered starts and completions are no-ops.
 */
import { SERVICE_REQUEST_ERRORS, serviceRequestError } from './service-request.errors';
import type { CaseResolved, WorkCompleted, WorkStarted } from './service-request.facts';
import type { ServiceRequestState } from './service-request.state';
import { assertInStateCommand, serviceRequestStateMachine as machine } from './service-request.state-machine';
import { type WorkKind, WORK_KINDS } from './service-request.types';
import { FieldErrors, instantOrNow, optionalText, requiredEnum, requiredText } from './validation';

export interface WorkSource {
  kind: WorkKind;
  /** The downstream aggregate's id (work order id, claim id) or the agent's reference. */
  reference: string;
  at?: Date;
}

/**
 * acknowledged | reopened → in_progress once routed; in in_progress it adds further work.
 * No fact when this work item is already known.
 */
export function startWork(s: ServiceRequestState, source: WorkSource): WorkStarted[] {
  const at = instantOrNow(source.at);
  const errors = new FieldErrors();
  const kind = requiredEnum(source.kind, WORK_KINDS, 'kind', errors);
  const reference = requiredText(source.reference, 'reference', errors);
  errors.throwIfAny();
  if (s.work.some((w) => w.kind === kind && w.reference === reference)) return [];
  if (s.status === 'in_progress') {
    assertInStateCommand(s.status, 'addWork');
  } else {
    const next = machine.next(s.status, 'startWork');
    if (!s.routing) {
      throw serviceRequestError(SERVICE_REQUEST_ERRORS.NOT_ROUTED, `service request ${s.id} has not been routed yet`, 'conflict');
    }
    s.status = next;
  }
  s.work.push({ kind, reference, startedAt: at, completedAt: null });
  return [{ kind: 'workStarted', at, work: { kind, reference } }];
}

/** A piece of work is done (by reference, optionally by kind); no fact when it was already done. */
export function completeWork(s: ServiceRequestState, cmd: { reference: string; kind?: WorkKind; at?: Date }): WorkCompleted[] {
  const at = instantOrNow(cmd.at);
  const item = s.work.find((w) => w.reference === cmd.reference && (cmd.kind === undefined || w.kind === cmd.kind));
  if (!item) {
    throw serviceRequestError(
      SERVICE_REQUEST_ERRORS.WORK_ITEM_NOT_FOUND,
      `service request ${s.id} has no work ${cmd.kind ?? ''} ${cmd.reference}`.replace(/\s+/g, ' '),
      'not_found',
      { reference: cmd.reference, kind: cmd.kind ?? null },
    );
  }
  if (item.completedAt) return [];
  assertInStateCommand(s.status, 'completeWork');
  item.completedAt = at;
  return [{ kind: 'workCompleted', at, work: { kind: item.kind, reference: item.reference } }];
}

/** in_progress → resolved, once all downstream work is done. */
export function resolve(s: ServiceRequestState, cmd: { summary?: string | null; at?: Date }): CaseResolved[] {
  const at = instantOrNow(cmd.at);
  const errors = new FieldErrors();
  const summary = optionalText(cmd.summary, 'summary', errors);
  errors.throwIfAny();
  const next = machine.next(s.status, 'resolve');
  const open = s.work.filter((w) => !w.completedAt);
  if (open.length) {
    throw serviceRequestError(
      SERVICE_REQUEST_ERRORS.WORK_OUTSTANDING,
      `service request ${s.id} still waits for ${open.map((w) => `${w.kind} ${w.reference}`).join(', ')}`,
      'conflict',
      { openWork: open.map((w) => ({ kind: w.kind, reference: w.reference })) },
    );
  }
  s.status = next;
  s.resolution = { summary, resolvedAt: at };
  return [{ kind: 'resolved', at, summary }];
}
