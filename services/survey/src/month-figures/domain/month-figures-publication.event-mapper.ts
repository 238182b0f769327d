/** The one place where a publication's fact becomes its event (topic `aftercare.public.month-figures.v1`). */
import type { DomainEvent } from '@aftercare/ddd';
import { SURVEY_MONTH_FIGURES_PUBLISHED_V1, type SurveyMonthFiguresPublishedV1 } from '@aftercare/contracts';
import type { PublicationFact, PublicationState } from './month-figures-publication';

export function publicationEventOf(fact: PublicationFact, s: Readonly<PublicationState>): DomainEvent<SurveyMonthFiguresPublishedV1> {
  return {
    type: SURVEY_MONTH_FIGURES_PUBLISHED_V1,
    occurredAt: fact.at,
    data: { tenantId: s.tenantId, month: s.month, publishedAt: fact.at.toISOString(), figures: structuredClone(s.figures) },
  };
}
