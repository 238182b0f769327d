/**
 * What the rest of intake uses of the service-request domain: the aggregate, its state and
 * fact types, the pure rules the application calls directly (classification, entitlement,
 * duplicates, routing, confirmation due dates) and the command input types. The per-concern
 * command functions (`register(state, …)`, …) are the aggregate's internals and stay unexported.
 */
export * from './classification';
export {
  DEFAULT_CONFIRMATION_SILENCE_DAYS,
  DEFAULT_REOPEN_WINDOW_DAYS,
  assertDays,
  confirmationBySilenceDueAt,
  isConfirmationBySilenceDue,
  type ConfirmCommand,
  type ReopenCommand,
} from './confirmation';
export { DEFAULT_DUPLICATE_WINDOW, DEFAULT_DUPLICATE_WINDOW_HOURS, duplicateKeyOf, findDuplicate, type DuplicateProbe, type DuplicateWindow } from './duplicates';
export * from './entitlement';
export * from './service-agreement';
export { newInformationOf, type NewInformation, type ResentContent } from './resent-request';
export { QUALITY_PROBLEM_SOURCES, type QualityProblemSource } from './quality-problem';
export { INTERNAL_WORK_FEE_CLASS, feeClassOf } from './internal-work';
export type { AgentAnswer, AnswerConsultationCommand, ReplyToSuggestionCommand, StartReviewCommand, SuggestionReview } from './agent-work';
export * from './routing';
export * from './service-request';
export * from './service-request.errors';
export * from './service-request.events';
export * from './service-request.facts';
export * from './service-request.state';
export * from './service-request.state-machine';
export * from './service-request.types';
export type {
  AddInformationCommand,
  CustomerInput,
  PreferredTimeInput,
  ProductInput,
  ReceiveServiceRequestInput,
  UpdateDetailsCommand,
} from './case-details';
export type { ReclassifyCommand, RegisterCommand, RouteCommand } from './registration';
export type { CancelCommand, MarkDuplicateCommand } from './withdrawal';
export type { EscalateCommand, SlaBreachCommand } from './escalation';
export type { WorkSource } from './work-progress';
export { caseReturnFor, type CaseReturn, type WorkOrderNews } from './work-order-follow-up';
