import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Schema, type Connection } from 'mongoose';
import type { Filter } from 'mongodb';
import { TOPICS } from '@aftercare/contracts';
import { OutboxRelay } from '@aftercare/messaging';
import { AggregateRepository, MONGO_CONNECTION, type AggregateDocument } from '@aftercare/persistence';
import { ReturnAuthorization, type ReturnAuthorizationSnapshot } from '../domain/return-authorization';

export type ReturnAuthorizationDocument = AggregateDocument & Omit<ReturnAuthorizationSnapshot, 'id' | 'tenantId' | 'version' | 'handledMessageIds'>;

const schema = new Schema<ReturnAuthorizationDocument>(
  { _id: String, tenantId: String, version: Number },
  { collection: 'return_authorizations', strict: false, versionKey: false, autoIndex: false },
);
schema.index({ tenantId: 1, requestedAt: -1, _id: -1 });

/** Returns (RMA); each step's event leaves in the same write (outbox). */
@Injectable()
export class ReturnAuthorizationRepository extends AggregateRepository<ReturnAuthorization, ReturnAuthorizationDocument> implements OnModuleInit {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(
      connection.models.ReturnAuthorization ?? connection.model<ReturnAuthorizationDocument>('ReturnAuthorization', schema),
      'return authorization',
      { topic: TOPICS.claimsReturnAuthorizationEvents.name, source: '/aftercare/claims', relay },
    );
  }

  async onModuleInit(): Promise<void> {
    await this.ensureIndexes();
  }

  protected toDocument(rma: ReturnAuthorization): Record<string, unknown> {
    const { id: _id, tenantId: _t, version: _v, handledMessageIds: _h, ...state } = rma.toSnapshot();
    return state;
  }

  protected toAggregate(document: ReturnAuthorizationDocument): ReturnAuthorization {
    const { _id, _outbox, _outboxPending, _outboxSince, _outboxLeaseUntil, _outboxClaim, _handled, _trace, ...state } = document;
    return ReturnAuthorization.fromSnapshot({ ...(state as unknown as Omit<ReturnAuthorizationSnapshot, 'id' | 'handledMessageIds'>), id: _id, handledMessageIds: _handled ?? [] });
  }

  /** One page of a tenant's returns, newest first (a listing, not a hot path). */
  async page(tenantId: string, filter: { after?: { requestedAt: Date; id: string }; limit: number }): Promise<ReturnAuthorization[]> {
    const query: Record<string, unknown> = { tenantId };
    if (filter.after) query.$or = [{ requestedAt: { $lt: filter.after.requestedAt } }, { requestedAt: filter.after.requestedAt, _id: { $lt: filter.after.id } }];
    const documents = await this.collection.find(query as Filter<ReturnAuthorizationDocument>).sort({ requestedAt: -1, _id: -1 }).limit(filter.limit + 1).toArray();
    return documents.map((d) => this.revive(d as ReturnAuthorizationDocument));
  }

  /** A tenant's returns requested in `[from, to)` (the month's figures; a report, not a hot path). */
  async requestedBetween(tenantId: string, from: Date, to: Date): Promise<ReturnAuthorization[]> {
    const documents = await this.collection.find({ tenantId, requestedAt: { $gte: from, $lt: to } } as Filter<ReturnAuthorizationDocument>).toArray();
    return documents.map((d) => this.revive(d as ReturnAuthorizationDocument));
  }
}
