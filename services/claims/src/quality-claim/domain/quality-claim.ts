import { deepCopy } from '../../common/deep-copy';
import { AggregateRoot, type DomainEvent } from '@aftercare/ddd';
import { dueEscalations, nextEscalationAt, type EscalationTiming } from './claim-escalation';
import { close, reject, type RejectCommand } from './closure';
import { explainLateReply } from './late-reply';
import {
  addNote,
  contain,
  formTeam,
  identifyRootCause,
  implement,
  planActions,
  recognise,
  recordCustomerContact,
  verify,
  type PlannedAction,
} from './eight-d';
import { outboundMessagesOf, qualityClaimEventOf, type OutboundMessage } from './quality-claim.event-mapper';
import type { QualityClaimFact } from './quality-claim.facts';
import type { QualityClaimStatus } from './quality-claim.state-machine';
import type { Prevention, QualityClaimSnapshot, QualityClaimState, SupplierDefect, TeamMember } from './quality-claim.state';
import { openClaim, triage, type OpenClaimInput, type TriageCommand } from './registration';
import type { Actor, Responsibility } from './quality-claim.types';

/**
 * A quality claim run as 8D (质量投诉 / 8D报告). Each command hands its rule module the state,
 * which validates, changes it and returns the facts; nothing changes on error.
 */
export class QualityClaim extends AggregateRoot<QualityClaimFact> {
  private constructor(
    private readonly s: QualityClaimState,
    version: number,
    handled: readonly string[],
  ) {
    super(s.id, s.tenantId, version, handled);
  }

  static open(input: OpenClaimInput): QualityClaim {
    const { state, facts } = openClaim(input);
    const claim = new QualityClaim(state, 0, []);
    facts.forEach((f) => claim.record(f));
    return claim;
  }

  static fromSnapshot(snapshot: QualityClaimSnapshot): QualityClaim {
    const { version, handledMessageIds, ...state } = deepCopy(snapshot);
    // Claims stored before escalation was run have no escalations yet, nor, before late replies were explained, an explanation.
    return new QualityClaim({ ...state, escalations: state.escalations ?? [], lateReplyExplanation: state.lateReplyExplanation ?? null }, version, handledMessageIds);
  }

  toSnapshot(): QualityClaimSnapshot {
    return { ...deepCopy(this.s), version: this.version, handledMessageIds: [...this.handledMessageIds] };
  }

  get status(): QualityClaimStatus {
    return this.s.status;
  }
  get caseId(): string {
    return this.s.caseId;
  }
  get major(): boolean {
    return this.s.triage?.major ?? false;
  }
  get state(): Readonly<QualityClaimState> {
    return this.s;
  }

  triage(c: TriageCommand): void {
    this.apply(triage(this.s, c));
  }
  formTeam(c: { leader: TeamMember; members: TeamMember[]; at: Date }): void {
    formTeam(this.s, c);
  }
  contain(c: { actions: string; quantitySuspect: number; quantityContained: number; locations: string[]; at: Date }): void {
    this.apply(contain(this.s, c));
  }
  identifyRootCause(c: { whyChain: string[]; rootCause: string; escapePoint: string; responsibility?: Responsibility; supplier?: SupplierDefect; at: Date }): void {
    this.apply(identifyRootCause(this.s, c));
  }
  planActions(c: { actions: PlannedAction[]; at: Date }): void {
    this.apply(planActions(this.s, c));
  }
  implement(c: { summary: string; evidence: string[]; at: Date }): void {
    this.apply(implement(this.s, c));
  }
  verify(c: { actor: Actor; result: string; prevention: Prevention; at: Date }): void {
    this.apply(verify(this.s, c));
  }
  recognise(c: { note: string; at: Date }): void {
    recognise(this.s, c);
  }
  addNote(c: { by: string; text: string; at: Date }): void {
    addNote(this.s, c);
  }
  recordCustomerContact(c: { kind: 'first_contact' | 'rectification_status'; at: Date }): boolean {
    return recordCustomerContact(this.s, c);
  }
  explainLateReply(c: { by: string; text: string; at: Date }): void {
    explainLateReply(this.s, c);
  }
  close(c: { actor: Actor; finalReport?: string | null; at: Date }): void {
    this.apply(close(this.s, c));
  }
  reject(c: RejectCommand): void {
    this.apply(reject(this.s, c));
  }

  /**
   * Records every breach and escalation level due at `now` and not recorded yet (see
   * claim-escalation.ts); returns how many. A closed or rejected claim has no running clock.
   */
  climbEscalations(timing: EscalationTiming, now: Date): number {
    const due = dueEscalations(this.s, timing, now);
    for (const escalation of due) {
      this.s.escalations.push(escalation);
      this.record({ kind: 'escalated', at: now, escalation });
    }
    return due.length;
  }

  /** When the deadline scanner must look at the claim next (null: not until something changes). */
  nextEscalationAt(timing: EscalationTiming): Date | null {
    return nextEscalationAt(this.s, timing);
  }

  /** Messages for other topics (supplier feedback, the customer's letter) owed by the facts recorded since load. */
  get pendingOutboundMessages(): OutboundMessage[] {
    return this.pendingFacts.flatMap((f) => outboundMessagesOf(f, this.s));
  }

  protected toIntegrationEvent(fact: QualityClaimFact): DomainEvent {
    return qualityClaimEventOf(fact, this.s);
  }

  private apply(facts: QualityClaimFact[]): void {
    facts.forEach((f) => this.record(f));
  }
}
