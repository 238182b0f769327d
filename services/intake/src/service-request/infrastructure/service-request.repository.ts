import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Schema, type Connection } from 'mongoose';
import type { Filter } from 'mongodb';
import { TOPICS } from '@aftercare/contracts';
import { OutboxRelay } from '@aftercare/messaging';
import { AggregateRepository, MONGO_CONNECTION } from '@aftercare/persistence';
import { ServiceRequest } from '../domain';
import { type ServiceRequestDocument, documentStateOf, externalKeyOf, snapshotFromDocument } from './service-request.document';

export { type ServiceRequestDocument, externalKeyOf } from './service-request.document';

const OPEN_STATUSES = ['received', 'registered', 'acknowledged', 'in_progress', 'reopened'];

const schema = new Schema<ServiceRequestDocument>(
  { _id: String, tenantId: String, version: Number, externalKey: String },
  { collection: 'service_requests', strict: false, versionKey: false, autoIndex: false },
);
// One case per external request (a CRM message delivered twice is one case).
schema.index({ externalKey: 1 }, { unique: true, sparse: true });
schema.index({ tenantId: 1, receivedAt: -1, _id: -1 });
schema.index({ tenantId: 1, status: 1, receivedAt: -1 });
schema.index({ tenantId: 1, 'customer.customerId': 1, receivedAt: -1 });
schema.index({ tenantId: 1, 'product.serialNumber': 1, receivedAt: -1 });

@Injectable()
export class ServiceRequestRepository extends AggregateRepository<ServiceRequest, ServiceRequestDocument> implements OnModuleInit {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection.models.ServiceRequest ?? connection.model<ServiceRequestDocument>('ServiceRequest', schema), 'service request', {
      topic: TOPICS.intakeServiceRequestEvents.name,
      source: '/aftercare/intake',
      relay,
    });
  }

  async onModuleInit(): Promise<void> {
    await this.ensureIndexes();
  }

  protected toDocument(request: ServiceRequest): Record<string, unknown> {
    return documentStateOf(request.toSnapshot());
  }

  protected toAggregate(document: ServiceRequestDocument): ServiceRequest {
    return ServiceRequest.fromSnapshot(snapshotFromDocument(document));
  }

  async findByExternalRef(tenantId: string, channel: string, externalRef: string): Promise<ServiceRequest | null> {
    const document = await this.collection.findOne({ externalKey: externalKeyOf(tenantId, channel, externalRef) });
    return document ? this.toAggregate(document as ServiceRequestDocument) : null;
  }

  /** Open cases that a new case for this customer and serial could duplicate. */
  async findOpenFor(tenantId: string, criteria: { customerId?: string | null; serialNumber?: string | null }): Promise<ServiceRequest[]> {
    const or: Filter<ServiceRequestDocument>[] = [];
    if (criteria.customerId) or.push({ 'customer.customerId': criteria.customerId } as Filter<ServiceRequestDocument>);
    if (criteria.serialNumber) or.push({ 'product.serialNumber': criteria.serialNumber } as Filter<ServiceRequestDocument>);
    if (!or.length) return [];
    const documents = await this.collection
      .find({ tenantId, status: { $in: OPEN_STATUSES }, $or: or } as Filter<ServiceRequestDocument>)
      .sort({ receivedAt: 1 })
      .limit(100)
      .toArray();
    return documents.map((d) => this.toAggregate(d as ServiceRequestDocument));
  }

  /** Raw documents for read models and queries (list, archive); never for changes. */
  get documents() {
    return this.collection;
  }
}
