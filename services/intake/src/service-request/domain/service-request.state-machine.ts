/**
 * Life cycle of the service case.
 *
 * ```
 * received ─register→ registered ─acknowledge→ acknowledged ─startWork→ in_progress ─resolve→ resolved
 *    │                    │                        │  (route: no state change)     │              │
 *    │                    │                        │                               │       confirm│  close (implicit
 *    ├──reject────────────┴──reject────────────────┤                               │              ▼  confirmation)
 *    ├──cancel────────────┴──cancel────────────────┴──cancel───────────────────────┤         confirmed ─close→ closed
 *    ▼                                                                             ▼
 * rejected                                                                     cancelled
 *
 * resolved | confirmed | closed ─reopen→ reopened ─startWork→ in_progress …   (reopened ─cancel→ cancelled)
 * ```
 *
 * Reopening (decided from docs/domain.md "customer disputes the result, or a low survey score" and the
 * sources: the customer confirms the problem is solved [000][004]; a survey below target opens a
 * follow-up [003]):
 * - from `resolved` and `confirmed`: for a customer dispute or a low survey score;
 * - from `closed`: for either reason too (a low score may be processed after the survey closed
 *   the case), but only within a reopen window after closing (default 30 days, the same as the
 *   repeat-repair window); later the customer gets a new case and dispatch's repeat-repair rule
 *   links the history;
 * - never from `rejected` or `cancelled`.
 *
 * `escalated` is a flag with a level, not a state: it can be raised in every open status before
 * the case is resolved.
 */
import { StateMachine, type TransitionTable } from '@aftercare/ddd';
import type { ServiceRequestStatus } from './service-request.events';
import { SERVICE_REQUEST_AGGREGATE, illegalTransition } from './service-request.errors';

export type Status = ServiceRequestStatus;

export const STATUSES = [
  'received',
  'registered',
  'acknowledged',
  'in_progress',
  'resolved',
  'confirmed',
  'closed',
  'rejected',
  'cancelled',
  'reopened',
] as const satisfies readonly Status[];

/** A case in these statuses is no longer open (duplicates are never linked to it). */
export const FINISHED_STATUSES = ['closed', 'cancelled', 'rejected'] as const satisfies readonly Status[];
export const isOpenStatus = (status: Status): boolean => !(FINISHED_STATUSES as readonly string[]).includes(status);

/** Actions that change the status. */
export type TransitionAction = 'register' | 'acknowledge' | 'startWork' | 'resolve' | 'confirm' | 'close' | 'reject' | 'cancel' | 'reopen';

export const SERVICE_REQUEST_TRANSITIONS: TransitionTable<Status, TransitionAction> = {
  register: { from: ['received'], to: 'registered' },
  acknowledge: { from: ['registered'], to: 'acknowledged' },
  startWork: { from: ['acknowledged', 'reopened'], to: 'in_progress' },
  resolve: { from: ['in_progress'], to: 'resolved' },
  confirm: { from: ['resolved'], to: 'confirmed' },
  /** From `resolved` the close confirms implicitly (the survey answer or the agent stands for it). */
  close: { from: ['resolved', 'confirmed'], to: 'closed' },
  reject: { from: ['received', 'registered', 'acknowledged'], to: 'rejected' },
  cancel: { from: ['received', 'registered', 'acknowledged', 'in_progress', 'reopened'], to: 'cancelled' },
  reopen: { from: ['resolved', 'confirmed', 'closed'], to: 'reopened' },
};

export const serviceRequestStateMachine = new StateMachine<Status, TransitionAction>(
  SERVICE_REQUEST_AGGREGATE,
  SERVICE_REQUEST_TRANSITIONS,
);

/** Commands that keep the status; the statuses each is allowed in. */
export type InStateCommand =
  | 'route'
  | 'reroute'
  | 'addWork'
  | 'completeWork'
  | 'updateDetails'
  | 'addInformation'
  | 'reclassify'
  | 'setEntitlement'
  | 'flagMisuse'
  | 'flagQualityProblem'
  | 'answerConsultation'
  | 'startReview'
  | 'replyToSuggestion'
  | 'escalate'
  | 'recordSlaBreach'
  | 'linkDuplicate';

const BEFORE_RESOLUTION = ['received', 'registered', 'acknowledged', 'in_progress', 'reopened'] as const satisfies readonly Status[];

export const IN_STATE_COMMANDS: Readonly<Record<InStateCommand, readonly Status[]>> = {
  /** Once after acknowledgement, and again after each reopening. */
  route: ['acknowledged', 'reopened'],
  /** Routed again to the same owner when its work was cancelled for re-planning (before resolution). */
  reroute: ['acknowledged', 'in_progress', 'reopened'],
  /** A further work order / claim while the case is already in progress (startWork in in_progress). */
  addWork: ['in_progress'],
  completeWork: ['in_progress'],
  updateDetails: BEFORE_RESOLUTION,
  addInformation: ['received', 'registered', 'acknowledged', 'in_progress', 'resolved', 'confirmed', 'reopened'],
  reclassify: ['registered', 'acknowledged', 'in_progress', 'reopened'],
  /** Fee questions can still be settled while the result waits for the customer. */
  setEntitlement: ['registered', 'acknowledged', 'in_progress', 'reopened', 'resolved'],
  flagMisuse: ['received', 'registered', 'acknowledged', 'in_progress', 'reopened', 'resolved'],
  /** Before registration the flag comes with the registration itself. */
  flagQualityProblem: ['registered', 'acknowledged', 'in_progress', 'reopened'],
  /** The agent answers a routed consultation (agent-work.ts). */
  answerConsultation: ['acknowledged', 'in_progress', 'reopened'],
  /** A routed suggestion goes to review (agent-work.ts). */
  startReview: ['acknowledged', 'reopened'],
  replyToSuggestion: ['in_progress'],
  escalate: BEFORE_RESOLUTION,
  recordSlaBreach: BEFORE_RESOLUTION,
  /** Any open case can survive a duplicate (open = not closed, cancelled or rejected). */
  linkDuplicate: ['received', 'registered', 'acknowledged', 'in_progress', 'resolved', 'confirmed', 'reopened'],
};

export type ServiceRequestCommand = TransitionAction | InStateCommand;

/** Whether a command is allowed in a status (the UI can offer exactly these). */
export function isCommandAllowed(status: Status, command: ServiceRequestCommand): boolean {
  if (command in IN_STATE_COMMANDS) return IN_STATE_COMMANDS[command as InStateCommand].includes(status);
  return serviceRequestStateMachine.can(status, command as TransitionAction);
}

/** Throws `SERVICE_REQUEST_ILLEGAL_TRANSITION` (409) for an in-state command in the wrong status. */
export function assertInStateCommand(status: Status, command: InStateCommand): void {
  if (!IN_STATE_COMMANDS[command].includes(status)) throw illegalTransition(status, command);
}
