import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Schema, type Connection } from 'mongoose';
import { TOPICS } from '@aftercare/contracts';
import { OutboxRelay } from '@aftercare/messaging';
import { AggregateRepository, MONGO_CONNECTION, type AggregateDocument } from '@aftercare/persistence';
import { MonthFollowUp, type MonthFollowUpSnapshot } from '../domain';

export type MonthFollowUpDocument = AggregateDocument & Omit<MonthFollowUpSnapshot, 'id' | 'tenantId' | 'version'>;

const schema = new Schema<MonthFollowUpDocument>(
  { _id: String, tenantId: String, version: Number },
  { collection: 'month_follow_ups', strict: false, versionKey: false, autoIndex: false },
);

/**
 * The months' follow-ups, `_id` = `<tenant>|<month>`: the `_id` index is what keeps a month to one
 * follow-up when it is reviewed twice (a second insert is a duplicate key). The event leaves
 * through the document's outbox in the same write.
 */
@Injectable()
export class MonthFollowUpRepository extends AggregateRepository<MonthFollowUp, MonthFollowUpDocument> implements OnModuleInit {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection.models.SurveyMonthFollowUp ?? connection.model<MonthFollowUpDocument>('SurveyMonthFollowUp', schema), 'survey month follow-up', {
      topic: TOPICS.surveySatisfactionEvents.name,
      source: '/aftercare/survey',
      relay,
    });
  }

  async onModuleInit(): Promise<void> {
    await this.ensureIndexes();
  }

  protected toDocument(followUp: MonthFollowUp): Record<string, unknown> {
    const { id: _id, tenantId: _tenant, version: _version, ...state } = followUp.toSnapshot();
    return state;
  }

  protected toAggregate(document: MonthFollowUpDocument): MonthFollowUp {
    const { _id, _outbox, _outboxPending, _outboxSince, _outboxLeaseUntil, _outboxClaim, _handled, _trace, ...state } = document;
    return MonthFollowUp.fromSnapshot({ ...(state as unknown as MonthFollowUpSnapshot), id: _id });
  }
}
