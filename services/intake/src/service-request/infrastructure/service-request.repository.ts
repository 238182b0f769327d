import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Schema, type Connection } from 'mongoose';
import type { Filter } from 'mongodb';
import { TOPICS } from '@aftercare/contracts';
import { OutboxRelay } from '@aftercare/messaging';
import { AggregateRepository, DueWorkQueue, LeaseStore, MONGO_CONNECTION, type ClaimedWork } from '@aftercare/persistence';
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

/** A resolved case the confirmation-by-silence job may confirm (lease key `confirm-by-silence|<id>`). */
export interface SilentCaseRef {
  _id: string;
  tenantId: string;
}

export const CONFIRM_BY_SILENCE_JOB = 'confirm-by-silence';

@Injectable()
export class ServiceRequestRepository extends AggregateRepository<ServiceRequest, ServiceRequestDocument> implements OnModuleInit {
  constructor(
    @Inject(MONGO_CONNECTION) connection: Connection,
    relay: OutboxRelay,
    private readonly leases: LeaseStore,
  ) {
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

  // ---- due work (background jobs) ---------------------------------------------------------------

  /**
   * Leases up to `limit` cases resolved at or before `resolvedBefore` and not confirmed yet, for
   * the confirmation-by-silence job: two instances never hold the same case. End each lease with
   * `releaseClaim` once the case is handled.
   */
  claimResolvedBefore(resolvedBefore: Date, now: Date, limit: number, leaseMs: number): Promise<Array<ClaimedWork<SilentCaseRef>>> {
    const queue = new DueWorkQueue<SilentCaseRef>(CONFIRM_BY_SILENCE_JOB, this.leases, async (_now, max, exclude) => {
      const documents = await this.collection
        .find(
          {
            status: 'resolved',
            'resolution.resolvedAt': { $lte: resolvedBefore },
            ...(exclude.length ? { _id: { $nin: [...exclude] } } : {}),
          } as Filter<ServiceRequestDocument>,
          { projection: { _id: 1, tenantId: 1 } },
        )
        .sort({ 'resolution.resolvedAt': 1 })
        .limit(max)
        .toArray();
      return documents.map((d) => ({ _id: String(d._id), tenantId: String(d.tenantId) }));
    });
    return queue.claimDue(now, limit, leaseMs);
  }

  /** Ends a lease taken by `claimResolvedBefore`. */
  releaseClaim(claimed: ClaimedWork<SilentCaseRef>): Promise<void> {
    return this.leases.release(claimed.lease);
  }

  // ---- end of due work --------------------------------------------------------------------------

  /** Raw documents for read models and queries (list, archive); never for changes. */
  get documents() {
    return this.collection;
  }
}
