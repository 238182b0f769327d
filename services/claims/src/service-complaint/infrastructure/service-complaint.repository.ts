import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Schema, type Connection } from 'mongoose';
import type { Filter } from 'mongodb';
import { TOPICS } from '@aftercare/contracts';
import { OutboxRelay } from '@aftercare/messaging';
import { AggregateRepository, MONGO_CONNECTION, type AggregateDocument, type SaveOptions } from '@aftercare/persistence';
import { ServiceComplaint, type ServiceComplaintSnapshot } from '../domain/service-complaint';

export type ServiceComplaintDocument = AggregateDocument & Omit<ServiceComplaintSnapshot, 'id' | 'tenantId' | 'version' | 'handledMessageIds'>;

const schema = new Schema<ServiceComplaintDocument>(
  { _id: String, tenantId: String, version: Number },
  { collection: 'service_complaints', strict: false, versionKey: false, autoIndex: false },
);
schema.index({ tenantId: 1, receivedAt: -1, _id: -1 });

/** Service complaints; a save also writes the customer's written result (notification request) when it closes one. */
@Injectable()
export class ServiceComplaintRepository extends AggregateRepository<ServiceComplaint, ServiceComplaintDocument> implements OnModuleInit {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection.models.ServiceComplaint ?? connection.model<ServiceComplaintDocument>('ServiceComplaint', schema), 'service complaint', {
      topic: TOPICS.claimsServiceComplaintEvents.name,
      source: '/aftercare/claims',
      relay,
    });
  }

  async onModuleInit(): Promise<void> {
    await this.ensureIndexes();
  }

  override async save(complaint: ServiceComplaint, options: SaveOptions = {}): Promise<void> {
    await super.save(complaint, { ...options, alsoPublish: [...(options.alsoPublish ?? []), ...complaint.pendingOutboundMessages] });
  }

  protected toDocument(complaint: ServiceComplaint): Record<string, unknown> {
    const { id: _id, tenantId: _t, version: _v, handledMessageIds: _h, ...state } = complaint.toSnapshot();
    return state;
  }

  protected toAggregate(document: ServiceComplaintDocument): ServiceComplaint {
    const { _id, _outbox, _outboxPending, _outboxSince, _outboxLeaseUntil, _outboxClaim, _handled, _trace, ...state } = document;
    return ServiceComplaint.fromSnapshot({ ...(state as unknown as Omit<ServiceComplaintSnapshot, 'id' | 'handledMessageIds'>), id: _id, handledMessageIds: _handled ?? [] });
  }

  /** One page of a tenant's complaints, newest first (a listing, not a hot path). */
  async page(tenantId: string, filter: { after?: { receivedAt: Date; id: string }; limit: number }): Promise<ServiceComplaint[]> {
    const query: Record<string, unknown> = { tenantId };
    if (filter.after) query.$or = [{ receivedAt: { $lt: filter.after.receivedAt } }, { receivedAt: filter.after.receivedAt, _id: { $lt: filter.after.id } }];
    const documents = await this.collection.find(query as Filter<ServiceComplaintDocument>).sort({ receivedAt: -1, _id: -1 }).limit(filter.limit + 1).toArray();
    return documents.map((d) => this.revive(d as ServiceComplaintDocument));
  }
}
