/**
 * The one place where a response's facts become its public events (topic
 * `survey.public.response.events.v1`).
 */
import type { DomainEvent } from '@aftercare/ddd';
import {
  SURVEY_RESPONSE_LOW_SCORE_RECEIVED_V1,
  SURVEY_RESPONSE_SUBMITTED_V1,
  type SurveyResponseLowScoreReceivedV1,
  type SurveyResponseSubmittedV1,
} from '@aftercare/contracts';
import type { ResponseFact, ResponseState } from './response';

export function responseEventOf(fact: ResponseFact, s: Readonly<ResponseState>): DomainEvent {
  const base = {
    responseId: s.id,
    invitationId: s.invitationId,
    tenantId: s.tenantId,
    caseId: s.caseId,
    workOrderId: s.workOrderId,
    technicianId: s.technicianId,
    customerId: s.customerId,
  };
  const event = <T>(type: string, data: T): DomainEvent<T> => ({ type, data, occurredAt: fact.at, ...(s.caseId ? { caseId: s.caseId } : {}) });
  switch (fact.kind) {
    case 'submitted':
      return event<SurveyResponseSubmittedV1>(SURVEY_RESPONSE_SUBMITTED_V1, {
        ...base,
        kind: s.kind,
        templateId: s.templateId,
        templateVersion: s.templateVersion,
        ratings: s.ratings.map((r) => ({ criterion: r.criterion, level: r.level, levels: r.levels, satisfied: r.satisfied })),
        csat: s.csat,
        nps: s.nps,
        comment: s.comment,
        lowScore: s.lowCriteria.length > 0,
        submittedAt: fact.at.toISOString(),
      });
    case 'low_score_received':
      return event<SurveyResponseLowScoreReceivedV1>(SURVEY_RESPONSE_LOW_SCORE_RECEIVED_V1, {
        ...base,
        lowCriteria: fact.lowCriteria.map((c) => ({ criterion: c.criterion, level: c.level, threshold: c.threshold })),
        comment: s.comment,
        receivedAt: fact.at.toISOString(),
      });
  }
}
