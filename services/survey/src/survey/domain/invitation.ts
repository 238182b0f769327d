/**
 * `SurveyInvitation`: one customer asked one survey, from scheduling to the answer or expiry.
 * A job invitation follows one verified work order and its id derives from tenant and order, so
 * a redelivered `verified` finds the invitation already there (no sampling, no second one).
 */
import { createHash } from 'node:crypto';
import { AggregateRoot, invalidFields, type DomainEvent, type FieldError } from '@aftercare/ddd';
import type { SurveyKind, SurveyLanguage } from '@aftercare/contracts';
import { SURVEY_ERRORS, surveyError } from './survey.errors';
import { type InvitationStatus, invitationStateMachine as machine } from './invitation.state-machine';
import { invitationEventOf } from './invitation.event-mapper';
import type { SurveySettings } from './survey-settings';

const HOUR_MS = 60 * 60 * 1000;

export type InvitationFact =
  | { kind: 'scheduled'; at: Date }
  | { kind: 'sent'; at: Date }
  | { kind: 'reminded'; at: Date }
  | { kind: 'expired'; at: Date }
  | { kind: 'responded'; at: Date; responseId: string };

export interface InvitationSnapshot {
  id: string;
  tenantId: string;
  version: number;
  handledMessageIds: string[];
  kind: SurveyKind;
  caseId: string | null;
  workOrderId: string | null;
  technicianId: string | null;
  customerId: string | null;
  templateId: string;
  templateVersion: number;
  language: SurveyLanguage;
  status: InvitationStatus;
  scheduledAt: Date;
  sendAt: Date;
  sentAt: Date | null;
  remindAt: Date | null;
  remindedAt: Date | null;
  expiresAt: Date | null;
  respondedAt: Date | null;
  responseId: string | null;
  expiredAt: Date | null;
}

export type InvitationState = Omit<InvitationSnapshot, 'version' | 'handledMessageIds'>;

export interface ScheduleJobSurvey {
  tenantId: string;
  caseId: string;
  workOrderId: string;
  technicianId: string;
  customerId: string | null;
  templateId: string;
  templateVersion: number;
  language: SurveyLanguage;
  /** When the order was verified: the survey goes out from then. */
  at: Date;
}

export interface ScheduleRelationshipSurvey {
  tenantId: string;
  customerId: string;
  templateId: string;
  templateVersion: number;
  language: SurveyLanguage;
  /** The customer's due date (cadence.ts). */
  at: Date;
}

/** The invitation id of a work order's survey: the same order always gives the same id. */
export function jobInvitationId(tenantId: string, workOrderId: string): string {
  return `job-${digest(`${tenantId}|${workOrderId}`)}`;
}

export function relationshipInvitationId(tenantId: string, customerId: string, dueAt: Date): string {
  return `rel-${digest(`${tenantId}|${customerId}|${dueAt.toISOString()}`)}`;
}

export class SurveyInvitation extends AggregateRoot<InvitationFact> {
  private constructor(
    private readonly s: InvitationState,
    version: number,
    handled: readonly string[],
  ) {
    super(s.id, s.tenantId, version, handled);
  }

  static scheduleForWorkOrder(cmd: ScheduleJobSurvey): SurveyInvitation {
    const errors = required(cmd, ['tenantId', 'caseId', 'workOrderId', 'technicianId', 'templateId']);
    throwIfAny(errors);
    return SurveyInvitation.schedule(jobInvitationId(cmd.tenantId, cmd.workOrderId), 'job', cmd, {
      caseId: cmd.caseId,
      workOrderId: cmd.workOrderId,
      technicianId: cmd.technicianId,
      customerId: cmd.customerId,
    });
  }

  static scheduleRelationship(cmd: ScheduleRelationshipSurvey): SurveyInvitation {
    throwIfAny(required(cmd, ['tenantId', 'customerId', 'templateId']));
    return SurveyInvitation.schedule(relationshipInvitationId(cmd.tenantId, cmd.customerId, cmd.at), 'relationship', cmd, {
      caseId: null,
      workOrderId: null,
      technicianId: null,
      customerId: cmd.customerId,
    });
  }

  private static schedule(
    id: string,
    kind: SurveyKind,
    cmd: { tenantId: string; templateId: string; templateVersion: number; language: SurveyLanguage; at: Date },
    subject: Pick<InvitationState, 'caseId' | 'workOrderId' | 'technicianId' | 'customerId'>,
  ): SurveyInvitation {
    const errors: FieldError[] = [];
    if (!Number.isInteger(cmd.templateVersion) || cmd.templateVersion < 1) errors.push({ field: 'templateVersion', message: 'must be an integer from 1' });
    if (cmd.language !== 'zh' && cmd.language !== 'en') errors.push({ field: 'language', message: 'must be zh or en' });
    if (!(cmd.at instanceof Date) || Number.isNaN(cmd.at.getTime())) errors.push({ field: 'at', message: 'must be an instant' });
    throwIfAny(errors);
    const invitation = new SurveyInvitation(
      {
        id,
        tenantId: cmd.tenantId,
        kind,
        ...subject,
        templateId: cmd.templateId,
        templateVersion: cmd.templateVersion,
        language: cmd.language,
        status: 'scheduled',
        scheduledAt: cmd.at,
        sendAt: cmd.at,
        sentAt: null,
        remindAt: null,
        remindedAt: null,
        expiresAt: null,
        respondedAt: null,
        responseId: null,
        expiredAt: null,
      },
      0,
      [],
    );
    invitation.record({ kind: 'scheduled', at: cmd.at });
    return invitation;
  }

  static fromSnapshot(snapshot: InvitationSnapshot): SurveyInvitation {
    const { version, handledMessageIds, ...state } = snapshot;
    return new SurveyInvitation(structuredClone(state), version, handledMessageIds);
  }

  toSnapshot(): InvitationSnapshot {
    return { ...structuredClone(this.s), version: this.version, handledMessageIds: [...this.handledMessageIds] };
  }

  get state(): Readonly<InvitationState> {
    return structuredClone(this.s);
  }

  get status(): InvitationStatus {
    return this.s.status;
  }

  get expiresAt(): Date | null {
    return this.s.expiresAt;
  }

  /** When a background pass must look at it next (null: nothing more will happen by itself). */
  get nextCheckAt(): Date | null {
    switch (this.s.status) {
      case 'scheduled':
        return this.s.sendAt;
      case 'sent':
        return this.s.remindAt;
      case 'reminded':
        return this.s.expiresAt;
      default:
        return null;
    }
  }

  /** Whether a scheduled invitation's time to go out has come (a relationship survey waits for its due date). */
  isDueToSend(now: Date): boolean {
    return this.s.status === 'scheduled' && now.getTime() >= this.s.sendAt.getTime();
  }

  /**
   * A scheduled relationship survey moves to `sendAt` (the customer's cadence changed); the id
   * stays. Once sent it cannot move.
   */
  reschedule(sendAt: Date): void {
    if (this.s.status !== 'scheduled') throw surveyError(SURVEY_ERRORS.INVITATION_INVALID, `invitation ${this.id} is ${this.s.status}: only a scheduled one can move`, 'rule');
    if (this.s.kind !== 'relationship') throw surveyError(SURVEY_ERRORS.INVITATION_INVALID, `invitation ${this.id} follows a work order: it goes out when the order is verified`, 'rule');
    if (!(sendAt instanceof Date) || Number.isNaN(sendAt.getTime())) throw invalidFields(SURVEY_ERRORS.INVITATION_INVALID, 'survey invitation is invalid', [{ field: 'sendAt', message: 'must be an instant' }]);
    if (sendAt.getTime() === this.s.sendAt.getTime()) return;
    this.s.sendAt = sendAt;
  }

  /** scheduled → sent: the link went out; reminder and expiry count from now (tenant settings). */
  send(settings: Pick<SurveySettings, 'remindAfterHours' | 'expireAfterHours'>, at: Date): void {
    this.s.status = machine.next(this.s.status, 'send');
    this.s.sentAt = at;
    this.s.remindAt = new Date(at.getTime() + settings.remindAfterHours * HOUR_MS);
    this.s.expiresAt = new Date(at.getTime() + settings.expireAfterHours * HOUR_MS);
    this.record({ kind: 'sent', at });
  }

  /** sent → reminded, once the reminder time has come and the link still lives. */
  remind(at: Date): void {
    const next = machine.next(this.s.status, 'remind');
    if (this.s.remindAt && at < this.s.remindAt) throw surveyError(SURVEY_ERRORS.INVITATION_INVALID, `invitation ${this.id} is reminded only from ${this.s.remindAt.toISOString()}`, 'rule');
    if (this.isExpiredAt(at)) throw surveyError(SURVEY_ERRORS.LINK_GONE, `invitation ${this.id} has expired`, 'rule');
    this.s.status = next;
    this.s.remindedAt = at;
    this.record({ kind: 'reminded', at });
  }

  /** sent | reminded → expired, once the link's time is over. */
  expire(at: Date): void {
    const next = machine.next(this.s.status, 'expire');
    if (!this.isExpiredAt(at)) throw surveyError(SURVEY_ERRORS.INVITATION_INVALID, `invitation ${this.id} expires only at ${this.s.expiresAt?.toISOString()}`, 'rule');
    this.s.status = next;
    this.s.expiredAt = at;
    this.record({ kind: 'expired', at });
  }

  /**
   * What time alone does to a sent invitation at `now` (the lifecycle job): past its expiry it
   * expires — a late pass never sends a reminder for a dead link — otherwise past its reminder
   * time a `sent` one is reminded. Null: nothing is due (answered, expired, or not yet time).
   */
  passTime(now: Date): 'reminded' | 'expired' | null {
    if (machine.can(this.s.status, 'expire') && this.isExpiredAt(now)) {
      this.expire(now);
      return 'expired';
    }
    if (machine.can(this.s.status, 'remind') && this.s.remindAt && now >= this.s.remindAt) {
      this.remind(now);
      return 'reminded';
    }
    return null;
  }

  /** Whether the link can be answered now: 410 for an answered or expired one. */
  assertAnswerable(at: Date): void {
    if (this.s.status === 'responded') throw surveyError(SURVEY_ERRORS.LINK_GONE, 'this survey has already been answered', 'rule', { status: 'responded' });
    if (this.s.status === 'expired' || this.isExpiredAt(at)) throw surveyError(SURVEY_ERRORS.LINK_GONE, 'this survey link has expired', 'rule', { status: 'expired' });
    if (!machine.can(this.s.status, 'respond')) throw surveyError(SURVEY_ERRORS.INVITATION_NOT_FOUND, 'this survey has not been sent', 'not_found');
  }

  /** sent | reminded → responded: the one answer of the link. */
  respond(responseId: string, at: Date): void {
    this.assertAnswerable(at);
    this.s.status = machine.next(this.s.status, 'respond');
    this.s.respondedAt = at;
    this.s.responseId = responseId;
    this.record({ kind: 'responded', at, responseId });
  }

  protected toIntegrationEvent(fact: InvitationFact): DomainEvent {
    return invitationEventOf(fact, this.s);
  }

  private isExpiredAt(at: Date): boolean {
    return this.s.expiresAt !== null && at.getTime() >= this.s.expiresAt.getTime();
  }
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

function required(cmd: object, fields: string[]): FieldError[] {
  const values = cmd as Record<string, unknown>;
  return fields.filter((f) => typeof values[f] !== 'string' || !(values[f] as string).trim()).map((field) => ({ field, message: 'is required' }));
}

function throwIfAny(errors: FieldError[]): void {
  if (errors.length) throw invalidFields(SURVEY_ERRORS.INVITATION_INVALID, 'survey invitation is invalid', errors);
}
