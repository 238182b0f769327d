import { randomUUID } from 'node:crypto';
import { NOTIFICATION_REQUESTED_V1, NOTIFICATION_REQUESTED_V2, TOPICS, type NotificationRequestedV1, type NotificationRequestedV2 } from '@aftercare/contracts';
import type { AccompanyingMessage } from '@aftercare/persistence';
import type { SurveyInvitation } from '../domain';
import type { CaseContact } from '../infrastructure/case-contact.store';
import type { CustomerContact } from '../infrastructure/relationship-schedule.store';
import type { AnswerLinks } from './answer-links';

/** The gateway's templates: the first message with the link, and the reminder with the same link. */
export type SurveyLinkTemplate = 'survey-invitation' | 'survey-reminder';

/** The gateway's templates of a relationship survey (no job to name). */
export type RelationshipLinkTemplate = 'relationship-survey-invitation' | 'relationship-survey-reminder';

/**
 * The notification request carrying an invitation's link, written in the same store write as the
 * invitation (its outbox). The link is the same for the invitation and its reminder: the token
 * names the invitation and its expiry, both unchanged.
 */
export function surveyLinkRequest(invitation: SurveyInvitation, contact: CaseContact, links: AnswerLinks, template: SurveyLinkTemplate, now: Date): AccompanyingMessage {
  const common = linkRequestOf(invitation, contact, links, template, now);
  const data: NotificationRequestedV1 = { ...common, caseId: contact.caseId, parameters: { ...common.parameters, workOrderId: invitation.state.workOrderId } };
  return { topic: TOPICS.notificationRequests.name, type: NOTIFICATION_REQUESTED_V1, data, caseId: contact.caseId };
}

/**
 * The notification request carrying a relationship survey's link: about the customer, no case,
 * so the v2 request (caseId null, customerId set), keyed by the customer.
 */
export function relationshipLinkRequest(invitation: SurveyInvitation, contact: CustomerContact, links: AnswerLinks, template: RelationshipLinkTemplate, now: Date): AccompanyingMessage {
  const { customerId } = invitation.state;
  const data: NotificationRequestedV2 = { ...linkRequestOf(invitation, contact, links, template, now), caseId: null, customerId };
  return { topic: TOPICS.notificationRequests.name, type: NOTIFICATION_REQUESTED_V2, data, subject: customerId ?? invitation.id };
}

/** What every link request says, whichever version carries it. */
function linkRequestOf(invitation: SurveyInvitation, contact: CustomerContact, links: AnswerLinks, template: string, now: Date): Omit<NotificationRequestedV2, 'caseId' | 'customerId'> {
  const state = invitation.state;
  const expiresAt = state.expiresAt as Date;
  return {
    notificationId: `survey-${invitation.id}-${randomUUID()}`,
    tenantId: state.tenantId,
    purpose: 'survey_link',
    recipient: { name: contact.name, phone: contact.phone, email: contact.email },
    template,
    parameters: {
      link: links.linkFor({ tenantId: state.tenantId, invitationId: invitation.id, expiresAt }),
      expiresAt: expiresAt.toISOString(),
      language: state.language,
    },
    requestedBy: 'survey',
    requestedAt: now.toISOString(),
  };
}
