import { createHash } from 'node:crypto';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Collection, Connection } from 'mongoose';
import { MONGO_CONNECTION, isDuplicateKey, prepareCollection, type UniqueIndex } from '@aftercare/persistence';
import { surveyAverages, type ResponseLevels } from './survey-averages';

interface MonthDocument {
  _id: string;
  tenantId: string;
  month: string;
  /** Keyed by a digest of the response id: a redelivered response sets the same entry. */
  responses: Record<string, ResponseLevels & { responseId: string }>;
}

export const TECHNICIAN_SURVEY_SCORES_UNIQUE_INDEXES: readonly UniqueIndex[] = [];

/** The filter of `technician_survey_scores`, by `_id` (checked by dispatch-query-shapes.spec.ts). */
export const technicianSurveyScoreFilters = {
  byMonth: (tenantId: string, month: string) => ({ _id: `${tenantId}|${month}` }),
};

/**
 * dispatch's copy of the survey answers its appraisal needs, from survey's public `submitted`
 * events (dispatch never reads survey's database): one document per tenant and month, one entry
 * per response. Read and written by `_id` only.
 */
@Injectable()
export class TechnicianSurveyScores implements OnModuleInit {
  private readonly collection: Collection<MonthDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.collection = connection.collection<MonthDocument>('technician_survey_scores') as unknown as Collection<MonthDocument>;
  }

  async onModuleInit(): Promise<void> {
    await prepareCollection(this.collection, { unique: TECHNICIAN_SURVEY_SCORES_UNIQUE_INDEXES });
  }

  /** Records a response's levels in its month; the same response again writes the same entry. */
  async record(tenantId: string, month: string, responseId: string, levels: ResponseLevels): Promise<void> {
    const entry = `responses.${createHash('sha256').update(responseId).digest('hex').slice(0, 32)}`;
    const write = () =>
      this.collection.updateOne(
        technicianSurveyScoreFilters.byMonth(tenantId, month) as never,
        { $set: { [entry]: { responseId, ...levels } }, $setOnInsert: { tenantId, month } } as never,
        { upsert: true },
      );
    try {
      await write();
    } catch (error) {
      // Two first responses of a month raced on the insert: the second run updates.
      if (!isDuplicateKey(error)) throw error;
      await write();
    }
  }

  /** Per technician, the month's survey average (empty when no survey of the month was answered). */
  async averagesOf(tenantId: string, month: string): Promise<Record<string, number>> {
    const document = await this.collection.findOne(technicianSurveyScoreFilters.byMonth(tenantId, month) as never);
    if (!document || document.tenantId !== tenantId) return {};
    return surveyAverages(Object.values(document.responses ?? {}));
  }
}
