import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PeriodicTask } from '@aftercare/http';
import { ConcurrencyError, MongoDueWorkStore, type PassReport } from '@aftercare/persistence';
import { SURVEY_CONFIG, type SurveyConfig } from '../../config/config';
import type { SurveyInvitation } from '../domain';
import { CaseContactStore } from '../infrastructure/case-contact.store';
import { INVITATION_LIFECYCLE_JOB, InvitationRepository, type ClaimedInvitation } from '../infrastructure/invitation.repository';
import { AnswerLinks } from './answer-links';
import { RelationshipSurveys } from './relationship-surveys';
import { surveyLinkRequest } from './survey-link-request';

/** How long one instance holds an invitation it claimed before another may take it over. */
export const LIFECYCLE_LEASE_MS = 60_000;

export interface LifecyclePassResult {
  checked: number;
  /** Relationship surveys whose due date came: their link went out. */
  sent: number;
  reminded: number;
  expired: number;
  /** Checks that threw: the invitation stays due and is looked at again after its lease. */
  failed: number;
}

/**
 * The reminder and expiry job (design: `sent → reminded → responded | expired`, times per tenant
 * from its settings, fixed on the invitation when it was sent). Every
 * `SURVEY_LIFECYCLE_INTERVAL_MS` a pass finds the invitations due by the due index (never a scan
 * of the invitations) and leases each, so two instances never handle one at once. A due reminder
 * is recorded and the same link goes out again as a notification request (template
 * `survey-reminder`) in the same write; a link past its expiry is recorded `expired` (no reminder
 * for a dead link). An answer that came in meanwhile wins: the version guard refuses the job's
 * save and the answered invitation needs nothing more.
 */
@Injectable()
export class InvitationLifecycleJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('survey.lifecycle');
  private readonly task = new PeriodicTask('survey.lifecycle', (now) => this.pass(now), (result) => {
    if (result.sent || result.reminded || result.expired) this.logger.log(`invitations: ${result.sent} sent, ${result.reminded} reminded, ${result.expired} expired of ${result.checked} due`);
  });

  constructor(
    private readonly invitations: InvitationRepository,
    private readonly contacts: CaseContactStore,
    private readonly links: AnswerLinks,
    private readonly relationshipSurveys: RelationshipSurveys,
    @Inject(SURVEY_CONFIG) private readonly config: SurveyConfig,
    private readonly dueWork: MongoDueWorkStore,
  ) {}

  /** Idle passes space out (up to a minute); an invitation saved in this process wakes the pass for its next step (ADR 0045). */
  onApplicationBootstrap(): void {
    this.task.start(this.config.SURVEY_LIFECYCLE_INTERVAL_MS, { idle: { when: (result) => result.checked === 0 && result.failed === 0 } });
    this.dueWork.whenScheduled(INVITATION_LIFECYCLE_JOB, (due) => this.task.wakeAt(due));
  }

  /** Shutdown: no new pass; the one in flight finishes before the store closes. */
  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  /** One pass at `now`, besides the timer's (tests call it with chosen instants). */
  runOnce(now: Date): Promise<LifecyclePassResult> {
    return this.task.runOnce(now);
  }

  private async pass(now: Date): Promise<LifecyclePassResult> {
    const result: LifecyclePassResult = { checked: 0, sent: 0, reminded: 0, expired: 0, failed: 0 };
    const options = { limit: this.config.SURVEY_LIFECYCLE_BATCH, leaseMs: LIFECYCLE_LEASE_MS, stopped: () => this.task.stopped };
    const report: PassReport = await this.invitations.passDueChecks(now, options, async (claimed) => {
      const outcome = await this.check(claimed, now);
      if (outcome === 'sent') result.sent += 1;
      if (outcome === 'reminded') result.reminded += 1;
      if (outcome === 'expired') result.expired += 1;
    });
    return { ...result, checked: report.claimed, failed: report.failed };
  }

  private async check(claimed: ClaimedInvitation, now: Date): Promise<'sent' | 'reminded' | 'expired' | null> {
    const invitation = await this.invitations.findById(claimed.item.tenantId, claimed.item._id);
    if (invitation?.status === 'scheduled') return this.sendWhenDue(claimed, invitation, now);
    const outcome = invitation?.passTime(now) ?? null;
    if (!invitation || !outcome) {
      await this.invitations.endCheck(claimed);
      return null;
    }
    const state = invitation.state;
    const alsoPublish = [];
    if (outcome === 'reminded' && state.caseId) {
      const contact = await this.contacts.find(state.tenantId, state.caseId);
      // The invitation was sent to this contact: its absence is a fault, retried after the lease.
      if (!contact) throw new Error(`invitation ${invitation.id}: the contact of case ${state.caseId} is missing`);
      alsoPublish.push(surveyLinkRequest(invitation, contact, this.links, 'survey-reminder', now));
    }
    if (outcome === 'reminded' && state.kind === 'relationship') alsoPublish.push(await this.relationshipSurveys.reminder(invitation, now));
    try {
      await this.invitations.save(invitation, { alsoPublish });
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      // Answered meanwhile: that save moved the next check.
      await this.invitations.endCheck(claimed);
      return null;
    }
    await this.invitations.endCheck(claimed);
    return outcome;
  }

  /** A scheduled (relationship) invitation whose due date has come goes out; a save that lost a race is looked at again. */
  private async sendWhenDue(claimed: ClaimedInvitation, invitation: SurveyInvitation, now: Date): Promise<'sent' | null> {
    let sent = false;
    try {
      sent = await this.relationshipSurveys.sendDue(invitation, now);
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
    }
    await this.invitations.endCheck(claimed);
    return sent ? 'sent' : null;
  }
}
