import { Inject, Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { Schema, type Connection } from 'mongoose';
import type { Filter } from 'mongodb';
import { TOPICS } from '@aftercare/contracts';
import { OutboxRelay } from '@aftercare/messaging';
import {
  AggregateRepository,
  DueIndex,
  LeaseStore,
  MONGO_CONNECTION,
  MongoDueWorkStore,
  type ClaimedWork,
  type DueSource,
  type PassOptions,
  type PassReport,
  type SaveOptions,
} from '@aftercare/persistence';
import { IntakeSettings } from '../application/intake-settings';
import { DEFAULT_CONFIRMATION_SILENCE_DAYS, ServiceRequest, confirmationBySilenceDueAt } from '../domain';
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
  status: string;
  resolvedAt: Date | null;
}

export const CONFIRM_BY_SILENCE_JOB = 'confirm-by-silence';

@Injectable()
export class ServiceRequestRepository extends AggregateRepository<ServiceRequest, ServiceRequestDocument> implements OnModuleInit {
  private readonly confirmations: DueIndex<SilentCaseRef>;
  private readonly silenceDays: number;

  constructor(
    @Inject(MONGO_CONNECTION) connection: Connection,
    relay: OutboxRelay,
    leases: LeaseStore,
    dueWork: MongoDueWorkStore,
    @Optional() settings?: IntakeSettings,
  ) {
    super(connection.models.ServiceRequest ?? connection.model<ServiceRequestDocument>('ServiceRequest', schema), 'service request', {
      topic: TOPICS.intakeServiceRequestEvents.name,
      source: '/aftercare/intake',
      relay,
    });
    this.silenceDays = settings?.confirmationSilenceDays ?? DEFAULT_CONFIRMATION_SILENCE_DAYS;
    this.confirmations = new DueIndex(CONFIRM_BY_SILENCE_JOB, dueWork, leases, this.confirmationSource(), dueWork.settings);
  }

  async onModuleInit(): Promise<void> {
    await this.ensureIndexes();
  }

  protected toDocument(request: ServiceRequest): Record<string, unknown> {
    return documentStateOf(request.toSnapshot());
  }

  protected toAggregate(document: ServiceRequestDocument): ServiceRequest {
    return this.trackConfirmation(ServiceRequest.fromSnapshot(snapshotFromDocument(document)));
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
   * Saves the case; a case that becomes resolved (or whose resolution moves) first gets its entry
   * in the confirmation-by-silence due index (intent first; nothing is written otherwise).
   */
  override async save(request: ServiceRequest, options?: SaveOptions): Promise<void> {
    await this.confirmations.scheduleFor(request, request.id, this.confirmationDueOf(request));
    return super.save(request, options);
  }

  /**
   * One pass of the confirmation-by-silence job at `now`: every resolved case whose silence is
   * over by then (up to `options.limit`), leased to this instance; end each lease with
   * `releaseClaim` once the case is handled. A case that cannot be confirmed no longer holds a
   * place in every batch: its entry moves on, the others are reached.
   */
  passSilentCases(now: Date, options: PassOptions, handle: (claimed: ClaimedWork<SilentCaseRef>) => Promise<void>): Promise<PassReport> {
    return this.confirmations.pass(now, options, handle);
  }

  /** Ends a lease taken by `passSilentCases`. */
  releaseClaim(claimed: ClaimedWork<SilentCaseRef>): Promise<void> {
    return this.confirmations.done(claimed);
  }

  /** When silence confirms the case; null unless it is resolved. */
  private confirmationDueOf(request: { status: string; resolvedAt: Date | null }): Date | null {
    return request.status === 'resolved' && request.resolvedAt ? confirmationBySilenceDueAt(request.resolvedAt, this.silenceDays) : null;
  }

  private trackConfirmation(request: ServiceRequest): ServiceRequest {
    this.confirmations.track(request, this.confirmationDueOf(request));
    return request;
  }

  private confirmationSource(): DueSource<SilentCaseRef> {
    const collection = () => this.collection;
    const dueOf = (ref: SilentCaseRef) => this.confirmationDueOf(ref);
    const silenceMs = () => this.silenceDays * 86_400_000;
    const refOf = (d: Record<string, unknown>): SilentCaseRef => {
      const resolvedAt = (d.resolution as { resolvedAt?: Date | null } | undefined)?.resolvedAt ?? null;
      return { _id: String(d._id), tenantId: String(d.tenantId), status: String(d.status), resolvedAt };
    };
    const projection = { _id: 1, tenantId: 1, status: 1, 'resolution.resolvedAt': 1 };
    return {
      load: async (ids) =>
        (await collection().find({ _id: { $in: [...ids] } } as Filter<ServiceRequestDocument>, { projection }).toArray()).map((d) => refOf(d)),
      dueAt: dueOf,
      async *scan(upTo) {
        const resolvedBefore = upTo ? { 'resolution.resolvedAt': { $lte: new Date(upTo.getTime() - silenceMs()) } } : {};
        const found = collection().find({ status: 'resolved', ...resolvedBefore } as Filter<ServiceRequestDocument>, { projection });
        for await (const document of found) {
          const due = dueOf(refOf(document));
          if (due) yield { id: String(document._id), due };
        }
      },
    };
  }

  // ---- end of due work --------------------------------------------------------------------------

  /** Raw documents for read models and queries (list, archive); never for changes. */
  get documents() {
    return this.collection;
  }
}
