import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Collection, Filter } from 'mongodb';
import { ConcurrencyError, DueWorkQueue, LeaseStore, MONGO_CONNECTION, isDuplicateKey, type ClaimedWork } from '@aftercare/persistence';
import { reviveClock, type ClockName, type PolicyCriteria, type ResolvedClock, type SlaClock } from '@aftercare/sla';

/**
 * One SLA clock of one case (`_id` = `<caseId>:<clock>`), the companion of the case document:
 * the case owns its events, this document owns the clock, its definition, the next instant the
 * scheduler must look at it and how far escalation has gone. The scheduler's claim on it is a
 * lease in the `leases` collection (`sla-clock|<_id>`), not a field of the clock.
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

@Injectable()
export class SlaClockStore implements OnModuleInit {
  private readonly collection: Collection<SlaClockDocument>;
  private readonly due: DueWorkQueue<SlaClockDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection, leases: LeaseStore) {
    this.collection = connection.collection('sla_clocks') as unknown as Collection<SlaClockDocument>;
    this.due = new DueWorkQueue(SLA_CLOCK_JOB, leases, (now, limit, exclude) => this.findDue(now, limit, exclude));
  }

  async onModuleInit(): Promise<void> {
    await this.collection.createIndex({ nextCheckAt: 1 });
    await this.collection.createIndex({ tenantId: 1, caseId: 1 });
  }

  /** Raw documents, for queries and tests; never for changes. */
  get documents(): Collection<SlaClockDocument> {
    return this.collection;
  }

  async find(tenantId: string, id: string): Promise<SlaClockDocument | null> {
    return revive(await this.collection.findOne({ _id: id, tenantId } as Filter<SlaClockDocument>));
  }

  async findForCase(tenantId: string, caseId: string): Promise<SlaClockDocument[]> {
    const documents = await this.collection.find({ tenantId, caseId } as Filter<SlaClockDocument>).sort({ _id: 1 }).toArray();
    return documents.map(reviveDocument);
  }

  /** Stores a new clock; false when the clock already exists (a redelivered start). */
  async insert(document: Omit<SlaClockDocument, 'version' | 'createdAt' | 'updatedAt'>): Promise<boolean> {
    const now = new Date();
    try {
      await this.collection.insertOne({ ...document, version: 1, createdAt: now, updatedAt: now });
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
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await this.find(tenantId, id);
      if (!current) return null;
      if (expectedVersion !== undefined && current.version !== expectedVersion) throw new ConcurrencyError('sla clock', id, expectedVersion);
      const change = decide(current);
      if (!change) return current;
      const updatedAt = new Date();
      const result = await this.collection.updateOne(
        { _id: id, version: current.version } as Filter<SlaClockDocument>,
        { $set: { ...change, updatedAt }, $inc: { version: 1 } } as never,
      );
      if (result.matchedCount === 1) return { ...current, ...change, version: current.version + 1, updatedAt };
    }
    throw new ConcurrencyError('sla clock', id, -1);
  }

  // ---- due work (the scheduler) ---------------------------------------------------------------

  /**
   * Leases up to `limit` clocks due at `now` (nextCheckAt <= now) that no live lease holds, for
   * `leaseMs`: two instances never hold the same clock.
   */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<ClaimedClock[]> {
    return this.due.claimDue(now, limit, leaseMs);
  }

  /**
   * Stores the scheduler's result and ends the lease. The write is guarded by the version the
   * claim read: false when an event changed the clock meanwhile (the clock, now released, is
   * evaluated again from its new state).
   */
  async complete(claimed: ClaimedClock, change: ClockChange): Promise<boolean> {
    const result = await this.collection.updateOne(
      { _id: claimed.item._id, version: claimed.item.version } as Filter<SlaClockDocument>,
      { $set: { ...change, updatedAt: new Date() }, $inc: { version: 1 } } as never,
    );
    await this.due.done(claimed);
    return result.matchedCount === 1;
  }

  /** Ends the lease without a change (the clock is due again at once). */
  release(claimed: ClaimedClock): Promise<void> {
    return this.due.done(claimed);
  }

  private async findDue(now: Date, limit: number, exclude: readonly string[]): Promise<SlaClockDocument[]> {
    const documents = await this.collection
      .find({ nextCheckAt: { $lte: now }, ...(exclude.length ? { _id: { $nin: [...exclude] } } : {}) } as Filter<SlaClockDocument>)
      .sort({ nextCheckAt: 1 })
      .limit(limit)
      .toArray();
    return documents.map(reviveDocument);
  }
}

/** Documents come back with Dates, but a clock's optional fields may come back as null: normalise through reviveClock. */
function revive(document: SlaClockDocument | null): SlaClockDocument | null {
  return document ? reviveDocument(document) : null;
}

function reviveDocument(document: SlaClockDocument): SlaClockDocument {
  return { ...document, clock: reviveClock(document.clock) };
}
