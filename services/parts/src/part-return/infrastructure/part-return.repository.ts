import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Schema, type Connection } from 'mongoose';
import type { Filter } from 'mongodb';
import { SUPPLIER_FEEDBACK_RAISED_V1, TOPICS, type SupplierFeedbackRaisedV1 } from '@aftercare/contracts';
import { OutboxRelay } from '@aftercare/messaging';
import { AggregateRepository, MONGO_CONNECTION, type AggregateDocument, type SaveOptions } from '@aftercare/persistence';
import { PartReturn, type PartReturnSnapshot } from '../domain/part-return';

export type PartReturnDocument = AggregateDocument & Omit<PartReturnSnapshot, 'id' | 'tenantId' | 'version' | 'handledMessageIds'>;

const schema = new Schema<PartReturnDocument>({ _id: String, tenantId: String, version: Number }, { collection: 'part_returns', strict: false, versionKey: false, autoIndex: false });
schema.index({ tenantId: 1, receivedAt: -1, _id: -1 });

/** Returned parts. A supplier claim's feedback for the claims service leaves in the same write. */
@Injectable()
export class PartReturnRepository extends AggregateRepository<PartReturn, PartReturnDocument> implements OnModuleInit {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    // The return publishes no events of its own: the topic is never written through it.
    super(connection.models.PartReturn ?? connection.model<PartReturnDocument>('PartReturn', schema), 'part return', { topic: TOPICS.partsRequestEvents.name, source: '/aftercare/parts', relay });
  }

  async onModuleInit(): Promise<void> {
    await this.ensureIndexes();
  }

  override async save(partReturn: PartReturn, options: SaveOptions = {}): Promise<void> {
    const extra = partReturn.pendingFeedback ? [this.feedbackOf(partReturn)] : [];
    await super.save(partReturn, { ...options, alsoPublish: [...(options.alsoPublish ?? []), ...extra] });
  }

  private feedbackOf(partReturn: PartReturn) {
    const s = partReturn.toSnapshot();
    const data: SupplierFeedbackRaisedV1 = {
      feedbackId: `sf-${s.id}`,
      tenantId: s.tenantId,
      partReturnId: s.id,
      partNo: s.partNo,
      serialNo: s.serialNo,
      quantity: s.quantity,
      supplierId: s.supplierId ?? '',
      finding: s.finding ?? s.reason,
      caseId: s.caseId,
      workOrderId: s.workOrderId,
      raisedBy: s.inspectedBy ?? s.receivedBy,
      raisedAt: (s.decidedAt ?? new Date()).toISOString(),
    };
    return { topic: TOPICS.supplierFeedback.name, type: SUPPLIER_FEEDBACK_RAISED_V1, data, subject: data.feedbackId, ...(s.caseId ? { caseId: s.caseId } : {}) };
  }

  protected toDocument(partReturn: PartReturn): Record<string, unknown> {
    const { id: _id, tenantId: _t, version: _v, handledMessageIds: _h, ...state } = partReturn.toSnapshot();
    return state;
  }

  protected toAggregate(d: PartReturnDocument): PartReturn {
    const { _id, tenantId, version, _outbox, _outboxPending, _outboxSince, _outboxLeaseUntil, _outboxClaim, _handled, _trace, ...state } = d;
    const s = state as unknown as PartReturnSnapshot;
    const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
    return PartReturn.fromSnapshot({
      ...s,
      id: _id,
      tenantId,
      version,
      handledMessageIds: _handled ?? [],
      receivedAt: new Date(s.receivedAt),
      decidedAt: date(s.decidedAt),
      scrapApplication: s.scrapApplication ? { ...s.scrapApplication, at: new Date(s.scrapApplication.at) } : null,
    });
  }

  /** Newest first (a list: a scan locally, an index on MongoDB). */
  async page(tenantId: string, after: { at: Date; id: string } | undefined, limit: number): Promise<PartReturn[]> {
    const query: Record<string, unknown> = { tenantId };
    if (after) query.$or = [{ receivedAt: { $lt: after.at } }, { receivedAt: after.at, _id: { $lt: after.id } }];
    const documents = await this.collection.find(query as Filter<PartReturnDocument>).sort({ receivedAt: -1, _id: -1 }).limit(limit + 1).toArray();
    return documents.map((d) => this.toAggregate(d as PartReturnDocument));
  }
}
