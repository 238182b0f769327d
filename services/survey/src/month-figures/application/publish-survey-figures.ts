import { Injectable } from '@nestjs/common';
import { MonthFiguresPublication, MonthFiguresPublicationRepository, publicationIdOf } from '@aftercare/month-figures';
import { DuplicateKeyError } from '@aftercare/persistence';
import { ResponseRepository } from '../../survey/infrastructure/response.repository';
import { surveyMonthFigures } from '../domain/survey-month-figures';

/**
 * Publishes survey's figures of a closed month for the monthly report, once: a response belongs
 * to the month it was submitted in, so a closed month's figures do not change afterwards.
 */
@Injectable()
export class PublishSurveyFigures {
  constructor(
    private readonly responses: ResponseRepository,
    private readonly publications: MonthFiguresPublicationRepository,
  ) {}

  /** True when it published now; false when the month was published before. */
  async ofClosedMonth(tenantId: string, month: string, now: Date): Promise<boolean> {
    if (await this.publications.findById(tenantId, publicationIdOf(tenantId, month))) return false;
    const responses = (await this.responses.ofMonth(tenantId, month)).map((r) => {
      const s = r.toSnapshot();
      return { technicianId: s.technicianId, submittedAt: s.submittedAt, ratings: s.ratings };
    });
    try {
      await this.publications.save(MonthFiguresPublication.publish('survey', tenantId, month, surveyMonthFigures(month, responses), now));
      return true;
    } catch (error) {
      if (error instanceof DuplicateKeyError) return false; // another instance published it first
      throw error;
    }
  }
}
