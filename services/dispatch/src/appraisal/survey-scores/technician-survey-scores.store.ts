import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { MONGO_CONNECTION } from '@aftercare/persistence';
import { MonthEntries } from '../month-entries';
import { surveyAverages, type ResponseLevels } from './survey-averages';

/**
 * dispatch's copy of the survey answers its appraisal needs, from survey's public `submitted`
 * events (dispatch never reads survey's database): one document per tenant and month in
 * `technician_survey_scores`, one entry per response. Read and written by `_id` only.
 */
@Injectable()
export class TechnicianSurveyScores implements OnModuleInit {
  private readonly months: MonthEntries<ResponseLevels & { responseId: string }>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.months = new MonthEntries(connection, 'technician_survey_scores', 'responses');
  }

  onModuleInit(): Promise<void> {
    return this.months.prepare();
  }

  /** Records a response's levels in its month; the same response again writes the same entry. */
  record(tenantId: string, month: string, responseId: string, levels: ResponseLevels): Promise<void> {
    return this.months.set(tenantId, month, responseId, { responseId, ...levels });
  }

  /** Per technician, the month's survey average (empty when no survey of the month was answered). */
  async averagesOf(tenantId: string, month: string): Promise<Record<string, number>> {
    return surveyAverages(await this.months.of(tenantId, month));
  }
}
