import { Injectable, OnModuleInit } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import { Schema, type Connection } from 'mongoose';
import type { Filter } from 'mongodb';
import { TOPICS } from '@aftercare/contracts';
import { OutboxRelay } from '@aftercare/messaging';
import {
  AggregateRepository,
  NextCheckIndex,
  LeaseStore,
  MONGO_CONNECTION,
  MongoDueWorkStore,
  type AggregateDocument,
  type ClaimedCheck,
  type PassOptions,
  type PassReport,
  type SaveOptions,
} from '@aftercare/persistence';
import { TenantClocks } from '../../clocks/tenant-clocks';
import { QualityClaim, type QualityClaimSnapshot } from '../domain';

export type QualityClaimDocument = AggregateDocument &
  Omit<QualityClaimSnapshot, 'id' | 'tenantId' | 'version' | 'handledMessageIds'> & {
    /** When the deadline scanner must look at the claim next (the next breach or escalation level); null = never. */
    nextCheckAt?: Date | null;
  };

/** The deadline scanner's job name: lease keys are `claim-deadlines|<claim id>`. */
export const CLAIM_DEADLINE_JOB = 'claim-deadlines';

/** A claim due for a deadline check, leased to this scanner instance. */
export type ClaimedClaim = ClaimedCheck;

const schema = new Schema<QualityClaimDocument>(
  { _id: String, tenantId: String, version: Number },
  { collection: 'quality_claims', strict: false, versionKey: false, autoIndex: false },
);
schema.index({ tenantId: 1, openedAt: -1, _id: -1 });
schema.index({ nextCheckAt: 1 }, { sparse: true });

/** A claim's stored state is its snapshot without the aggregate's bookkeeping. */
export function documentStateOf(snapshot: QualityClaimSnapshot): Record<string, unknown> {
  const { id: _id, tenantId: _tenant, version: _version, handledMessageIds: _handled, ...state } = snapshot;
  return state;
}

export function snapshotOf(document: QualityClaimDocument): QualityClaimSnapshot {
  const { _id, _outbox, _outboxPending, _outboxSince, _outboxLeaseUntil, _outboxClaim, _handled, _trace, nextCheckAt: _next, ...state } = document;
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
  private readonly dueChecks: NextCheckIndex<QualityClaim>;

  constructor(
    @Inject(MONGO_CONNECTION) connection: Connection,
    relay: OutboxRelay,
    private readonly clocks: TenantClocks,
    leases: LeaseStore,
    dueWork: MongoDueWorkStore,
  ) {
    super(connection.models.QualityClaim ?? connection.model<QualityClaimDocument>('QualityClaim', schema), 'quality claim', {
      topic: TOPICS.claimsQualityClaimEvents.name,
      source: '/aftercare/claims',
      relay,
    });
    this.dueChecks = new NextCheckIndex(CLAIM_DEADLINE_JOB, () => this.collection as never, dueWork, leases);
  }

  /** The next breach or escalation level of the claim, in its tenant's reading of days. */
  nextCheckAt(claim: QualityClaim): Date | null {
    return claim.nextEscalationAt(this.clocks.of(claim.tenantId).escalation);
  }

  async onModuleInit(): Promise<void> {
    await this.ensureIndexes();
  }

  /**
   * Saves the claim with what it owes other topics; when its next check moves to another bucket,
   * its due-index entry is written first (intent first: a crash in between leaves a stale entry,
   * never a deadline without one).
   */
  override async save(claim: QualityClaim, options: SaveOptions = {}): Promise<void> {
    const owed = claim.pendingOutboundMessages.map((m) => ({ topic: m.topic, type: m.type, data: m.data, caseId: m.caseId, subject: m.subject }));
    await this.dueChecks.scheduleFor(claim, this.nextCheckAt(claim));
    await super.save(claim, { ...options, alsoPublish: [...(options.alsoPublish ?? []), ...owed] });
  }

  protected toDocument(claim: QualityClaim): Record<string, unknown> {
    return { ...documentStateOf(claim.toSnapshot()), nextCheckAt: this.nextCheckAt(claim) };
  }

  protected toAggregate(document: QualityClaimDocument): QualityClaim {
    const claim = QualityClaim.fromSnapshot(snapshotOf(document));
    this.dueChecks.track(claim, document.nextCheckAt ?? null);
    return claim;
  }

  // ---- due work (the deadline scanner) -----------------------------------------------------------

  /**
   * One pass of the deadline scanner at `now`: every claim whose check is due by then (up to
   * `options.limit`) is leased to this instance and handed to `check`, which ends with
   * `endCheck`. A check that throws keeps its lease and is retried after it.
   */
  passDueChecks(now: Date, options: PassOptions, check: (claimed: ClaimedClaim) => Promise<void>): Promise<PassReport> {
    return this.dueChecks.pass(now, options, check);
  }

  /**
   * Ends a check: with `unchanged`, a claim the check did not change (its stored next check was
   * stale, e.g. the tenant's reading of days changed), its next check moves on — only if nobody
   * changed the claim meanwhile, since a save already recomputed it; then the lease ends.
   */
  async endCheck(claimed: ClaimedClaim, unchanged?: QualityClaim): Promise<void> {
    await this.dueChecks.end(claimed, unchanged && { aggregate: unchanged, next: this.nextCheckAt(unchanged) });
  }

  // ---- end of due work ------------------------------------------------------------------------------

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

  /**
   * A tenant's claims opened before `to` (the month's figures: a claim opened earlier can be closed,
   * overdue or late in the month; a report, not a hot path).
   */
  async openedBefore(tenantId: string, to: Date): Promise<QualityClaim[]> {
    const documents = await this.collection.find({ tenantId, openedAt: { $lt: to } } as Filter<QualityClaimDocument>).toArray();
    return documents.map((d) => this.toAggregate(d as QualityClaimDocument));
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
