import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Collection, Filter } from 'mongodb';
import {
  ConcurrencyError,
  DueIndex,
  LeaseStore,
  MONGO_CONNECTION,
  MongoDueWorkStore,
  RememberedDocuments,
  SharedWrites,
  VERSION_GUARD_INDEX,
  isDuplicateKey,
  prepareCollection,
  type ClaimedWork,
  type DueSource,
  type PassOptions,
  type PassReport,
  type UniqueIndex,
} from '@aftercare/persistence';
import { CLOCK_NAMES, reviveClock, type ClockName, type PolicyCriteria, type ResolvedClock, type SlaClock } from '@aftercare/sla';

/**
 * One SLA clock of one case (`_id` = `<caseId>:<clock>`), the companion of the case document:
 * the case owns its events, this document owns the clock, its definition, the next instant the
 * scheduler must look at it and how far escalation has gone. The scheduler finds due clocks
 * through the due index (`due_work`, job `sla-clock`), written before every write that moves
 * `nextCheckAt`; its claim on a clock is a lease in the `leases` collection (`sla-clock|<_id>`).
 */
export interface SlaClockDocument {
  _id: string;
  tenantId: string;
  caseId: string;
  name: ClockName;
  clock: SlaClock;
  /** The resolved definition the clock runs on (target, calendar, pause states, escalation chain). */
  definition: ResolvedClock;
  /** The case attributes the definition was resolved from. */
  criteria: PolicyCriteria;
  /** The scheduler looks at the clock at or after this instant; null = nothing to do until an event changes it. */
  nextCheckAt: Date | null;
  /** Escalation steps already sent to the case (0 = none). */
  escalationStep: number;
  /** The case has recorded the breach (its sla-breached event is in the case's outbox). */
  breachNotified: boolean;
  /** Bumped by every change; the guard of every write. A claim does not bump it. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export type ClockChange = Partial<
  Pick<SlaClockDocument, 'clock' | 'definition' | 'criteria' | 'nextCheckAt' | 'escalationStep' | 'breachNotified'>
>;

export const clockIdOf = (caseId: string, name: ClockName): string => `${caseId}:${name}`;

const MAX_ATTEMPTS = 5;

/** The scheduler's job name: lease keys are `sla-clock|<clock id>`. */
export const SLA_CLOCK_JOB = 'sla-clock';

/** A due clock leased to this scheduler instance. */
export type ClaimedClock = ClaimedWork<SlaClockDocument>;

/** The version guard of every clock write, answered by this index on mongo-java-server too. */
export const SLA_CLOCK_UNIQUE_INDEXES: readonly UniqueIndex[] = [VERSION_GUARD_INDEX];

/** The clock store's hot-path filters, each matching a unique index exactly (checked in sla-clock.store.spec.ts). */
export const slaClockFilters = {
  /** A clock by id; the tenant is checked on the document read. */
  byId: (id: string) => ({ _id: id }),
  /** The clocks of a case: their ids are `<caseId>:<clock name>`. */
  byIds: (ids: readonly string[]) => ({ _id: { $in: [...ids] } }),
  /** Every write: only if the clock is still at the version read. */
  versionGuard: (id: string, tenantId: string, version: number) => ({ _id: id, tenantId, version }),
};

@Injectable()
export class SlaClockStore implements OnModuleInit {
  private readonly collection: Collection<SlaClockDocument>;
  /** Clock writes of the moment share one store command (ADR 0053). */
  private readonly writes: SharedWrites<SlaClockDocument>;
  private readonly due: DueIndex<SlaClockDocument>;
  /**
   * The clocks this instance started, read or changed last: the case's next event (its reply,
   * mostly moments after the start) is decided on that copy and written under its version
   * without reading the clock again — one store command per clock change instead of two.
   */
  private readonly remembered = new RememberedDocuments<SlaClockDocument>();

  constructor(@Inject(MONGO_CONNECTION) connection: Connection, leases: LeaseStore, dueWork: MongoDueWorkStore) {
    this.collection = connection.collection('sla_clocks') as unknown as Collection<SlaClockDocument>;
    this.writes = new SharedWrites(this.collection);
    this.due = new DueIndex(SLA_CLOCK_JOB, dueWork, leases, this.dueSource(), dueWork.settings);
  }

  async onModuleInit(): Promise<void> {
    // For the backstop's scan on MongoDB, and the case's clocks by tenant; the hot path is by `_id`.
    await prepareCollection(this.collection, {
      indexes: [{ keys: { nextCheckAt: 1 } }, { keys: { tenantId: 1, caseId: 1 } }],
      unique: SLA_CLOCK_UNIQUE_INDEXES,
    });
  }

  /** Raw documents, for queries and tests; never for changes. */
  get documents(): Collection<SlaClockDocument> {
    return this.collection;
  }

  async find(tenantId: string, id: string): Promise<SlaClockDocument | null> {
    // `{ _id, tenantId }` would scan on mongo-java-server: look up by `_id`, then check the tenant.
    const document = await this.collection.findOne(slaClockFilters.byId(id) as Filter<SlaClockDocument>);
    if (!document || document.tenantId !== tenantId) return null;
    const clock = reviveDocument(document);
    this.remembered.remember(clock);
    return clock;
  }

  async findForCase(tenantId: string, caseId: string): Promise<SlaClockDocument[]> {
    const ids = CLOCK_NAMES.map((name) => clockIdOf(caseId, name));
    const documents = await this.collection.find(slaClockFilters.byIds(ids) as Filter<SlaClockDocument>).toArray();
    return documents
      .filter((d) => d.tenantId === tenantId)
      .sort((a, b) => a._id.localeCompare(b._id))
      .map(reviveDocument);
  }

  /** Stores a new clock; false when the clock already exists (a redelivered start). */
  async insert(document: Omit<SlaClockDocument, 'version' | 'createdAt' | 'updatedAt'>): Promise<boolean> {
    const now = new Date();
    // Intent first: the due entry before the clock (a redelivered start leaves a stale entry at worst).
    await this.due.schedule(document._id, document.nextCheckAt, null, now);
    try {
      const stored = { ...document, version: 1, createdAt: now, updatedAt: now };
      await this.writes.insert({ ...stored });
      this.remembered.remember(stored);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /**
   * Reads the clock, lets `decide` compute the change, and writes it guarded by the version it
   * read; on a concurrent change (the scheduler or another event) it reads again. `decide`
   * returns null for "nothing to change". Returns the stored document, or null when there is no
   * such clock. With `expectedVersion` (an HTTP client's If-Match) a clock at another version is a
   * ConcurrencyError instead of a fresh decision.
   */
  async update(
    tenantId: string,
    id: string,
    decide: (current: SlaClockDocument) => ClockChange | null,
    expectedVersion?: number,
  ): Promise<SlaClockDocument | null> {
    // A client's If-Match is checked against the stored clock, never against a remembered copy.
    let remembered = expectedVersion === undefined ? this.remembered.recall(tenantId, id) : undefined;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = remembered ?? (await this.find(tenantId, id));
      const fromMemory = remembered !== undefined;
      remembered = undefined;
      if (!current) return null;
      if (expectedVersion !== undefined && current.version !== expectedVersion) throw new ConcurrencyError('sla clock', id, expectedVersion);
      const change = decide(current);
      // "Nothing to change" only holds for the stored clock: a remembered copy may be behind it.
      if (!change && fromMemory) continue;
      if (!change) return current;
      const updatedAt = new Date();
      if (change.nextCheckAt !== undefined) await this.due.schedule(id, change.nextCheckAt, current.nextCheckAt, updatedAt);
      const matched = await this.writes.guardedUpdate(
        slaClockFilters.versionGuard(id, current.tenantId, current.version) as Filter<SlaClockDocument> & { _id: string },
        { $set: { ...change, updatedAt }, $inc: { version: 1 } } as never,
      );
      if (matched) {
        const stored = { ...current, ...change, version: current.version + 1, updatedAt };
        this.remembered.remember(stored);
        return stored;
      }
      this.remembered.forget(id);
    }
    throw new ConcurrencyError('sla clock', id, -1);
  }

  // ---- due work (the scheduler) ---------------------------------------------------------------

  /**
   * One pass of the scheduler at `now`: every clock due by then (up to `options.limit`) is leased
   * to this instance and handed to `handle`, which ends with `complete` or `release`. A clock
   * whose handling throws keeps its lease and is looked at again after it.
   */
  passDue(now: Date, options: PassOptions, handle: (claimed: ClaimedClock) => Promise<void>): Promise<PassReport> {
    return this.due.pass(now, options, handle);
  }

  /**
   * Stores the scheduler's result and ends the lease. The write is guarded by the version the
   * claim read: false when an event changed the clock meanwhile (that write scheduled the clock's
   * next look itself).
   */
  async complete(claimed: ClaimedClock, change: ClockChange): Promise<boolean> {
    const clock = claimed.item;
    if (change.nextCheckAt !== undefined) await this.due.schedule(clock._id, change.nextCheckAt, clock.nextCheckAt);
    const updatedAt = new Date();
    const matched = await this.writes.guardedUpdate(
      slaClockFilters.versionGuard(clock._id, clock.tenantId, clock.version) as Filter<SlaClockDocument> & { _id: string },
      { $set: { ...change, updatedAt }, $inc: { version: 1 } } as never,
    );
    if (matched) this.remembered.remember({ ...clock, ...change, version: clock.version + 1, updatedAt });
    else this.remembered.forget(clock._id);
    await this.due.done(claimed);
    return matched;
  }

  /** Ends the lease without a change. */
  release(claimed: ClaimedClock): Promise<void> {
    return this.due.done(claimed);
  }

  private dueSource(): DueSource<SlaClockDocument> {
    const collection = () => this.collection;
    return {
      load: async (ids) => (await collection().find(slaClockFilters.byIds(ids) as Filter<SlaClockDocument>).toArray()).map(reviveDocument),
      dueAt: (clock) => clock.nextCheckAt,
      async *scan(upTo) {
        const filter = upTo ? { nextCheckAt: { $lte: upTo } } : { nextCheckAt: { $ne: null } };
        const found = collection().find(filter as Filter<SlaClockDocument>, { projection: { _id: 1, nextCheckAt: 1 } });
        for await (const clock of found) if (clock.nextCheckAt) yield { id: clock._id, due: clock.nextCheckAt };
      },
    };
  }
}

/** Documents come back with Dates, but a clock's optional fields may come back as null: normalise through reviveClock. */
function reviveDocument(document: SlaClockDocument): SlaClockDocument {
  return { ...document, clock: reviveClock(document.clock) };
}
