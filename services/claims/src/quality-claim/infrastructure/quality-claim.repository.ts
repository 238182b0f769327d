import { Injectable, OnModuleInit } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import { Schema, type Connection } from 'mongoose';
import type { Filter } from 'mongodb';
import { TOPICS } from '@aftercare/contracts';
import { OutboxRelay } from '@aftercare/messaging';
import { AggregateRepository, MONGO_CONNECTION, type AggregateDocument, type SaveOptions } from '@aftercare/persistence';
import { QualityClaim, type QualityClaimSnapshot } from '../domain';

export type QualityClaimDocument = AggregateDocument & Omit<QualityClaimSnapshot, 'id' | 'tenantId' | 'version' | 'handledMessageIds'>;

const schema = new Schema<QualityClaimDocument>(
  { _id: String, tenantId: String, version: Number },
  { collection: 'quality_claims', strict: false, versionKey: false, autoIndex: false },
);
schema.index({ tenantId: 1, openedAt: -1, _id: -1 });

/** A claim's stored state is its snapshot without the aggregate's bookkeeping. */
export function documentStateOf(snapshot: QualityClaimSnapshot): Record<string, unknown> {
  const { id: _id, tenantId: _tenant, version: _version, handledMessageIds: _handled, ...state } = snapshot;
  return state;
}

export function snapshotOf(document: QualityClaimDocument): QualityClaimSnapshot {
  const { _id, _outbox, _outboxPending, _outboxSince, _outboxLeaseUntil, _outboxClaim, _handled, _trace, ...state } = document;
  return { ...(state as unknown as Omit<QualityClaimSnapshot, 'id' | 'handledMessageIds'>), id: _id, handledMessageIds: _handled ?? [] };
}

/**
 * Quality claims. A save writes the claim, its events and the messages it owes other topics (the
 * supplier-feedback record, the customer's misuse letter) in one version-guarded write.
 * A load is by `_id` (the aggregate's unique index); the claim id is derived from its source, so a
 * redelivered trigger finds the claim it opened.
 */
@Injectable()
export class QualityClaimRepository extends AggregateRepository<QualityClaim, QualityClaimDocument> implements OnModuleInit {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection.models.QualityClaim ?? connection.model<QualityClaimDocument>('QualityClaim', schema), 'quality claim', {
      topic: TOPICS.claimsQualityClaimEvents.name,
      source: '/aftercare/claims',
      relay,
    });
  }

  async onModuleInit(): Promise<void> {
    await this.ensureIndexes();
  }

  override async save(claim: QualityClaim, options: SaveOptions = {}): Promise<void> {
    const owed = claim.pendingOutboundMessages.map((m) => ({ topic: m.topic, type: m.type, data: m.data, caseId: m.caseId, subject: m.subject }));
    await super.save(claim, { ...options, alsoPublish: [...(options.alsoPublish ?? []), ...owed] });
  }

  protected toDocument(claim: QualityClaim): Record<string, unknown> {
    return documentStateOf(claim.toSnapshot());
  }

  protected toAggregate(document: QualityClaimDocument): QualityClaim {
    return QualityClaim.fromSnapshot(snapshotOf(document));
  }

  /** One page of a tenant's claims, newest first, after the cursor position (a listing, not a hot path). */
  async page(tenantId: string, filter: { status?: string; after?: { openedAt: Date; id: string }; limit: number }): Promise<QualityClaim[]> {
    const query: Record<string, unknown> = { tenantId };
    if (filter.status) query.status = filter.status;
    if (filter.after)
      query.$or = [{ openedAt: { $lt: filter.after.openedAt } }, { openedAt: filter.after.openedAt, _id: { $lt: filter.after.id } }];
    const documents = await this.collection
      .find(query as Filter<QualityClaimDocument>)
      .sort({ openedAt: -1, _id: -1 })
      .limit(filter.limit + 1)
      .toArray();
    return documents.map((d) => this.revive(d as QualityClaimDocument));
  }

  /** Open claims of a tenant with planned actions (the corrective-action listing). */
  async withOpenActions(tenantId: string): Promise<QualityClaim[]> {
    const documents = await this.collection
      .find({ tenantId, status: { $in: ['actions_planned'] } } as Filter<QualityClaimDocument>)
      .sort({ _id: 1 })
      .toArray();
    return documents.map((d) => this.toAggregate(d as QualityClaimDocument));
  }
}
