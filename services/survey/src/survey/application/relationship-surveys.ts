import { Inject, Injectable } from '@nestjs/common';
import { ConcurrencyError, DuplicateKeyError, type AccompanyingMessage } from '@aftercare/persistence';
import { SURVEY_CONFIG, type SurveyConfig } from '../../config/config';
import { SURVEY_ERRORS, SurveyInvitation, changeCadence, enrol, surveyError, surveySent, type Cadence } from '../domain';
import { InvitationRepository } from '../infrastructure/invitation.repository';
import { RelationshipScheduleStore, type CustomerContact, type StoredRelationshipSchedule } from '../infrastructure/relationship-schedule.store';
import { SurveySettingsStore } from '../infrastructure/survey-settings.store';
import { TemplateStore } from '../infrastructure/template.store';
import { AnswerLinks } from './answer-links';
import { relationshipLinkRequest } from './survey-link-request';

/** A schedule changed by the customer while the tenant's change moves it is read again, this many times at most. */
const CHANGE_ATTEMPTS = 3;

/**
 * Periodic relationship surveys per customer (source 002 §3, source 003 §3 and §7.4; cadence in
 * `domain/cadence.ts`). A customer is enrolled when intake first registers a case of theirs, on
 * the tenant's cadence; the survey due next is a `scheduled` invitation whose send time is the
 * due date, so the lifecycle job's due index finds it (no scan of customers). When it is due the
 * link goes to the customer (a v2 notification request: no case) and the next one is scheduled.
 * A cadence change, the customer's or the tenant's (for the customers without one), moves the
 * waiting invitation to the new date, counted from the same anchor.
 */
@Injectable()
export class RelationshipSurveys {
  constructor(
    private readonly schedules: RelationshipScheduleStore,
    private readonly invitations: InvitationRepository,
    private readonly templates: TemplateStore,
    private readonly settings: SurveySettingsStore,
    private readonly links: AnswerLinks,
    @Inject(SURVEY_CONFIG) private readonly config: SurveyConfig,
  ) {}

  /** The customer's schedule (404 when never enrolled). */
  async of(tenantId: string, customerId: string): Promise<StoredRelationshipSchedule> {
    const schedule = await this.schedules.find(tenantId, customerId);
    if (!schedule) throw surveyError(SURVEY_ERRORS.RELATIONSHIP_SCHEDULE_NOT_FOUND, `customer ${customerId} has no relationship-survey schedule`, 'not_found');
    return schedule;
  }

  /**
   * First case of the customer: enrolled on the tenant's cadence from `at`. The schedule is
   * written first and only the write that created it schedules the invitation, so two cases of a
   * new customer handled at once enrol once; a later case refreshes the contact.
   */
  async enrol(tenantId: string, customerId: string, contact: CustomerContact, at = new Date()): Promise<void> {
    const { relationshipCadence } = await this.settings.of(tenantId);
    const schedule = enrol(customerId, relationshipCadence, at);
    const invitation = await this.relationshipInvitation(tenantId, customerId, schedule.nextAt);
    const enrolled = await this.schedules.enrol({ ...schedule, tenantId, version: 1, cadenceOfCustomer: false, invitationId: invitation.id, language: this.config.SURVEY_DEFAULT_LANGUAGE, contact });
    if (enrolled) await this.saveScheduled(invitation);
  }

  /**
   * The customer's own cadence: the next date moves (same anchor), and the waiting invitation with
   * it. `expectedVersion` (the client's If-Match) must be the stored one.
   */
  async changeCadence(tenantId: string, customerId: string, cadence: Cadence, expectedVersion?: number): Promise<StoredRelationshipSchedule> {
    const schedule = await this.of(tenantId, customerId);
    if (expectedVersion !== undefined && expectedVersion !== schedule.version) throw new ConcurrencyError('relationship schedule', customerId, expectedVersion);
    return this.move(tenantId, { ...schedule, ...changeCadence(schedule, cadence), cadenceOfCustomer: true });
  }

  /** The schedule's next date moved: the waiting invitation moves with it, then the schedule is written. */
  private async move(tenantId: string, changed: StoredRelationshipSchedule): Promise<StoredRelationshipSchedule> {
    const waiting = await this.invitations.findById(tenantId, changed.invitationId);
    if (waiting?.status === 'scheduled') {
      waiting.reschedule(changed.nextAt);
      await this.invitations.save(waiting);
    }
    return this.schedules.replace(changed);
  }

  /**
   * The tenant's cadence changed: each customer without a cadence of their own moves to it (same
   * anchor), with the waiting invitation. Returns how many moved. A customer that changes at the
   * same moment is read again (its own cadence then wins).
   */
  async followTenantCadence(tenantId: string, cadence: Cadence): Promise<number> {
    let moved = 0;
    for (const listed of await this.schedules.followingTheTenant(tenantId)) {
      for (let attempt = 1; ; attempt += 1) {
        const schedule = attempt === 1 ? listed : await this.of(tenantId, listed.customerId);
        if (schedule.cadenceOfCustomer || schedule.cadence === cadence) break;
        try {
          await this.move(tenantId, { ...schedule, ...changeCadence(schedule, cadence) });
          moved += 1;
          break;
        } catch (error) {
          if (!(error instanceof ConcurrencyError) || attempt >= CHANGE_ATTEMPTS) throw error;
        }
      }
    }
    return moved;
  }

  /**
   * The lifecycle job found a relationship invitation due: its link goes to the customer in the
   * invitation's write, then the next survey is scheduled from now. False when it is not due.
   */
  async sendDue(invitation: SurveyInvitation, now: Date): Promise<boolean> {
    const { tenantId, customerId } = invitation.state;
    if (!customerId || !invitation.isDueToSend(now)) return false;
    const [schedule, settings] = await Promise.all([this.of(tenantId, customerId), this.settings.of(tenantId)]);
    // Without a cadence of its own the customer follows the tenant's current one from this round.
    const next = surveySent({ ...schedule, cadence: schedule.cadenceOfCustomer ? schedule.cadence : settings.relationshipCadence }, now);
    // The next survey exists before this one is marked sent: a crash in between loses neither.
    const following = await this.relationshipInvitation(tenantId, customerId, next.nextAt);
    await this.saveScheduled(following);
    invitation.send(settings, now);
    await this.invitations.save(invitation, { alsoPublish: [relationshipLinkRequest(invitation, schedule.contact, this.links, 'relationship-survey-invitation', now)] });
    await this.schedules.replace({ ...schedule, ...next, invitationId: following.id });
    return true;
  }

  /** The reminder of a sent relationship survey: the same link to the customer's contact. */
  async reminder(invitation: SurveyInvitation, now: Date): Promise<AccompanyingMessage> {
    const schedule = await this.of(invitation.tenantId, invitation.state.customerId ?? '');
    return relationshipLinkRequest(invitation, schedule.contact, this.links, 'relationship-survey-reminder', now);
  }

  /** The relationship invitation for `dueAt`, with the tenant's current template (its id derives from customer and date). */
  private async relationshipInvitation(tenantId: string, customerId: string, dueAt: Date): Promise<SurveyInvitation> {
    const template = await this.templates.current(tenantId);
    if (!template) throw new Error(`tenant ${tenantId} has no current survey template`);
    return SurveyInvitation.scheduleRelationship({ tenantId, customerId, templateId: template.id, templateVersion: template.version, language: this.config.SURVEY_DEFAULT_LANGUAGE, at: dueAt });
  }

  /** Saves a new scheduled invitation; one already stored under its id (a repeat) is kept. */
  private async saveScheduled(invitation: SurveyInvitation): Promise<void> {
    try {
      await this.invitations.save(invitation);
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
  }
}
