import { Injectable } from '@nestjs/common';
import { scoreMonth, type MonthScore } from '../domain';
import { ResponseRepository } from '../infrastructure/response.repository';
import { SurveySettingsStore } from '../infrastructure/survey-settings.store';

/** A tenant's satisfaction scores of a month, against its target for that year. */
@Injectable()
export class SurveyScores {
  constructor(
    private readonly responses: ResponseRepository,
    private readonly settings: SurveySettingsStore,
  ) {}

  async ofMonth(tenantId: string, month: string): Promise<MonthScore> {
    const [responses, settings] = await Promise.all([this.responses.scoredInMonth(tenantId, month), this.settings.of(tenantId)]);
    return scoreMonth(month, responses, settings);
  }
}
