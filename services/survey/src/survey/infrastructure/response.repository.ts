import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Schema, type Connection } from 'mongoose';
import type { Filter } from 'mongodb';
import { TOPICS } from '@aftercare/contracts';
import { OutboxRelay } from '@aftercare/messaging';
import { AggregateRepository, MONGO_CONNECTION, type AggregateDocument } from '@aftercare/persistence';
import { SurveyResponse, type ResponseSnapshot, type ScoredResponse } from '../domain';

export type ResponseDocument = AggregateDocument & Omit<ResponseSnapshot, 'id' | 'tenantId' | 'version'>;

const schema = new Schema<ResponseDocument>(
  { _id: String, tenantId: String, version: Number },
  { collection: 'responses', strict: false, versionKey: false, autoIndex: false },
);
// A month's responses: for the scores and the month figures (reads for staff and once per closed month, never per message: a scan on the embedded store).
schema.index({ tenantId: 1, month: 1 });

/**
 * Survey responses. A response's id derives from its invitation: the `_id` index refuses a second
 * answer even when two arrive at once (the second insert is a duplicate key: 410).
 */
@Injectable()
export class ResponseRepository extends AggregateRepository<SurveyResponse, ResponseDocument> implements OnModuleInit {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection.models.SurveyResponse ?? connection.model<ResponseDocument>('SurveyResponse', schema), 'survey response', {
      topic: TOPICS.surveyResponseEvents.name,
      source: '/aftercare/survey',
      relay,
    });
  }

  async onModuleInit(): Promise<void> {
    await this.ensureIndexes();
  }

  /** The responses scored in a month (tenant time zone): once per closed month, never on a hot path. */
  async ofMonth(tenantId: string, month: string): Promise<SurveyResponse[]> {
    return (await this.findOfMonth(tenantId, month)).map((d) => this.toAggregate(d as ResponseDocument));
  }

  /** The ratings of a tenant's month (`YYYY-MM` in its time zone), as scoring needs them. */
  async scoredInMonth(tenantId: string, month: string): Promise<ScoredResponse[]> {
    const documents = await this.findOfMonth(tenantId, month, { technicianId: 1, submittedAt: 1, ratings: 1 });
    return documents.map((d) => ({ technicianId: d.technicianId ?? null, submittedAt: d.submittedAt, ratings: d.ratings ?? [] }));
  }

  /** A month's responses, whole or projected (a scan on the embedded store: see the `tenantId, month` index above). */
  private findOfMonth(tenantId: string, month: string, projection?: Record<string, 1>) {
    return this.collection.find({ tenantId, month } as Filter<ResponseDocument>, projection ? { projection } : {}).toArray();
  }

  protected toDocument(response: SurveyResponse): Record<string, unknown> {
    const { id: _id, tenantId: _tenant, version: _version, ...state } = response.toSnapshot();
    return state;
  }

  protected toAggregate(document: ResponseDocument): SurveyResponse {
    const { _id, _outbox, _outboxPending, _outboxSince, _outboxLeaseUntil, _outboxClaim, _handled, _trace, ...state } = document;
    return SurveyResponse.fromSnapshot({ ...(state as unknown as ResponseSnapshot), id: _id });
  }
}
