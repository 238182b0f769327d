import { Inject, Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { Schema, type Connection } from 'mongoose';
import type { Collection, Filter } from 'mongodb';
import { TOPICS } from '@aftercare/contracts';
import { OutboxRelay } from '@aftercare/messaging';
import {
  AggregateRepository,
  DueIndex,
  LeaseStore,
  MONGO_CONNECTION,
  MongoDueWorkStore,
  prepareCollection,
  type ClaimedWork,
  type DueSource,
  type PassOptions,
  type PassReport,
  type SaveOptions,
  type UniqueIndex,
} from '@aftercare/persistence';
import { IntakeSettings } from '../application/intake-settings';
import { TenantCaseHandling } from '../application/tenant-case-handling';
import {
  DEFAULT_CONFIRMATION_SILENCE_DAYS,
  ServiceRequest,
  confirmationBySilenceDueAt,
  duplicateKeyOf,
  isOpenStatus,
  type DuplicateProbe,
} from '../domain';
import { OPEN_CASE_KEYS_COLLECTION, OpenCaseKeys, type ListedCase, type OpenCaseKeyDocument } from './open-case-keys.store';
import { type ServiceRequestDocument, documentStateOf, externalKeyOf, snapshotFromDocument } from './service-request.document';

export { type ServiceRequestDocument, externalKeyOf } from './service-request.document';

/** The statuses a case may have to survive a duplicate (narrower than the domain's open: not resolved or confirmed). */
const OPEN_STATUSES = ['received', 'registered', 'acknowledged', 'in_progress', 'reopened'];

/** A listing older than this whose case does not exist is left from a crash between listing and save. */
const ABANDONED_LISTING_MS = 10 * 60_000;

/** At most this many open cases are read as duplicate candidates (the oldest). */
const MAX_DUPLICATE_CANDIDATES = 100;

/**
 * One case per external request (a CRM message delivered twice is one case). Sparse: a case
 * without an external id has no `externalKey` and no entry; the look-up always sends a value, so
 * mongo-java-server uses the index (it skips a sparse one only for an all-null filter). The name
 * is the one mongoose gave it before, so existing deployments keep the same index.
 */
export const EXTERNAL_KEY_INDEX: UniqueIndex = { name: 'externalKey_1', keys: { externalKey: 1 }, sparse: true };

/** Unique indexes of `service_requests` besides the aggregate's own (AGGREGATE_UNIQUE_INDEXES). */
export const SERVICE_REQUEST_UNIQUE_INDEXES: readonly UniqueIndex[] = [EXTERNAL_KEY_INDEX];

/** The hot-path filters of this repository beyond `aggregateFilters`, checked in service-request.query-shapes.spec.ts. */
export const serviceRequestFilters = {
  byExternalKey: (externalKey: string) => ({ externalKey }),
};

const schema = new Schema<ServiceRequestDocument>(
  { _id: String, tenantId: String, version: Number, externalKey: String },
  { collection: 'service_requests', strict: false, versionKey: false, autoIndex: false },
);
schema.index({ tenantId: 1, receivedAt: -1, _id: -1 });
schema.index({ tenantId: 1, status: 1, receivedAt: -1 });
schema.index({ tenantId: 1, 'customer.customerId': 1, receivedAt: -1 });
schema.index({ tenantId: 1, 'product.serialNumber': 1, receivedAt: -1 });

/** What `prepareNewCase` found for a new case. */
export interface NewCaseContext {
  /** Open cases listed under its duplicate key, oldest first. */
  open: ServiceRequest[];
  /** The case an earlier delivery of the same external request registered, when found. */
  registeredBefore: ServiceRequest | null;
}

/** A resolved case the confirmation-by-silence job may confirm (lease key `confirm-by-silence|<id>`). */
export interface SilentCaseRef {
  _id: string;
  tenantId: string;
  status: string;
  resolvedAt: Date | null;
  /** The silence fixed on the resolution; null: the deployment's value. */
  silenceDays: number | null;
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
    // Absent in slimmed test modules: every case then takes the deployment's silence.
    @Optional() private readonly caseHandling?: TenantCaseHandling,
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
    await this.ensureIndexes(SERVICE_REQUEST_UNIQUE_INDEXES);
    await prepareCollection(this.model.db.collection(OPEN_CASE_KEYS_COLLECTION), {});
  }

  protected toDocument(request: ServiceRequest): Record<string, unknown> {
    return documentStateOf(request.toSnapshot());
  }

  protected toAggregate(document: ServiceRequestDocument): ServiceRequest {
    const request = this.trackConfirmation(ServiceRequest.fromSnapshot(snapshotFromDocument(document)));
    this.listedUnder.set(request, listingKeyOf(request));
    return request;
  }

  /**
   * Writes what must exist before the case does, then the case: its listing under its duplicate
   * key whenever it was not listed under that key when loaded (new, reopened, or customer/serial/
   * type changed), and its entry in the confirmation-by-silence due index when it becomes
   * resolved. Intent first: a crash between leaves a listing or an entry without a case (ignored
   * when read), never an open case nobody finds or a resolved case nobody confirms.
   *
   * Every resolution passes here, whichever use case resolved it, so this is where it gets the
   * tenant's confirmation silence of the moment fixed on it (its due time is then stable: a later
   * change of the setting applies to cases resolved after the change).
   */
  override async save(request: ServiceRequest, options: SaveOptions = {}): Promise<void> {
    const key = listingKeyOf(request);
    if (key && this.listedUnder.get(request) !== key) await this.openCaseKeys.list(key, request.tenantId, request.id);
    if (resolvedNow(request)) request.fixConfirmationSilence(await this.silenceDaysOf(request.tenantId));
    await this.confirmations.scheduleFor(request, request.id, this.confirmationDueOf(this.silentRefOf(request)));
    await super.save(request, options);
    this.listedUnder.set(request, key);
  }

  async findByExternalRef(tenantId: string, channel: string, externalRef: string): Promise<ServiceRequest | null> {
    const document = await this.collection.findOne(serviceRequestFilters.byExternalKey(externalKeyOf(tenantId, channel, externalRef)));
    return document ? this.revive(document as ServiceRequestDocument) : null;
  }

  /**
   * What a new case must know before it is registered, in as few commands as the store allows:
   * it is listed under its duplicate key in the same command that reads the cases listed there
   * before (intent first, as in `save`, which then finds it listed), and among those stored cases
   * is the one an earlier delivery of the same external request registered, if it is still listed
   * under the key. Only a case without a duplicate key looks its external request up apart; a
   * redelivery whose first case is no longer listed there is caught by the external key's unique
   * index when it is inserted.
   */
  async prepareNewCase(request: ServiceRequest, now: Date = new Date()): Promise<NewCaseContext> {
    const key = listingKeyOf(request);
    if (!key) {
      const registeredBefore = request.externalRef ? await this.findByExternalRef(request.tenantId, request.channel, request.externalRef) : null;
      return { open: [], registeredBefore };
    }
    const listings = await this.openCaseKeys.listAndReadBefore(key, request.tenantId, request.id, now);
    this.listedUnder.set(request, key);
    const { open, stored } = await this.casesListedUnder(key, request.duplicateProbe, listings, now);
    const externalKey = request.externalRef ? externalKeyOf(request.tenantId, request.channel, request.externalRef) : null;
    const registeredBefore = externalKey
      ? (stored.find((c) => c.externalRef && externalKeyOf(c.tenantId, c.channel, c.externalRef) === externalKey) ?? null)
      : null;
    return { open, registeredBefore };
  }

  /**
   * The stored cases among the listings, and the open ones of them for the key, oldest first
   * (loaded by `_id`, checked on what is stored). Listings of cases that are finished or changed
   * key, and of cases never saved, are removed on the way.
   */
  private async casesListedUnder(
    key: string,
    probe: DuplicateProbe,
    all: readonly ListedCase[],
    now: Date,
  ): Promise<{ open: ServiceRequest[]; stored: ServiceRequest[] }> {
    const listings = all.filter((l) => l.caseId !== probe.id);
    if (!listings.length) return { open: [], stored: [] };
    const ids = [...new Set(listings.map((l) => l.caseId))];
    const documents = await this.findDocuments(ids);
    const stored = new Map(documents.map((d) => [String(d._id), this.revive(d as ServiceRequestDocument)]));
    const stale: ListedCase[] = listings.filter((listing) => {
      const request = stored.get(listing.caseId);
      if (!request) return now.getTime() - listing.listedAt.getTime() > ABANDONED_LISTING_MS;
      return request.tenantId !== probe.tenantId || listingKeyOf(request) !== key;
    });
    await this.openCaseKeys.unlist(key, stale);
    const ofTenant = [...stored.values()].filter((request) => request.tenantId === probe.tenantId);
    const open = ofTenant
      .filter((request) => OPEN_STATUSES.includes(request.status) && listingKeyOf(request) === key)
      .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.id.localeCompare(b.id))
      .slice(0, MAX_DUPLICATE_CANDIDATES);
    return { open, stored: ofTenant };
  }

  /** The duplicate key each loaded or saved case is listed under (null: none, as it is finished). */
  private readonly listedUnder = new WeakMap<ServiceRequest, string | null>();
  private openCaseKeysStore?: OpenCaseKeys;

  private get openCaseKeys(): OpenCaseKeys {
    this.openCaseKeysStore ??= new OpenCaseKeys(
      this.model.db.collection(OPEN_CASE_KEYS_COLLECTION) as unknown as Collection<OpenCaseKeyDocument>,
    );
    return this.openCaseKeysStore;
  }

  // ---- due work (background jobs) ---------------------------------------------------------------

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

  /** The tenant's confirmation silence now (its case handling over the deployment's value). */
  private async silenceDaysOf(tenantId: string): Promise<number> {
    return this.caseHandling ? (await this.caseHandling.of(tenantId)).confirmationSilenceDays : this.silenceDays;
  }

  /** When silence confirms the case (after the silence fixed on its resolution); null unless it is resolved. */
  private confirmationDueOf(request: { status: string; resolvedAt: Date | null; silenceDays: number | null }): Date | null {
    if (request.status !== 'resolved' || !request.resolvedAt) return null;
    return confirmationBySilenceDueAt(request.resolvedAt, request.silenceDays ?? this.silenceDays);
  }

  private trackConfirmation(request: ServiceRequest): ServiceRequest {
    this.confirmations.track(request, this.confirmationDueOf(this.silentRefOf(request)));
    return request;
  }

  private silentRefOf(request: ServiceRequest): SilentCaseRef {
    return { _id: request.id, tenantId: request.tenantId, status: request.status, resolvedAt: request.resolvedAt, silenceDays: request.confirmationSilenceDays };
  }

  private confirmationSource(): DueSource<SilentCaseRef> {
    const collection = () => this.collection;
    const dueOf = (ref: SilentCaseRef) => this.confirmationDueOf(ref);
    const refOf = (d: Record<string, unknown>): SilentCaseRef => {
      const resolution = d.resolution as { resolvedAt?: Date | null; silenceDays?: number } | undefined;
      return { _id: String(d._id), tenantId: String(d.tenantId), status: String(d.status), resolvedAt: resolution?.resolvedAt ?? null, silenceDays: resolution?.silenceDays ?? null };
    };
    const projection = { _id: 1, tenantId: 1, status: 1, 'resolution.resolvedAt': 1, 'resolution.silenceDays': 1 };
    return {
      load: async (ids) =>
        (await collection().find({ _id: { $in: [...ids] } } as Filter<ServiceRequestDocument>, { projection }).toArray()).map((d) => refOf(d)),
      dueAt: dueOf,
      async *scan(upTo) {
        // Each case has its own silence (≥ 0 days): the store narrows to the resolved by `upTo`, the due time decides.
        const resolvedBefore = upTo ? { 'resolution.resolvedAt': { $lte: upTo } } : {};
        const found = collection().find({ status: 'resolved', ...resolvedBefore } as Filter<ServiceRequestDocument>, { projection });
        for await (const document of found) {
          const due = dueOf(refOf(document));
          if (due && (!upTo || due.getTime() <= upTo.getTime())) yield { id: String(document._id), due };
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

/** The key an open case is listed under for duplicate detection; null once it is finished. */
function listingKeyOf(request: ServiceRequest): string | null {
  return isOpenStatus(request.status) ? duplicateKeyOf(request.duplicateProbe) : null;
}

/** Resolved by the commands of this save (a case resolved before keeps what its resolution had). */
function resolvedNow(request: ServiceRequest): boolean {
  return request.status === 'resolved' && request.confirmationSilenceDays === null && request.pendingFacts.some((fact) => fact.kind === 'resolved');
}
