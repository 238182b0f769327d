import { deepCopy } from '../../common/deep-copy';
import { dueSteps, nextStepAt, type Escalation, type EscalationTiming, type RunningDeadline } from '../../common/escalation-ladder';
import {
  NOTIFICATION_REQUESTED_V1,
  SERVICE_COMPLAINT_CLOSED_V1,
  SERVICE_COMPLAINT_ESCALATED_V1,
  SERVICE_COMPLAINT_OPENED_V1,
  TOPICS,
  type NotificationRequestedV1,
  type ServiceComplaintClosedV1,
  type ServiceComplaintEscalatedV1,
  type ServiceComplaintOpenedV1,
} from '@aftercare/contracts';
import { AggregateRoot, DomainError, StateMachine, missingFields, type DomainEvent } from '@aftercare/ddd';

/**
 * A complaint about the service (source 004 §1.9, §3; source 001 §1.9):
 *
 * ```
 * received ─respond→ responded ─check→ checked ─close→ closed
 * ```
 * The complainant is contacted (first response within 24 h), the facts are checked (preliminary
 * check within 3 working days), and the result is told in writing. A serious complaint is closed
 * only with the deputy general manager's approval.
 */
export const COMPLAINT_STATUSES = ['received', 'responded', 'checked', 'closed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export const COMPLAINT_LEVELS = ['ordinary', 'serious'] as const;
export type ComplaintLevel = (typeof COMPLAINT_LEVELS)[number];

const machine = new StateMachine<ComplaintStatus, 'respond' | 'check' | 'close'>('service complaint', {
  respond: { from: ['received'], to: 'responded' },
  check: { from: ['responded'], to: 'checked' },
  close: { from: ['checked'], to: 'closed' },
});

/** Who may approve closing a serious complaint. */
export const SERIOUS_COMPLAINT_APPROVERS = ['deputy_gm', 'general_manager'] as const;

/** The complaint clocks that breach: the complainant contacted (24 h), the facts checked (3 working days). */
export type ComplaintClockName = 'first_response' | 'preliminary_check';
export type ComplaintEscalation = Escalation<ComplaintClockName>;

export interface ServiceComplaintState {
  id: string;
  tenantId: string;
  /** null: a complaint about no single case (a month's satisfaction below target, source 003 §1.6). */
  caseId: string | null;
  status: ComplaintStatus;
  channel: string;
  level: ComplaintLevel;
  complainant: { name: string; phone: string | null; email: string | null };
  content: string;
  /** The person the complaint is about: a technician (their appraisal counts a confirmed complaint) or another employee. */
  technicianId: string | null;
  personConcerned: string | null;
  receivedAt: Date;
  firstResponseDueAt: Date;
  preliminaryCheckDueAt: Date;
  response: { by: string; note: string; at: Date } | null;
  check: { by: string; confirmed: boolean; findings: string; at: Date } | null;
  closure: { by: string; result: string; approvedBy: string | null; at: Date } | null;
  /** The clocks' breaches and the escalation levels reached, each once (step 1 = the breach). */
  escalations: ComplaintEscalation[];
}

export interface ServiceComplaintSnapshot extends ServiceComplaintState {
  version: number;
  handledMessageIds: string[];
}

export type ServiceComplaintFact = { kind: 'opened'; at: Date } | { kind: 'closed'; at: Date } | { kind: 'escalated'; at: Date; escalation: ComplaintEscalation };

export interface Actor {
  id: string;
  roles: readonly string[];
}

const blank = (v: unknown): boolean => typeof v !== 'string' || v.trim() === '';

export type OpenComplaintInput = Omit<ServiceComplaintState, 'status' | 'response' | 'check' | 'closure' | 'escalations'>;

export class ServiceComplaint extends AggregateRoot<ServiceComplaintFact> {
  private constructor(
    private readonly s: ServiceComplaintState,
    version: number,
    handled: readonly string[],
  ) {
    super(s.id, s.tenantId, version, handled);
  }

  static open(input: OpenComplaintInput): ServiceComplaint {
    const missing = (['id', 'tenantId', 'caseId', 'channel', 'content'] as const).filter((k) => !(k === 'caseId' && input.caseId === null) && blank(input[k]));
    if (blank(input.complainant?.name)) missing.push('complainant.name' as never);
    if (missing.length) throw missingFields('SERVICE_COMPLAINT_INVALID', 'a service complaint needs', missing);
    const complaint = new ServiceComplaint({ ...deepCopy(input), status: 'received', response: null, check: null, closure: null, escalations: [] }, 0, []);
    complaint.record({ kind: 'opened', at: input.receivedAt });
    return complaint;
  }

  static fromSnapshot(snapshot: ServiceComplaintSnapshot): ServiceComplaint {
    const { version, handledMessageIds, ...state } = deepCopy(snapshot);
    // Complaints stored before escalation was run have no escalations yet.
    return new ServiceComplaint({ ...state, escalations: state.escalations ?? [] }, version, handledMessageIds);
  }

  toSnapshot(): ServiceComplaintSnapshot {
    return { ...deepCopy(this.s), version: this.version, handledMessageIds: [...this.handledMessageIds] };
  }

  get state(): Readonly<ServiceComplaintState> {
    return this.s;
  }
  get status(): ComplaintStatus {
    return this.s.status;
  }

  /** The complainant was contacted (first response). */
  respond(c: { actor: Actor; note: string; at: Date }): void {
    if (blank(c.note)) throw missingFields('SERVICE_COMPLAINT_INVALID', 'a first response needs', ['note']);
    this.s.status = machine.next(this.s.status, 'respond');
    this.s.response = { by: c.actor.id, note: c.note.trim(), at: c.at };
  }

  /** The preliminary check: is the complaint justified? */
  check(c: { actor: Actor; confirmed: boolean; findings: string; at: Date }): void {
    if (blank(c.findings)) throw missingFields('SERVICE_COMPLAINT_INVALID', 'a preliminary check needs', ['findings']);
    this.s.status = machine.next(this.s.status, 'check');
    this.s.check = { by: c.actor.id, confirmed: c.confirmed === true, findings: c.findings.trim(), at: c.at };
  }

  /** Closed with the result the customer is told in writing; a serious complaint needs the deputy GM. */
  close(c: { actor: Actor; result: string; at: Date }): void {
    const to = machine.next(this.s.status, 'close');
    if (blank(c.result)) throw missingFields('SERVICE_COMPLAINT_INVALID', 'closing needs', ['result']);
    const approver = c.actor.roles.some((r) => (SERIOUS_COMPLAINT_APPROVERS as readonly string[]).includes(r));
    if (this.s.level === 'serious' && !approver)
      throw new DomainError('APPROVAL_REQUIRED', "a serious complaint is closed with the deputy general manager's approval", 'rule', { approval: true });
    this.s.status = to;
    this.s.closure = { by: c.actor.id, result: c.result.trim(), approvedBy: this.s.level === 'serious' ? c.actor.id : null, at: c.at };
    this.record({ kind: 'closed', at: c.at });
  }

  /** The deadlines still running: the first response until the complainant is contacted, the check until it is done; none once closed. */
  private runningDeadlines(): RunningDeadline<ComplaintClockName>[] {
    if (this.s.status === 'closed') return [];
    const running: RunningDeadline<ComplaintClockName>[] = [];
    if (!this.s.response) running.push({ clock: 'first_response', deadline: this.s.firstResponseDueAt });
    if (!this.s.check) running.push({ clock: 'preliminary_check', deadline: this.s.preliminaryCheckDueAt });
    return running;
  }

  /** Records every breach and escalation level due at `now` and not recorded yet; returns how many. */
  climbEscalations(timing: EscalationTiming, now: Date): number {
    const due = dueSteps(this.runningDeadlines(), this.s.escalations, timing, now);
    for (const escalation of due) {
      this.s.escalations.push(escalation);
      this.record({ kind: 'escalated', at: now, escalation });
    }
    return due.length;
  }

  /** When the deadline scanner must look at the complaint next (null: not until something changes). */
  nextEscalationAt(timing: EscalationTiming): Date | null {
    return nextStepAt(this.runningDeadlines(), this.s.escalations, timing);
  }

  /**
   * The written result for the customer, owed by the closing (same write). A complaint about no
   * single case (a month's follow-up) has no one customer to write to: its result is internal.
   */
  get pendingOutboundMessages(): Array<{ topic: string; type: string; data: NotificationRequestedV1; caseId: string; subject: string }> {
    if (!this.pendingFacts.some((f) => f.kind === 'closed') || !this.s.closure || this.s.caseId === null) return [];
    const data: NotificationRequestedV1 = {
      notificationId: `${this.s.id}-result`,
      tenantId: this.s.tenantId,
      caseId: this.s.caseId,
      purpose: 'complaint_result',
      recipient: { name: this.s.complainant.name, phone: this.s.complainant.phone, email: this.s.complainant.email, preferredChannel: 'letter' },
      template: 'claims.service-complaint.result',
      parameters: { complaintId: this.s.id, confirmed: this.s.check?.confirmed ?? false, result: this.s.closure.result },
      requestedBy: this.s.closure.by,
      requestedAt: this.s.closure.at.toISOString(),
    };
    return [{ topic: TOPICS.notificationRequests.name, type: NOTIFICATION_REQUESTED_V1, data, caseId: this.s.caseId, subject: this.s.caseId }];
  }

  protected toIntegrationEvent(fact: ServiceComplaintFact): DomainEvent {
    const s = this.s;
    if (fact.kind === 'opened') {
      const data: ServiceComplaintOpenedV1 = {
        complaintId: s.id,
        caseId: s.caseId,
        tenantId: s.tenantId,
        channel: s.channel,
        level: s.level,
        complainant: s.complainant.name,
        content: s.content,
        technicianId: s.technicianId,
        receivedAt: s.receivedAt.toISOString(),
        firstResponseDueAt: s.firstResponseDueAt.toISOString(),
        preliminaryCheckDueAt: s.preliminaryCheckDueAt.toISOString(),
      };
      return { type: SERVICE_COMPLAINT_OPENED_V1, data, ...(s.caseId ? { caseId: s.caseId } : {}), occurredAt: fact.at };
    }
    if (fact.kind === 'escalated') {
      const e = fact.escalation;
      const data: ServiceComplaintEscalatedV1 = {
        complaintId: s.id,
        caseId: s.caseId,
        tenantId: s.tenantId,
        status: s.status,
        level: s.level,
        clock: e.clock,
        deadline: e.deadline.toISOString(),
        step: e.step,
        breach: e.step === 1,
        escalatedTo: e.level,
        escalatedAt: e.at.toISOString(),
      };
      return { type: SERVICE_COMPLAINT_ESCALATED_V1, data, ...(s.caseId ? { caseId: s.caseId } : {}), occurredAt: fact.at };
    }
    const data: ServiceComplaintClosedV1 = {
      complaintId: s.id,
      caseId: s.caseId,
      tenantId: s.tenantId,
      level: s.level,
      confirmed: s.check?.confirmed ?? false,
      technicianId: s.technicianId,
      result: s.closure?.result ?? '',
      approvedBy: s.closure?.approvedBy ?? null,
      closedAt: fact.at.toISOString(),
    };
    return { type: SERVICE_COMPLAINT_CLOSED_V1, data, ...(s.caseId ? { caseId: s.caseId } : {}), occurredAt: fact.at };
  }
}
