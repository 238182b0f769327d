import { randomUUID } from 'node:crypto';
import type { Collection, Document, Filter } from 'mongodb';
import type { Model } from 'mongoose';
import { contractsRegistry, type SchemaRegistry } from '@aftercare/contracts';
import type { AggregateRoot } from '@aftercare/ddd';
import {
  captureTraceContext,
  inTraceOf,
  type ClaimedOutbox,
  type ClaimOptions,
  type OutboxEntry,
  type OutboxRelay,
  type OutboxStore,
  type PublishedSave,
  type StoredTraceContext,
} from '@aftercare/messaging';
import { currentMessageContext } from '@aftercare/observability';
import { ConcurrencyError, DuplicateKeyError, isDuplicateKey } from './errors';
import { prepareCollection, type SecondaryIndex } from './collections';
import { VERSION_GUARD_INDEX, type UniqueIndex } from './query-shapes';
import { SharedReads } from './shared-reads';
import { SharedWrites, WRITE_ID_FIELD } from './shared-writes';

/** How many handled message ids a document remembers for de-duplication. */
const HANDLED_MEMORY = 200;

export interface PublishingSettings {
  /** Logical topic the aggregate's events go to. */
  topic: string;
  /** `ce_source`, e.g. `/aftercare/intake`. */
  source: string;
  relay?: OutboxRelay;
  schemas?: SchemaRegistry;
}

/**
 * A message that is not the aggregate's own event but belongs to the same state change (e.g. a
 * customer notification request on the shared notifications topic). Stored in the same write.
 */
export interface AccompanyingMessage {
  topic: string;
  type: string;
  data: unknown;
  caseId?: string;
  /** Kafka key and `ce_subject`; default the aggregate id. */
  subject?: string;
}

export interface SaveOptions {
  alsoPublish?: AccompanyingMessage[];
}

/** Fields every aggregate document carries besides its own state. */
export interface AggregateDocument extends Document {
  _id: string;
  tenantId: string;
  version: number;
  _outbox?: OutboxEntry[];
  _outboxPending?: boolean;
  /** When the oldest pending event was stored: a sweep leaves young ones to their saver's own publish. */
  _outboxSince?: Date;
  _outboxLeaseUntil?: Date | null;
  _outboxClaim?: string | null;
  _handled?: string[];
  /**
   * The W3C trace context the aggregate was created in, kept for its whole life: every later
   * change emits its events in this trace, so one case (and the work order made from it) is one trace.
   */
  _trace?: StoredTraceContext;
}

/**
 * Answers the relay's lease compare-and-set `{ _id, _outboxClaim }` (a missing claim matches
 * `null` on both stores). Trivially unique, like VERSION_GUARD_INDEX.
 */
export const OUTBOX_CLAIM_INDEX: UniqueIndex = { name: 'outbox_claim', keys: { _id: 1, _outboxClaim: 1 } };

/** The relay's choice of candidates on MongoDB (a scan on the embedded store, which ignores it). */
export const OUTBOX_PENDING_INDEX: SecondaryIndex = { keys: { _outboxPending: 1 }, sparse: true };

/** Unique indexes every aggregate collection gets, for the hot-path filters below. */
export const AGGREGATE_UNIQUE_INDEXES: readonly UniqueIndex[] = [VERSION_GUARD_INDEX, OUTBOX_CLAIM_INDEX];

/**
 * The hot-path filters of every aggregate repository, shaped to match a unique index exactly
 * (checked against AGGREGATE_UNIQUE_INDEXES by test/query-shapes.test.ts).
 */
export const aggregateFilters = {
  /** Load: by `_id` alone; the tenant is checked on the document read. */
  byId: (id: string) => ({ _id: id }),
  /** Save: the version guard, answered by VERSION_GUARD_INDEX. */
  versionGuard: (id: string, tenantId: string, version: number) => ({ _id: id, tenantId, version }),
  /** Acknowledge: the relay's `$pull` by `_id`. */
  outboxOf: (id: string) => ({ _id: id }),
  /** Claim read-back and acknowledge read-back: several documents by `_id`. */
  byIds: (ids: string[]) => ({ _id: { $in: ids } }),
  /** Claim: lease a candidate only if its claim is still the one read (compare-and-set). */
  claimedAs: (id: string, claim: string | null) => ({ _id: id, _outboxClaim: claim }),
};

/**
 * Stores one aggregate type. `save` is ONE version-guarded single-document write that changes
 * the state and appends the pending events to the document's outbox, so an event exists exactly
 * when its state change does. The same class is the outbox store the relay drains.
 */
export abstract class AggregateRepository<A extends AggregateRoot, D extends AggregateDocument = AggregateDocument>
  implements OutboxStore
{
  protected readonly collection: Collection<D>;
  /** Saves of the moment share one store command, and so do loads by `_id` (ADR 0053). */
  private readonly writes: SharedWrites<D>;
  private readonly reads: SharedReads<D>;
  private readonly schemas: SchemaRegistry;
  /**
   * What each loaded aggregate's document holds in its outbox, as far as this process knows:
   * read with the document, extended by each save. A save hands it to the relay with the new
   * entries, so leftovers leave first and the outbox can be emptied under the version guard.
   */
  private readonly knownOutbox = new WeakMap<A, OutboxEntry[]>();
  /**
   * The trace stored with each loaded or saved aggregate; null when its document has none (stored
   * before traces were kept, or without telemetry): the next save adopts the active one.
   */
  private readonly storedTrace = new WeakMap<A, StoredTraceContext | null>();

  protected constructor(
    protected readonly model: Model<D>,
    private readonly aggregateName: string,
    private readonly publishing: PublishingSettings,
  ) {
    this.collection = model.collection as unknown as Collection<D>;
    this.writes = new SharedWrites(this.collection);
    this.reads = new SharedReads(this.collection);
    this.schemas = publishing.schemas ?? contractsRegistry();
    publishing.relay?.register(this);
  }

  /** The aggregate's own state as stored (without _id, tenantId, version and outbox fields). */
  protected abstract toDocument(aggregate: A): Record<string, unknown>;
  protected abstract toAggregate(document: D): A;

  get outboxName(): string {
    return this.collection.collectionName;
  }

  /**
   * Creates the collection with the indexes declared on the schema, the outbox index (MongoDB's
   * claim), the hot-path unique indexes and the repository's own (`unique`), before first use.
   */
  async ensureIndexes(unique: readonly UniqueIndex[] = []): Promise<void> {
    const declared = this.model.schema.indexes().map(([keys, options]) => ({ keys: keys as Record<string, 1 | -1>, ...(options as object) }));
    await prepareCollection(this.collection, {
      indexes: [...declared, OUTBOX_PENDING_INDEX],
      unique: [...AGGREGATE_UNIQUE_INDEXES, ...unique],
    });
  }

  async findById(tenantId: string, id: string): Promise<A | null> {
    // `{ _id, tenantId }` would scan on mongo-java-server: look up by `_id`, then check the tenant.
    const document = await this.reads.findOne(id);
    return document && document.tenantId === tenantId ? this.revive(document) : null;
  }

  /** Stored documents by `_id`, read together with the other loads of the moment; missing ones are left out. */
  protected findDocuments(ids: readonly string[]): Promise<D[]> {
    return this.reads.findMany(ids);
  }

  async findOne(tenantId: string, filter: Record<string, unknown>): Promise<A | null> {
    const document = await this.collection.findOne({ ...filter, tenantId } as Filter<D>);
    return document ? this.revive(document as D) : null;
  }

  /**
   * The aggregate of a stored document, remembering its outbox for the next save. Finders of
   * aggregates that may be saved use this rather than `toAggregate`; a save of an aggregate
   * loaded otherwise still publishes at once, and a sweep tidies its outbox flag later.
   */
  protected revive(document: D): A {
    const aggregate = this.toAggregate(document);
    this.knownOutbox.set(aggregate, (document._outbox ?? []).map(stripMongoFields));
    this.storedTrace.set(aggregate, document._trace?.traceparent ? stripUndefined(document._trace) : null);
    return aggregate;
  }

  /**
   * Writes the change in the aggregate's own trace (see `inTraceOf`): an HTTP command, a message
   * from another trace or a timer changing a loaded aggregate emits its events with the trace id
   * stored when the aggregate was created. One mechanism for every aggregate of every service.
   * An aggregate revived without `revive` (no stored trace known) keeps the active trace.
   */
  async save(aggregate: A, options: SaveOptions = {}): Promise<void> {
    // A command that changed nothing (an empty PATCH) writes nothing: the version and the ETag stay.
    if (aggregate.version > 0 && aggregate.unchanged && aggregate.pendingEvents.length === 0 && !options.alsoPublish?.length) return;
    const stored = aggregate.version === 0 ? undefined : (this.storedTrace.get(aggregate) ?? undefined);
    const attributes = { 'aftercare.aggregate.type': this.aggregateName, 'aftercare.aggregate.id': aggregate.id };
    await inTraceOf(stored, `change ${this.aggregateName}`, attributes, () => this.write(aggregate, options));
  }

  /**
   * Runs `work` in the trace stored with `aggregate` (loaded or saved by this repository), so an
   * aggregate that `work` creates is born in it: e.g. a survey response to an invitation joins
   * the trace of the invitation's case instead of the answering request's.
   */
  inTraceOfAggregate<T>(aggregate: A, work: () => Promise<T>): Promise<T> {
    const attributes = { 'aftercare.aggregate.type': this.aggregateName, 'aftercare.aggregate.id': aggregate.id };
    return inTraceOf(this.storedTrace.get(aggregate) ?? undefined, `follow ${this.aggregateName}`, attributes, work);
  }

  private async write(aggregate: A, options: SaveOptions): Promise<void> {
    const entries = this.outboxEntries(aggregate, options.alsoPublish ?? []);
    const expected = aggregate.version;
    const handled = aggregate.handledMessageIds.slice(-HANDLED_MEMORY);
    const state = withoutOutboxFields(this.toDocument(aggregate));
    const now = new Date();
    // Kept once stored; a document without one (older, or saved without telemetry) takes the active one.
    const trace = expected === 0 || this.storedTrace.get(aggregate) === null ? traceToStore() : undefined;
    if (expected === 0) {
      try {
        await this.writes.insert({
          ...state,
          _id: aggregate.id,
          tenantId: aggregate.tenantId,
          version: 1,
          ...(trace ? { _trace: trace } : {}),
          _handled: handled,
          _outbox: entries,
          ...(entries.length ? { _outboxPending: true, _outboxSince: now } : {}),
        } as never);
      } catch (error) {
        if (isDuplicateKey(error)) throw new DuplicateKeyError(this.aggregateName, (error as Error).message);
        throw error;
      }
    } else {
      const matched = await this.writes.guardedUpdate(
        aggregateFilters.versionGuard(aggregate.id, aggregate.tenantId, expected) as Filter<D> & { _id: string },
        {
          $set: { ...state, version: expected + 1, _handled: handled, ...(trace ? { _trace: trace } : {}), ...(entries.length ? { _outboxPending: true } : {}) },
          ...(entries.length ? { $push: { _outbox: { $each: entries } }, $min: { _outboxSince: now } } : {}),
        } as never,
      );
      if (!matched) throw new ConcurrencyError(this.aggregateName, aggregate.id, expected);
    }
    aggregate.markPersisted(expected + 1);
    if (trace) this.storedTrace.set(aggregate, trace);
    else if (expected === 0) this.storedTrace.set(aggregate, null);
    this.publishAfterSave(aggregate, entries, expected === 0 ? [] : this.knownOutbox.get(aggregate));
  }

  private publishAfterSave(aggregate: A, entries: OutboxEntry[], before: OutboxEntry[] | undefined): void {
    const relay = this.publishing.relay;
    const waiting = [...(before ?? []).filter((e) => !relay?.wasPublished(e.envelope.id)), ...entries];
    if (before) this.knownOutbox.set(aggregate, waiting);
    if (!entries.length || !relay) return;
    relay.publishSaved(this, {
      documentId: aggregate.id,
      tenantId: aggregate.tenantId,
      version: aggregate.version,
      entries: before ? waiting : entries,
      complete: before !== undefined,
    });
  }

  private outboxEntries(aggregate: A, accompanying: AccompanyingMessage[]): OutboxEntry[] {
    const context = currentMessageContext();
    const trace = captureTraceContext();
    const now = new Date();
    const messages = [
      ...aggregate.pendingEvents.map((e) => ({ ...e, topic: this.publishing.topic, subject: aggregate.id })),
      ...accompanying.map((m) => ({ ...m, occurredAt: now, subject: m.subject ?? aggregate.id })),
    ];
    return messages.map((event) => {
      // Validated before the write: a malformed event must never reach the outbox and block it.
      this.schemas.assertValid(event.type, event.data);
      const id = randomUUID();
      return {
        topic: event.topic,
        envelope: {
          id,
          type: event.type,
          source: this.publishing.source,
          time: event.occurredAt.toISOString(),
          subject: event.subject,
          tenantId: aggregate.tenantId,
          caseId: event.caseId,
          correlationId: context.correlationId ?? id,
          causationId: context.causationId,
          ...stripUndefined(trace),
          data: event.data,
        },
      };
    });
  }

  /**
   * Leases up to `limit` documents with pending events: pick candidates (the one query here that
   * scans on mongo-java-server), lease each with a compare-and-set on the claim it had when
   * picked, read back by `_id` what this call won.
   */
  async claim(limit: number, leaseMs: number, options: ClaimOptions = {}): Promise<ClaimedOutbox[]> {
    const now = new Date();
    const free = {
      ...(options.documentIds ? { _id: { $in: options.documentIds } } : {}),
      _outboxPending: true,
      $and: [
        { $or: [{ _outboxLeaseUntil: null }, { _outboxLeaseUntil: { $lt: now } }] },
        ...(options.pendingBefore ? [{ $or: [{ _outboxSince: null }, { _outboxSince: { $lt: options.pendingBefore } }] }] : []),
      ],
    };
    const candidates = await this.collection
      .find(free as Filter<D>, { projection: { _id: 1, _outboxClaim: 1 } })
      .limit(limit)
      .toArray();
    if (!candidates.length) return [];
    const token = randomUUID();
    const leaseUntil = new Date(now.getTime() + leaseMs);
    await this.collection.bulkWrite(
      candidates.map((candidate) => ({
        updateOne: {
          filter: aggregateFilters.claimedAs(String(candidate._id), (candidate as AggregateDocument)._outboxClaim ?? null) as Filter<D>,
          update: { $set: { _outboxLeaseUntil: leaseUntil, _outboxClaim: token } } as never,
        },
      })),
      { ordered: false },
    );
    const leased = await this.collection
      .find(aggregateFilters.byIds(candidates.map((c) => String(c._id))) as Filter<D>, { projection: { _outbox: 1, _outboxClaim: 1 } })
      .toArray();
    return leased
      .filter((document) => (document as AggregateDocument)._outboxClaim === token)
      .map((document) => ({
        documentId: String(document._id),
        entries: ((document as AggregateDocument)._outbox ?? []).map(stripMongoFields),
      }));
  }

  /**
   * Pulls the published entries, then clears the pending flag of each document whose outbox is
   * now empty — guarded by the version read with it, so a save in between (which appends events
   * and bumps the version) keeps the flag. Every write and read here is by `_id`.
   */
  async acknowledge(published: Array<{ documentId: string; entryIds: string[] }>): Promise<void> {
    if (!published.length) return;
    await this.collection.bulkWrite(
      published.map(({ documentId, entryIds }) => ({
        updateOne: {
          filter: aggregateFilters.outboxOf(documentId) as Filter<D>,
          update: { $pull: { _outbox: { 'envelope.id': { $in: entryIds } } }, $set: { _outboxLeaseUntil: null, _outboxClaim: null } } as never,
        },
      })),
      { ordered: true },
    );
    const after = await this.collection
      .find(aggregateFilters.byIds(published.map((p) => p.documentId)) as Filter<D>, { projection: { _outbox: 1, tenantId: 1, version: 1 } })
      .toArray();
    const drained = after.filter((document) => !((document as AggregateDocument)._outbox ?? []).length);
    if (!drained.length) return;
    await this.collection.bulkWrite(
      drained.map((document) => ({
        updateOne: {
          filter: aggregateFilters.versionGuard(String(document._id), String(document.tenantId), Number(document.version)) as Filter<D>,
          update: { $unset: { _outboxPending: '', _outboxSince: '' } } as never,
        },
      })),
      { ordered: false },
    );
  }

  /**
   * A drained save empties the outbox under its version guard (one write: nothing else can be
   * in it at that version); otherwise, or when the document has moved on, only its own entries
   * are pulled by `_id` and the pending flag waits for a later drained save or the sweep.
   */
  async acknowledgeSaved(published: PublishedSave[]): Promise<void> {
    if (!published.length) return;
    const emptyUnderGuard = (save: PublishedSave) => ({
      updateOne: {
        filter: aggregateFilters.versionGuard(save.documentId, save.tenantId, save.version) as Filter<D>,
        update: { $set: { _outbox: [] }, $unset: { _outboxPending: '', _outboxSince: '' } } as never,
      },
    });
    const pullOwn = (save: PublishedSave) => ({
      updateOne: {
        filter: aggregateFilters.outboxOf(save.documentId) as Filter<D>,
        update: { $pull: { _outbox: { 'envelope.id': { $in: save.entryIds } } } } as never,
      },
    });
    const drained = published.filter((save) => save.drained);
    const result = await this.collection.bulkWrite(
      published.map((save) => (save.drained ? emptyUnderGuard(save) : pullOwn(save))),
      { ordered: false },
    );
    // Some guarded write missed (a newer save got in first): pull those entries by `_id` instead.
    if (drained.length && result.matchedCount < published.length) {
      await this.collection.bulkWrite(drained.map(pullOwn), { ordered: false });
    }
  }

  async release(documentIds: string[]): Promise<void> {
    if (!documentIds.length) return;
    await this.collection.updateMany(aggregateFilters.byIds(documentIds) as Filter<D>, { $set: { _outboxLeaseUntil: null, _outboxClaim: null } } as never);
  }

  async backlog(): Promise<number> {
    return this.collection.countDocuments({ _outboxPending: true } as Filter<D>);
  }
}

/** The outbox and trace bookkeeping belong to this class; a state write never carries them, even by accident. */
function withoutOutboxFields(state: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(state).filter(([key]) => !key.startsWith('_outbox') && key !== '_handled' && key !== '_trace' && key !== WRITE_ID_FIELD && key !== '_id'),
  );
}

/** The active trace context to keep with an aggregate; undefined when there is none to keep. */
function traceToStore(): StoredTraceContext | undefined {
  const captured = captureTraceContext();
  return captured.traceparent ? stripUndefined(captured) : undefined;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function stripMongoFields(entry: OutboxEntry): OutboxEntry {
  return { topic: entry.topic, envelope: stripUndefined(entry.envelope) as OutboxEntry['envelope'] };
}
