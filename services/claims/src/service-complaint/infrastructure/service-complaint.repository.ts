import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
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
import { ServiceComplaint, type ServiceComplaintSnapshot } from '../domain/service-complaint';

export type ServiceComplaintDocument = AggregateDocument &
  Omit<ServiceComplaintSnapshot, 'id' | 'tenantId' | 'version' | 'handledMessageIds'> & {
    /** When the deadline scanner must look at the complaint next; null = never. */
    nextCheckAt?: Date | null;
  };

/** The deadline scanner's job for complaints: lease keys are `complaint-deadlines|<complaint id>`. */
export const COMPLAINT_DEADLINE_JOB = 'complaint-deadlines';

/** A complaint due for a deadline check, leased to this scanner instance. */
export type ClaimedComplaint = ClaimedCheck;

const schema = new Schema<ServiceComplaintDocument>(
  { _id: String, tenantId: String, version: Number },
  { collection: 'service_complaints', strict: false, versionKey: false, autoIndex: false },
);
schema.index({ tenantId: 1, receivedAt: -1, _id: -1 });
schema.index({ nextCheckAt: 1 }, { sparse: true });

/**
 * Service complaints; a save also writes the customer's written result (notification request) when
 * it closes one, and first the complaint's due-index entry when its next deadline check moves.
 */
@Injectable()
export class ServiceComplaintRepository extends AggregateRepository<ServiceComplaint, ServiceComplaintDocument> implements OnModuleInit {
  private readonly dueChecks: NextCheckIndex<ServiceComplaint>;

  constructor(
    @Inject(MONGO_CONNECTION) connection: Connection,
    relay: OutboxRelay,
    private readonly clocks: TenantClocks,
    leases: LeaseStore,
    dueWork: MongoDueWorkStore,
  ) {
    super(connection.models.ServiceComplaint ?? connection.model<ServiceComplaintDocument>('ServiceComplaint', schema), 'service complaint', {
      topic: TOPICS.claimsServiceComplaintEvents.name,
      source: '/aftercare/claims',
      relay,
    });
    this.dueChecks = new NextCheckIndex(COMPLAINT_DEADLINE_JOB, () => this.collection as never, dueWork, leases);
  }

  /** The complaint's next breach or escalation level, in its tenant's reading of days. */
  nextCheckAt(complaint: ServiceComplaint): Date | null {
    return complaint.nextEscalationAt(this.clocks.of(complaint.tenantId).escalation);
  }

  async onModuleInit(): Promise<void> {
    await this.ensureIndexes();
  }

  override async save(complaint: ServiceComplaint, options: SaveOptions = {}): Promise<void> {
    await this.dueChecks.scheduleFor(complaint, this.nextCheckAt(complaint));
    await super.save(complaint, { ...options, alsoPublish: [...(options.alsoPublish ?? []), ...complaint.pendingOutboundMessages] });
  }

  protected toDocument(complaint: ServiceComplaint): Record<string, unknown> {
    const { id: _id, tenantId: _t, version: _v, handledMessageIds: _h, ...state } = complaint.toSnapshot();
    return { ...state, nextCheckAt: this.nextCheckAt(complaint) };
  }

  protected toAggregate(document: ServiceComplaintDocument): ServiceComplaint {
    const { _id, _outbox, _outboxPending, _outboxSince, _outboxLeaseUntil, _outboxClaim, _handled, _trace, nextCheckAt, ...state } = document;
    const complaint = ServiceComplaint.fromSnapshot({ ...(state as unknown as Omit<ServiceComplaintSnapshot, 'id' | 'handledMessageIds'>), id: _id, handledMessageIds: _handled ?? [] });
    this.dueChecks.track(complaint, nextCheckAt ?? null);
    return complaint;
  }

  // ---- due work (the deadline scanner) -----------------------------------------------------------

  /** One pass over the complaints due by `now` (see QualityClaimRepository.passDueChecks). */
  passDueChecks(now: Date, options: PassOptions, check: (claimed: ClaimedComplaint) => Promise<void>): Promise<PassReport> {
    return this.dueChecks.pass(now, options, check);
  }

  /** Ends a check; with `unchanged`, a complaint the check did not change, its stale next check moves on first. */
  async endCheck(claimed: ClaimedComplaint, unchanged?: ServiceComplaint): Promise<void> {
    await this.dueChecks.end(claimed, unchanged && { aggregate: unchanged, next: this.nextCheckAt(unchanged) });
  }

  // ---- end of due work ------------------------------------------------------------------------------

  /** One page of a tenant's complaints, newest first (a listing, not a hot path). */
  async page(tenantId: string, filter: { after?: { receivedAt: Date; id: string }; limit: number }): Promise<ServiceComplaint[]> {
    const query: Record<string, unknown> = { tenantId };
    if (filter.after) query.$or = [{ receivedAt: { $lt: filter.after.receivedAt } }, { receivedAt: filter.after.receivedAt, _id: { $lt: filter.after.id } }];
    const documents = await this.collection.find(query as Filter<ServiceComplaintDocument>).sort({ receivedAt: -1, _id: -1 }).limit(filter.limit + 1).toArray();
    return documents.map((d) => this.revive(d as ServiceComplaintDocument));
  }

  /** A tenant's complaints received in `[from, to)` (the month's figures; a report, not a hot path). */
  async receivedBetween(tenantId: string, from: Date, to: Date): Promise<ServiceComplaint[]> {
    const documents = await this.collection.find({ tenantId, receivedAt: { $gte: from, $lt: to } } as Filter<ServiceComplaintDocument>).toArray();
    return documents.map((d) => this.revive(d as ServiceComplaintDocument));
  }
}
