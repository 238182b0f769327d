/**
 * The one place where an invitation's facts become its public events (topic
 * `survey.public.invitation.events.v1`). Called when a fact is recorded: every event describes
 * the invitation as it was then.
 */
import type { DomainEvent } from '@aftercare/ddd';
import {
  SURVEY_INVITATION_EXPIRED_V1,
  SURVEY_INVITATION_REMINDED_V1,
  SURVEY_INVITATION_RESPONDED_V1,
  SURVEY_INVITATION_SCHEDULED_V1,
  SURVEY_INVITATION_SENT_V1,
  type SurveyInvitationExpiredV1,
  type SurveyInvitationRemindedV1,
  type SurveyInvitationRespondedV1,
  type SurveyInvitationScheduledV1,
  type SurveyInvitationSentV1,
} from '@aftercare/contracts';
import type { InvitationFact, InvitationState } from './invitation';

type Base = Pick<SurveyInvitationSentV1, 'invitationId' | 'tenantId' | 'caseId' | 'kind' | 'workOrderId' | 'technicianId' | 'customerId'>;

export function invitationEventOf(fact: InvitationFact, s: Readonly<InvitationState>): DomainEvent {
  const base: Base = {
    invitationId: s.id,
    tenantId: s.tenantId,
    caseId: s.caseId,
    kind: s.kind,
    workOrderId: s.workOrderId,
    technicianId: s.technicianId,
    customerId: s.customerId,
  };
  const event = <T>(type: string, data: T): DomainEvent<T> => ({ type, data, occurredAt: fact.at, ...(s.caseId ? { caseId: s.caseId } : {}) });
  switch (fact.kind) {
    case 'scheduled':
      return event<SurveyInvitationScheduledV1>(SURVEY_INVITATION_SCHEDULED_V1, {
        ...base,
        templateId: s.templateId,
        templateVersion: s.templateVersion,
        language: s.language,
        sendAt: iso(s.sendAt),
        scheduledAt: iso(fact.at),
      });
    case 'sent':
      return event<SurveyInvitationSentV1>(SURVEY_INVITATION_SENT_V1, { ...base, sentAt: iso(fact.at), remindAt: iso(s.remindAt), expiresAt: iso(s.expiresAt) });
    case 'reminded':
      return event<SurveyInvitationRemindedV1>(SURVEY_INVITATION_REMINDED_V1, { ...base, remindedAt: iso(fact.at), expiresAt: iso(s.expiresAt) });
    case 'expired':
      return event<SurveyInvitationExpiredV1>(SURVEY_INVITATION_EXPIRED_V1, { ...base, expiredAt: iso(fact.at) });
    case 'responded':
      return event<SurveyInvitationRespondedV1>(SURVEY_INVITATION_RESPONDED_V1, { ...base, responseId: fact.responseId, respondedAt: iso(fact.at) });
  }
}

function iso(date: Date | null): string {
  if (!date) throw new Error('an invitation event needs an instant the invitation does not have');
  return date.toISOString();
}
