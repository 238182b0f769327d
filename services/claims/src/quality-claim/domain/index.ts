export * from './quality-claim';
export * from './quality-claim.state';
export * from './quality-claim.state-machine';
export * from './quality-claim.types';
export type { QualityClaimFact, SupplierFeedbackDue } from './quality-claim.facts';
export type { PlannedAction } from './eight-d';
export type { OpenClaimInput, TriageCommand } from './registration';
export type { RejectCommand } from './closure';
export type { OutboundMessage } from './quality-claim.event-mapper';
