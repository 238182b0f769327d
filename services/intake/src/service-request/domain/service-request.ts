import { AggregateRoot, type DomainEvent, invalidFields } from '@aftercare/ddd';
import {
  type AddInformationCommand,
  type ReceiveServiceRequestInput,
  type UpdateDetailsCommand,
  addInformation,
  missingForRegistration,
  receivedState,
  updateDetails,
} from './case-details';
import {
  type AgentAnswer,
  type AnswerConsultationCommand,
  type ReplyToSuggestionCommand,
  type StartReviewCommand,
  type SuggestionReview,
  answerConsultation,
  replyToSuggestion,
  startReview,
} from './agent-work';
import { flagMisuse, setEntitlement } from './case-entitlement';
import type { Classification } from './classification';
import { type ConfirmCommand, type ReopenCommand, close, confirm, fixConfirmationSilence, reopen } from './confirmation';
import { type DuplicateProbe, linkDuplicate } from './duplicates';
import type { EntitlementDecision } from './entitlement';
import { type EscalateCommand, type SlaBreachCommand, escalate, recordSlaBreach } from './escalation';
import { type ReclassifyCommand, type RegisterCommand, type RouteCommand, acknowledge, reclassify, register, route } from './registration';
import { feeClassOf } from './internal-work';
import { type QualityProblemSource, flagQualityProblem } from './quality-problem';
import type { RouteTarget } from './routing';
import type { ServiceAgreement } from './service-agreement';
import { SERVICE_REQUEST_ERRORS } from './service-request.errors';
import { serviceRequestEventOf } from './service-request.event-mapper';
import type { ServiceRequestFeeClass } from './service-request.events';
import type { ServiceRequestFact } from './service-request.facts';
import type {
  CancellationState,
  ClosureState,
  ConfirmationState,
  DuplicateSource,
  EntitlementState,
  RejectionState,
  ResolutionState,
  RoutingState,
  ServiceRequestSnapshot,
  ServiceRequestState,
} from './service-request.state';
import { type ServiceRequestCommand, type Status, STATUSES, isCommandAllowed } from './service-request.state-machine';
import type {
  Attachment,
  Channel,
  CloseReason,
  CustomerSnapshot,
  Escalation,
  InformationNote,
  LinkedDuplicate,
  PreferredTime,
  ProductInfo,
  Reopening,
  RequestType,
  SlaBreach,
  WorkItem,
  WorkKind,
} from './service-request.types';
import { deepCopy } from './validation';
import { type CancelCommand, type MarkDuplicateCommand, cancel, reject, rejectAsDuplicate } from './withdrawal';
import { type WorkOrderNews, followWorkOrder, isWithdrawn } from './work-order-follow-up';
import { type WorkSource, completeWork, resolve, startWork } from './work-progress';

/**
 * The service case (售后服务单 / 叫修登记). Pure domain: every command validates, changes the
 * state and records its domain fact(s) in one step; nothing happens on error. The rules live in
 * one module per concern (see README.md); this class holds the state, hands each command to its
 * module and records what it returns. `service-request.event-mapper.ts` turns the facts into the
 * public events.
 *
 * Commands whose effect is already in the state (same work item, same duplicate, same SLA breach,
 * an escalation to a level already reached, misuse already flagged, unchanged details) are no-ops
 * that return `false` in any status, so redelivered messages are harmless.
 */
export class ServiceRequest extends AggregateRoot<ServiceRequestFact> {
  private readonly s: ServiceRequestState;

  private constructor(state: ServiceRequestState, version: number, handledMessageIds: readonly string[]) {
    super(state.id, state.tenantId, version, handledMessageIds);
    this.s = state;
  }

  // ------------------------------------------------------------------------------- factories

  /** A request arrives from a channel: status `received`, nothing recorded yet. */
  static receive(input: ReceiveServiceRequestInput): ServiceRequest {
    return new ServiceRequest(receivedState(input), 0, []);
  }

  /** Rebuilds the aggregate from what `toSnapshot()` produced (as stored). */
  static fromSnapshot(snapshot: ServiceRequestSnapshot): ServiceRequest {
    if (!(STATUSES as readonly string[]).includes(snapshot.status)) {
      const fieldErrors = [{ field: 'status', message: 'is not a service request status' }];
      throw invalidFields(SERVICE_REQUEST_ERRORS.INVALID, `unknown stored status ${snapshot.status}`, fieldErrors, 'invalid');
    }
    const { version, handledMessageIds, ...state } = deepCopy(snapshot);
    return new ServiceRequest(state, version, handledMessageIds ?? []);
  }

  toSnapshot(): ServiceRequestSnapshot {
    return deepCopy({ ...this.s, version: this.version, handledMessageIds: [...this.handledMessageIds] });
  }

  protected toIntegrationEvent(fact: ServiceRequestFact): DomainEvent {
    return serviceRequestEventOf(fact, this.s);
  }

  // ------------------------------------------------------------------------------- queries

  get status(): Status {
    return this.s.status;
  }
  get channel(): Channel {
    return this.s.channel;
  }
  get externalRef(): string | null {
    return this.s.externalRef;
  }
  get receivedAt(): Date {
    return new Date(this.s.receivedAt);
  }
  get registeredAt(): Date | null {
    return copyDate(this.s.registeredAt);
  }
  get acknowledgedAt(): Date | null {
    return copyDate(this.s.acknowledgedAt);
  }
  get customer(): Readonly<CustomerSnapshot> {
    return { ...this.s.customer };
  }
  get product(): Readonly<ProductInfo> {
    return { ...this.s.product };
  }
  get problemDescription(): string | null {
    return this.s.problemDescription;
  }
  get attachments(): readonly Attachment[] {
    return deepCopy(this.s.attachments);
  }
  get requestedType(): RequestType | null {
    return this.s.requestedType;
  }
  get preferredTime(): Readonly<PreferredTime> | null {
    return deepCopy(this.s.preferredTime);
  }
  get classification(): Readonly<Classification> | null {
    return this.s.classification && { ...this.s.classification };
  }
  get priority(): Classification['priority'] | null {
    return this.s.classification?.priority ?? null;
  }
  get entitlement(): Readonly<EntitlementState> | null {
    return deepCopy(this.s.entitlement);
  }
  /** Entitlement `unknown`: the agent must decide before the case is routed. */
  get needsEntitlementReview(): boolean {
    return this.s.entitlement?.entitlement === 'unknown';
  }
  get misuse(): boolean {
    return this.s.misuse;
  }
  /** The service contract covering the asset when the customer called; its level selects the SLA policies. */
  get serviceAgreement(): Readonly<ServiceAgreement> | null {
    return deepCopy(this.s.serviceAgreement);
  }
  get qualityProblem(): boolean {
    return this.s.qualityProblem;
  }
  get internalWork(): boolean {
    return this.s.internalWork;
  }
  /** The fee class of the case's job: D for internal work, else the entitlement's (internal-work.ts). */
  get feeClass(): ServiceRequestFeeClass | null {
    return feeClassOf(this.s);
  }
  get answer(): Readonly<AgentAnswer> | null {
    return deepCopy(this.s.answer);
  }
  get review(): Readonly<SuggestionReview> | null {
    return deepCopy(this.s.review);
  }
  get routing(): Readonly<RoutingState> | null {
    return deepCopy(this.s.routing);
  }
  get work(): readonly WorkItem[] {
    return deepCopy(this.s.work);
  }
  get hasOpenWork(): boolean {
    return this.s.work.some((w) => !w.completedAt);
  }
  get resolution(): Readonly<ResolutionState> | null {
    return deepCopy(this.s.resolution);
  }
  get resolvedAt(): Date | null {
    return copyDate(this.s.resolution?.resolvedAt ?? null);
  }
  /** The silence fixed on the current resolution; null when none is (not resolved, or resolved before it was recorded). */
  get confirmationSilenceDays(): number | null {
    return this.s.resolution?.silenceDays ?? null;
  }
  get confirmation(): Readonly<ConfirmationState> | null {
    return deepCopy(this.s.confirmation);
  }
  get closure(): Readonly<ClosureState> | null {
    return deepCopy(this.s.closure);
  }
  get cancellation(): Readonly<CancellationState> | null {
    return deepCopy(this.s.cancellation);
  }
  get rejection(): Readonly<RejectionState> | null {
    return deepCopy(this.s.rejection);
  }
  /** The surviving case when this one was merged as a duplicate: route anything arriving here there. */
  get duplicateOf(): string | null {
    return this.s.rejection?.duplicateOf ?? null;
  }
  get escalated(): boolean {
    return this.s.escalation !== null;
  }
  get escalationLevel(): number {
    return this.s.escalation?.level ?? 0;
  }
  get escalation(): Readonly<Escalation> | null {
    return deepCopy(this.s.escalation);
  }
  get slaBreaches(): readonly SlaBreach[] {
    return deepCopy(this.s.slaBreaches);
  }
  get linkedDuplicates(): readonly LinkedDuplicate[] {
    return deepCopy(this.s.duplicates);
  }
  get notes(): readonly InformationNote[] {
    return deepCopy(this.s.notes);
  }
  get reopenings(): readonly Reopening[] {
    return deepCopy(this.s.reopenings);
  }
  get reopenCount(): number {
    return this.s.reopenings.length;
  }
  /** What `findDuplicate` compares. */
  get duplicateProbe(): DuplicateProbe {
    return {
      id: this.id,
      tenantId: this.tenantId,
      status: this.s.status,
      receivedAt: new Date(this.s.receivedAt),
      customerId: this.s.customer.customerId,
      serialNumber: this.s.product.serialNumber,
      requestedType: this.s.requestedType,
    };
  }
  /** Registration fields still missing for the requested type (empty: ready to register). */
  get missingForRegistration(): string[] {
    return missingForRegistration(this.s);
  }

  /** Whether a command is allowed in the current status (the transition table, not the other rules). */
  can(command: ServiceRequestCommand): boolean {
    return isCommandAllowed(this.s.status, command);
  }

  // ------------------------------------------------------------------------------- commands
  // Each rule is in the module named next to it; boolean results: false = nothing changed.

  /** registration.ts: received → registered (SERVICE_REQUEST_INCOMPLETE names what is missing). */
  register(cmd: RegisterCommand): void {
    this.apply(register(this.s, cmd));
  }

  /** registration.ts: registered → acknowledged. */
  acknowledge(cmd: { at?: Date } = {}): void {
    this.apply(acknowledge(this.s, cmd));
  }

  /** registration.ts: hands the case to its owner by type (no status change). */
  route(cmd: RouteCommand = {}): RouteTarget {
    const routed = route(this.s, cmd);
    this.apply([routed]);
    return routed.target;
  }

  /** work-progress.ts: downstream work started (acknowledged | reopened → in_progress). */
  startWork(source: WorkSource): boolean {
    return this.apply(startWork(this.s, source));
  }

  /** work-progress.ts: a piece of downstream work is done. */
  completeWork(cmd: { reference: string; kind?: WorkKind; at?: Date }): boolean {
    return this.apply(completeWork(this.s, cmd));
  }

  /** work-progress.ts: in_progress → resolved, once all downstream work is done. */
  resolve(cmd: { summary?: string | null; at?: Date } = {}): void {
    this.apply(resolve(this.s, cmd));
  }

  /**
   * work-order-follow-up.ts: news of a work order in dispatch (assigned, verified, cancelled);
   * a cancelled order re-routes the case or returns it to the agent by its reason code. Nothing
   * changes for a withdrawn case. False when nothing changed.
   */
  followWorkOrder(news: WorkOrderNews): boolean {
    return this.apply(followWorkOrder(this.s, news));
  }

  /** The case was cancelled or rejected: downstream news no longer changes it. */
  get withdrawn(): boolean {
    return isWithdrawn(this.s);
  }

  /**
   * confirmation.ts: fixes the silence that confirms the current resolution (the tenant's setting
   * when it was resolved); once per resolution. Not a fact of its own: it is written with the
   * resolution. False when nothing changed.
   */
  fixConfirmationSilence(silenceDays: number): boolean {
    return fixConfirmationSilence(this.s, silenceDays);
  }

  /** confirmation.ts: resolved → confirmed, by the customer or by silence. */
  confirm(cmd: ConfirmCommand = {}): void {
    this.apply(confirm(this.s, cmd));
  }

  /** confirmation.ts: (resolved →) confirmed → closed. */
  close(cmd: { reason: CloseReason; at?: Date }): void {
    this.apply(close(this.s, cmd));
  }

  /** confirmation.ts: resolved | confirmed | closed (within the window) → reopened. */
  reopen(cmd: ReopenCommand): void {
    this.apply(reopen(this.s, cmd));
  }

  /** withdrawal.ts: withdrawn before it was resolved. */
  cancel(cmd: CancelCommand): void {
    this.apply(cancel(this.s, cmd));
  }

  /** withdrawal.ts: not a valid request, rejected with a note. */
  reject(cmd: { note: string; at?: Date }): void {
    this.apply(reject(this.s, cmd));
  }

  /**
   * withdrawal.ts: this case duplicates `survivor` (see `findDuplicate`). The application also
   * calls `survivor.linkDuplicate(this)`.
   */
  markDuplicateOf(cmd: MarkDuplicateCommand): void {
    this.apply(rejectAsDuplicate(this.s, cmd));
  }

  /** duplicates.ts: merges a duplicate into this surviving case. */
  linkDuplicate(cmd: { duplicate: DuplicateSource; at?: Date }): boolean {
    return this.apply(linkDuplicate(this.s, cmd));
  }

  /**
   * case-details.ts: corrects or completes the details before resolution. A changed product does
   * not re-decide the entitlement: the application calls `setEntitlement`.
   */
  updateDetails(cmd: UpdateDetailsCommand): boolean {
    return this.apply(updateDetails(this.s, cmd));
  }

  /** case-details.ts: a note and/or attachments arriving after the case was taken. */
  addInformation(cmd: AddInformationCommand): void {
    this.apply(addInformation(this.s, cmd));
  }

  /** registration.ts: new severity/urgency (or a new matrix). */
  reclassify(cmd: ReclassifyCommand): boolean {
    return this.apply(reclassify(this.s, cmd));
  }

  /** case-entitlement.ts: a new entitlement decision (misuse keeps the case charged). */
  setEntitlement(cmd: { entitlement: EntitlementDecision; at?: Date }): boolean {
    return this.apply(setEntitlement(this.s, cmd));
  }

  /** case-entitlement.ts: the problem was caused by misuse (class A). */
  flagMisuse(cmd: { at?: Date } = {}): boolean {
    return this.apply(flagMisuse(this.s, cmd));
  }

  /** quality-problem.ts: a field-service case for a quality problem (8 h on site); false when already flagged. */
  flagQualityProblem(cmd: { source: QualityProblemSource; at?: Date }): boolean {
    return this.apply(flagQualityProblem(this.s, cmd));
  }

  /** agent-work.ts: the agent's answer resolves a consultation. */
  answerConsultation(cmd: AnswerConsultationCommand): void {
    this.apply(answerConsultation(this.s, cmd));
  }

  /** agent-work.ts: a suggestion goes to its reviewer (→ in_progress). */
  startReview(cmd: StartReviewCommand): void {
    this.apply(startReview(this.s, cmd));
  }

  /** agent-work.ts: the reviewer's reply resolves the suggestion. */
  replyToSuggestion(cmd: ReplyToSuggestionCommand): void {
    this.apply(replyToSuggestion(this.s, cmd));
  }

  /** escalation.ts: raises the escalation level (only goes up). */
  escalate(cmd: EscalateCommand): boolean {
    return this.apply(escalate(this.s, cmd));
  }

  /** escalation.ts: an SLA clock of the case ran out (once per clock and due time). */
  recordSlaBreach(cmd: SlaBreachCommand): boolean {
    return this.apply(recordSlaBreach(this.s, cmd));
  }

  /** Records the facts a rule returned, in order; true when there were any. */
  private apply(facts: readonly ServiceRequestFact[]): boolean {
    for (const fact of facts) this.record(fact);
    return facts.length > 0;
  }
}

const copyDate = (date: Date | null): Date | null => (date ? new Date(date) : null);
