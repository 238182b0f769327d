import { Schema, type Connection } from 'mongoose';
import { TOPICS, type MonthFiguresOwnerV1 } from '@aftercare/contracts';
import type { OutboxRelay } from '@aftercare/messaging';
import { AggregateRepository, type AggregateDocument } from '@aftercare/persistence';
import { MonthFiguresPublication, type PublicationSnapshot } from '../domain/month-figures-publication';

export type PublicationDocument = AggregateDocument & Omit<PublicationSnapshot, 'id' | 'tenantId' | 'version'>;

const schema = new Schema<PublicationDocument>(
  { _id: String, tenantId: String, version: Number },
  { collection: 'month_figures_publications', strict: false, versionKey: false, autoIndex: false },
);

/** An owner's publications of its month figures, in its own database (`_id` = `<tenant>:<month>`, the Kafka key). */
export class MonthFiguresPublicationRepository extends AggregateRepository<MonthFiguresPublication, PublicationDocument> {
  constructor(connection: Connection, relay: OutboxRelay, owner: MonthFiguresOwnerV1) {
    super(connection.models.MonthFiguresPublication ?? connection.model<PublicationDocument>('MonthFiguresPublication', schema), 'month figures publication', {
      topic: TOPICS.monthFigures.name,
      source: `/aftercare/${owner}`,
      relay,
    });
  }

  protected toDocument(publication: MonthFiguresPublication): Record<string, unknown> {
    const { id: _id, tenantId: _tenant, version: _version, ...state } = publication.toSnapshot();
    return state;
  }

  protected toAggregate(document: PublicationDocument): MonthFiguresPublication {
    const { _id, _outbox, _outboxPending, _outboxSince, _outboxLeaseUntil, _outboxClaim, _handled, _trace, ...state } = document;
    return MonthFiguresPublication.fromSnapshot({ ...(state as unknown as PublicationSnapshot), id: _id, publishedAt: new Date(state.publishedAt) });
  }
}
