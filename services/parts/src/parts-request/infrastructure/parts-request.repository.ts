import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Schema, type Connection } from 'mongoose';
import type { Filter } from 'mongodb';
import { TOPICS } from '@aftercare/contracts';
import { OutboxRelay } from '@aftercare/messaging';
import { AggregateRepository, MONGO_CONNECTION, aggregateFilters, type AggregateDocument, type SaveOptions } from '@aftercare/persistence';
import { PartsRequest, type PartsRequestSnapshot } from '../domain';

export type PartsRequestDocument = AggregateDocument & Omit<PartsRequestSnapshot, 'id' | 'tenantId' | 'version' | 'handledMessageIds'>;

const schema = new Schema<PartsRequestDocument>(
  { _id: String, tenantId: String, version: Number },
  { collection: 'parts_requests', strict: false, versionKey: false, autoIndex: false },
);
// The lists (status filter, newest first) and the month's figures, on MongoDB; scans on the embedded store.
schema.index({ tenantId: 1, requestedAt: -1, _id: -1 });
schema.index({ tenantId: 1, status: 1, requestedAt: -1 });

/** The per-request and per-message filters: the aggregate's own (load by `_id`, version-guarded save). */
export const partsRequestFilters = { byId: aggregateFilters.byId, versionGuard: aggregateFilters.versionGuard };

/**
 * Parts requests. `save` is the aggregate's one version-guarded write; the purchase requests and
 * notification requests a change raised travel in the same write's outbox, on their own topics.
 */
@Injectable()
export class PartsRequestRepository extends AggregateRepository<PartsRequest, PartsRequestDocument> implements OnModuleInit {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection.models.PartsRequest ?? connection.model<PartsRequestDocument>('PartsRequest', schema), 'parts request', {
      topic: TOPICS.partsRequestEvents.name,
      source: '/aftercare/parts',
      relay,
    });
  }

  async onModuleInit(): Promise<void> {
    await this.ensureIndexes();
  }

  override async save(request: PartsRequest, options: SaveOptions = {}): Promise<void> {
    const outbound = request.pendingOutbound.map((m) => ({ topic: m.topic, type: m.type, data: m.data, subject: m.subject, ...(m.caseId ? { caseId: m.caseId } : {}) }));
    await super.save(request, { ...options, alsoPublish: [...(options.alsoPublish ?? []), ...outbound] });
  }

  protected toDocument(request: PartsRequest): Record<string, unknown> {
    const { id: _id, tenantId: _tenant, version: _version, handledMessageIds: _handled, ...state } = request.toSnapshot();
    return state;
  }

  protected toAggregate(document: PartsRequestDocument): PartsRequest {
    const { _id, tenantId, version, _outbox, _outboxPending, _outboxSince, _outboxLeaseUntil, _outboxClaim, _handled, _trace, ...state } = document;
    return PartsRequest.fromSnapshot(reviveDates({ ...(state as unknown as PartsRequestSnapshot), id: _id, tenantId, version, handledMessageIds: _handled ?? [] }));
  }

  /** One page, newest first, after the `(requestedAt, id)` position; `limit + 1` read to know whether more follow. */
  async page(tenantId: string, filter: { status?: string; workOrderId?: string; requestedBy?: string; after?: { at: Date; id: string }; limit: number }): Promise<PartsRequest[]> {
    const query: Record<string, unknown> = { tenantId };
    if (filter.status) query.status = filter.status;
    if (filter.workOrderId) query.workOrderId = filter.workOrderId;
    if (filter.requestedBy) query.requestedBy = filter.requestedBy;
    if (filter.after) query.$or = [{ requestedAt: { $lt: filter.after.at } }, { requestedAt: filter.after.at, _id: { $lt: filter.after.id } }];
    const documents = await this.collection.find(query as Filter<PartsRequestDocument>).sort({ requestedAt: -1, _id: -1 }).limit(filter.limit + 1).toArray();
    return documents.map((d) => this.toAggregate(d as PartsRequestDocument));
  }

  /** The requests of a month (the monthly report: a scan locally, an index on MongoDB). */
  async requestedBetween(tenantId: string, from: Date, to: Date): Promise<PartsRequest[]> {
    const documents = await this.collection.find({ tenantId, requestedAt: { $gte: from, $lt: to } } as Filter<PartsRequestDocument>).toArray();
    return documents.map((d) => this.toAggregate(d as PartsRequestDocument));
  }
}

const toDate = (value: unknown): Date => new Date(value as string | Date);
const toDateOrNull = (value: unknown): Date | null => (value === null || value === undefined ? null : toDate(value));

/** The store gives Dates back as Dates; older drivers or copies may give strings: the snapshot always holds Dates. */
function reviveDates(s: PartsRequestSnapshot): PartsRequestSnapshot {
  return {
    ...s,
    neededBy: toDateOrNull(s.neededBy),
    requestedAt: toDate(s.requestedAt),
    announcedDelayUntil: toDateOrNull(s.announcedDelayUntil),
    closedAt: toDateOrNull(s.closedAt),
    cancellation: s.cancellation ? { ...s.cancellation, at: toDate(s.cancellation.at) } : null,
    lines: s.lines.map((l) => ({ ...l, purchaseRequest: l.purchaseRequest ? { ...l.purchaseRequest, plannedDate: toDateOrNull(l.purchaseRequest.plannedDate) } : null })),
    shipment: s.shipment ? { ...s.shipment, packedAt: toDate(s.shipment.packedAt), eta: toDateOrNull(s.shipment.eta), shippedAt: toDateOrNull(s.shipment.shippedAt) } : null,
    delivery: s.delivery ? { ...s.delivery, deliveredAt: toDate(s.delivery.deliveredAt) } : null,
  };
}
