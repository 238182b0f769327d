import { Injectable } from '@nestjs/common';
import { DomainError } from '@aftercare/ddd';
import { ConcurrencyError, DuplicateKeyError } from '@aftercare/persistence';
import { SURVEY_ERRORS, SurveyInvitation, SurveyResponse, surveyError, type SubmittedAnswers, type SurveyTemplate } from '../domain';
import { InvitationRepository } from '../infrastructure/invitation.repository';
import { ResponseRepository } from '../infrastructure/response.repository';
import { SurveySettingsStore } from '../infrastructure/survey-settings.store';
import { TemplateStore } from '../infrastructure/template.store';
import { AnswerLinks } from './answer-links';

/** What the answer page shows: the questions of the invitation's template version, in its language. */
export interface OpenSurvey {
  invitation: SurveyInvitation;
  template: SurveyTemplate;
}

/**
 * Answering through the link, no login: an altered token names nothing (404), an expired or
 * answered link is gone (410), the answers are checked against the invitation's template version.
 * The response is stored first (its id derives from the invitation, so a second answer is a
 * duplicate key even when two race), then the invitation is marked responded.
 */
@Injectable()
export class AnswerSurvey {
  constructor(
    private readonly links: AnswerLinks,
    private readonly invitations: InvitationRepository,
    private readonly responses: ResponseRepository,
    private readonly templates: TemplateStore,
    private readonly settings: SurveySettingsStore,
  ) {}

  /** The survey behind a link that can still be answered. */
  async open(token: string, now = new Date()): Promise<OpenSurvey> {
    const invitation = await this.invitationOf(token, now);
    invitation.assertAnswerable(now);
    return { invitation, template: await this.templateOf(invitation) };
  }

  /** The invitation behind a genuine link, whatever its state (the thanks page reads it). */
  async invitationOf(token: string, now = new Date()): Promise<SurveyInvitation> {
    const check = this.links.check(token, now);
    if (!check.ok && check.reason !== 'expired') throw notFound();
    const claims = check.ok ? check.claims : check.claims;
    const invitation = claims ? await this.invitations.findById(claims.tenantId, claims.invitationId) : null;
    if (!invitation) throw notFound();
    if (!check.ok) {
      if (invitation.status === 'responded') throw gone('this survey has already been answered', 'responded');
      throw gone('this survey link has expired', 'expired');
    }
    return invitation;
  }

  async submit(token: string, answers: SubmittedAnswers, now = new Date()): Promise<SurveyResponse> {
    const { invitation, template } = await this.open(token, now);
    const settings = await this.settings.of(invitation.tenantId);
    const response = SurveyResponse.submit(invitation.state, template, answers, settings, now);
    try {
      // The response belongs to the invitation's trace (its case's), not to the answering request's.
      await this.invitations.inTraceOfAggregate(invitation, () => this.responses.save(response));
    } catch (error) {
      if (error instanceof DuplicateKeyError) throw gone('this survey has already been answered', 'responded');
      throw error;
    }
    await this.markResponded(invitation, response.id, now);
    return response;
  }

  /** The invitation follows its stored response; a concurrent change (a reminder) is read again once. */
  private async markResponded(invitation: SurveyInvitation, responseId: string, now: Date): Promise<void> {
    let current: SurveyInvitation | null = invitation;
    for (let attempt = 0; attempt < 3 && current; attempt += 1) {
      if (current.status === 'responded') return;
      current.respond(responseId, now);
      try {
        await this.invitations.save(current);
        return;
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        current = await this.invitations.findById(invitation.tenantId, invitation.id);
      }
    }
    throw new Error(`invitation ${invitation.id} could not be marked responded to ${responseId}`);
  }

  private async templateOf(invitation: SurveyInvitation): Promise<SurveyTemplate> {
    const { tenantId, templateId, templateVersion } = invitation.state;
    const template = await this.templates.version(tenantId, templateId, templateVersion);
    if (!template) throw new Error(`template ${templateId} v${templateVersion} of invitation ${invitation.id} is missing`);
    return template;
  }
}

function notFound(): DomainError {
  return surveyError(SURVEY_ERRORS.INVITATION_NOT_FOUND, 'there is no survey at this link', 'not_found');
}

function gone(message: string, status: 'responded' | 'expired'): DomainError {
  return surveyError(SURVEY_ERRORS.LINK_GONE, message, 'rule', { status });
}
