import { Inject, Injectable } from '@nestjs/common';
import type { WorkOrderVerifiedV1 } from '@aftercare/contracts';
import { DuplicateKeyError } from '@aftercare/persistence';
import { SURVEY_CONFIG, type SurveyConfig } from '../../config/config';
import { SurveyInvitation, jobInvitationId } from '../domain';
import { CaseContactStore } from '../infrastructure/case-contact.store';
import { InvitationRepository } from '../infrastructure/invitation.repository';
import { SurveySettingsStore } from '../infrastructure/survey-settings.store';
import { TemplateStore } from '../infrastructure/template.store';
import { AnswerLinks } from './answer-links';
import { surveyLinkRequest } from './survey-link-request';

export type InvitationOutcome = 'invited' | 'already_invited';

/**
 * A survey after every verified work order, no sampling (source 004 §1.10, R193): the invitation
 * is scheduled and sent at once, the link going out as a notification request in the same write.
 * A redelivered `verified` finds the invitation of its order (the id derives from it) and does
 * nothing. The customer's contact comes from intake's `registered` event; until it has arrived
 * the message is retried.
 */
@Injectable()
export class InviteAfterVerifiedOrder {
  constructor(
    private readonly invitations: InvitationRepository,
    private readonly contacts: CaseContactStore,
    private readonly templates: TemplateStore,
    private readonly settings: SurveySettingsStore,
    private readonly links: AnswerLinks,
    @Inject(SURVEY_CONFIG) private readonly config: SurveyConfig,
  ) {}

  async execute(tenantId: string, order: WorkOrderVerifiedV1, now = new Date()): Promise<InvitationOutcome> {
    if (await this.invitations.findById(tenantId, jobInvitationId(tenantId, order.workOrderId))) return 'already_invited';
    const contact = await this.contacts.find(tenantId, order.caseId);
    // A plain error: retried with backoff, then dead-lettered, never dropped.
    if (!contact) throw new Error(`case ${order.caseId} of work order ${order.workOrderId}: the customer's contact (intake's registered event) has not arrived yet`);
    const template = await this.templates.current(tenantId);
    if (!template) throw new Error(`tenant ${tenantId} has no current survey template`);
    const settings = await this.settings.of(tenantId);
    const invitation = SurveyInvitation.scheduleForWorkOrder({
      tenantId,
      caseId: order.caseId,
      workOrderId: order.workOrderId,
      technicianId: order.technicianId,
      customerId: contact.customerId,
      templateId: template.id,
      templateVersion: template.version,
      language: this.config.SURVEY_DEFAULT_LANGUAGE,
      at: now,
    });
    invitation.send(settings, now);
    try {
      await this.invitations.save(invitation, { alsoPublish: [surveyLinkRequest(invitation, contact, this.links, 'survey-invitation', now)] });
    } catch (error) {
      // Two deliveries of the same order raced: the other one invited.
      if (error instanceof DuplicateKeyError) return 'already_invited';
      throw error;
    }
    return 'invited';
  }
}
