/**
 * The cases the agent finishes without another service (routing: consultation → `agent`,
 * suggestion → `review`). A consultation is answered by the agent, and the answer resolves it
 * (source 003 §1.1: 咨询 answered by customer service). A suggestion is recorded and reviewed
 * (source 001 §1.11, source 003 §1.1): it goes to an owner with a review date, and the owner's
 * reply resolves it. Both run as a work item of the case (kind `agent` / `review`), so the case
 * moves through `in_progress` to `resolved` like any other and the reply clock stops on the way.
 */
import { SERVICE_REQUEST_ERRORS, serviceRequestError } from './service-request.errors';
import type { CaseResolved, WorkCompleted, WorkStarted } from './service-request.facts';
import { type ServiceRequestState, requestTypeOf } from './service-request.state';
import { type InStateCommand, assertInStateCommand } from './service-request.state-machine';
import type { RequestType } from './service-request.types';
import { FieldErrors, deepCopy, instantOrNow, isCalendarDate, requiredText } from './validation';
import { completeWork, resolve, startWork } from './work-progress';

export interface AgentAnswer {
  text: string;
  answeredBy: string;
  answeredAt: Date;
}

export interface SuggestionReview {
  /** Who reviews the suggestion (a person or department). */
  owner: string;
  /** When the review is due, `YYYY-MM-DD`. */
  reviewDate: string;
  startedAt: Date;
  reply: string | null;
  repliedBy: string | null;
  repliedAt: Date | null;
}

export interface AnswerConsultationCommand {
  answer: string;
  answeredBy: string;
  at?: Date;
}

export interface StartReviewCommand {
  owner: string;
  reviewDate: string;
  at?: Date;
}

export interface ReplyToSuggestionCommand {
  reply: string;
  repliedBy: string;
  at?: Date;
}

type AgentWorkFact = WorkStarted | WorkCompleted | CaseResolved;

/** The agent's answer resolves a routed consultation (again after a reopening). */
export function answerConsultation(s: ServiceRequestState, cmd: AnswerConsultationCommand): AgentWorkFact[] {
  const at = instantOrNow(cmd.at);
  assertCaseOf(s, 'consultation', 'answerConsultation');
  const errors = new FieldErrors();
  const text = requiredText(cmd.answer, 'answer', errors);
  const answeredBy = requiredText(cmd.answeredBy, 'answeredBy', errors);
  errors.throwIfAny();
  const reference = `answer-${roundOf(s)}`;
  return allOrNothing(s, (draft) => {
    const facts: AgentWorkFact[] = [...startWork(draft, { kind: 'agent', reference, at })];
    facts.push(...completeWork(draft, { kind: 'agent', reference, at }), ...resolve(draft, { summary: text, at }));
    draft.answer = { text, answeredBy, answeredAt: at };
    return facts;
  });
}

/** A routed suggestion goes to its reviewer with a review date: acknowledged | reopened → in_progress. */
export function startReview(s: ServiceRequestState, cmd: StartReviewCommand): WorkStarted[] {
  const at = instantOrNow(cmd.at);
  assertCaseOf(s, 'suggestion', 'startReview');
  const errors = new FieldErrors();
  const owner = requiredText(cmd.owner, 'owner', errors);
  if (!isCalendarDate(cmd.reviewDate)) errors.add('reviewDate', 'must be a date YYYY-MM-DD');
  errors.throwIfAny();
  const facts = startWork(s, { kind: 'review', reference: `review-${roundOf(s)}`, at });
  s.review = { owner, reviewDate: cmd.reviewDate, startedAt: at, reply: null, repliedBy: null, repliedAt: null };
  return facts;
}

/** The reviewer's reply to the suggestion resolves it. */
export function replyToSuggestion(s: ServiceRequestState, cmd: ReplyToSuggestionCommand): AgentWorkFact[] {
  const at = instantOrNow(cmd.at);
  assertCaseOf(s, 'suggestion', 'replyToSuggestion');
  const errors = new FieldErrors();
  const reply = requiredText(cmd.reply, 'reply', errors);
  const repliedBy = requiredText(cmd.repliedBy, 'repliedBy', errors);
  errors.throwIfAny();
  const review = s.review;
  const open = s.work.find((w) => w.kind === 'review' && !w.completedAt);
  if (!review || !open) {
    throw serviceRequestError(SERVICE_REQUEST_ERRORS.WORK_ITEM_NOT_FOUND, `suggestion ${s.id} is not under review`, 'conflict');
  }
  return allOrNothing(s, (draft) => {
    const facts: AgentWorkFact[] = [...completeWork(draft, { kind: 'review', reference: open.reference, at }), ...resolve(draft, { summary: reply, at })];
    draft.review = { ...review, reply, repliedBy, repliedAt: at };
    return facts;
  });
}

function assertCaseOf(s: Readonly<ServiceRequestState>, type: RequestType, command: InStateCommand): void {
  const actual = requestTypeOf(s);
  if (actual !== type) {
    throw serviceRequestError(SERVICE_REQUEST_ERRORS.WRONG_TYPE, `only a ${type} takes ${command}; service request ${s.id} is a ${actual}`, 'rule', {
      requestedType: actual,
    });
  }
  assertInStateCommand(s.status, command);
}

/** Several steps that must all apply or none: run on a copy, keep it only when every step passed. */
function allOrNothing<T>(s: ServiceRequestState, steps: (draft: ServiceRequestState) => T): T {
  const draft = deepCopy(s);
  const result = steps(draft);
  Object.assign(s, draft);
  return result;
}

/** The routing round: one answer or review per round, so a reopened case gets a new work item. */
const roundOf = (s: Readonly<ServiceRequestState>): number => s.routing?.round ?? 0;
