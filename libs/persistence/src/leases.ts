import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnModuleInit, Optional } from '@nestjs/common';
import type { Collection, Filter } from 'mongodb';
import type { Connection } from 'mongoose';
import { isDuplicateKey } from './errors';
import { prepareCollection } from './collections';
import { ExpiringRecords, sweepExpired, type ExpiringCollection } from './expiring-records';
import { MONGO_CONNECTION } from './mongo-connection';
import type { UniqueIndex } from './query-shapes';

export const LEASES_COLLECTION = 'leases';

/** One held lease: `_id` is the leased thing's key (`<job>|<id>`), `owner` the claim that holds it. */
export interface LeaseDocument {
  _id: string;
  owner: string;
  expiresAt: Date;
}

/** Answers release and take-over (`{ _id, owner }`) from an index on mongo-java-server too. */
export const LEASE_UNIQUE_INDEXES: readonly UniqueIndex[] = [{ name: 'lease_owner', keys: { _id: 1, owner: 1 } }];

/** The lease hot path's filters (checked against LEASE_UNIQUE_INDEXES by test/query-shapes.test.ts). */
export const leaseFilters = {
  byKey: (key: string) => ({ _id: key }),
  /** Compare-and-set on the holder: owner tokens are unique per claim. */
  heldBy: (key: string, owner: string) => ({ _id: key, owner }),
};

/** A lease this process won: give it back with `LeaseStore.release`. */
export interface Lease {
  key: string;
  owner: string;
  expiresAt: Date;
}

/**
 * Short exclusive claims on keys, for background work that several instances run at once. The
 * `leases` collection holds only live claims, one document per key, and every operation matches
 * a unique index's keys exactly (`_id`, or `{ _id, owner }`: the only shapes mongo-java-server
 * answers from an index); the leased documents themselves carry no bookkeeping. Taking a free key
 * is an insert (the unique `_id` lets exactly one instance win), taking over an expired one a
 * compare-and-set on its holder; a lease ends when its holder releases it or, if the holder died, when it
 * expires (`expiresAt`: TTL index and the platform's sweep).
 */
@Injectable()
export class LeaseStore implements OnModuleInit, ExpiringCollection {
  readonly name = LEASES_COLLECTION;
  /** This process, as the first part of every lease owner (logs, diagnostics). */
  readonly instanceId = randomUUID();
  private readonly collection: Collection<LeaseDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection, @Optional() expiring?: ExpiringRecords) {
    this.collection = connection.collection<LeaseDocument>(LEASES_COLLECTION) as unknown as Collection<LeaseDocument>;
    expiring?.register(this);
  }

  async onModuleInit(): Promise<void> {
    await prepareCollection(this.collection, { expiring: true, unique: LEASE_UNIQUE_INDEXES });
  }

  /** A fresh owner token: two claims of the same process never share a lease. */
  newOwner(): string {
    return `${this.instanceId}/${randomUUID()}`;
  }

  /** Takes `key` for `leaseMs` from `now` if nobody holds it (or their lease ran out); null otherwise. */
  async acquire(key: string, owner: string, now: Date, leaseMs: number): Promise<Lease | null> {
    const expiresAt = new Date(now.getTime() + leaseMs);
    try {
      await this.collection.insertOne({ _id: key, owner, expiresAt });
      return { key, owner, expiresAt };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    // Take-over of an expired lease: read it, then compare-and-set on its holder. A range filter
    // (`expiresAt: { $lte: now }`) would scan on mongo-java-server; `{ _id, owner }` is a key lookup.
    const current = await this.collection.findOne(leaseFilters.byKey(key));
    if (!current || current.expiresAt.getTime() > now.getTime()) return null;
    const takeover = await this.collection.updateOne(leaseFilters.heldBy(key, current.owner) as Filter<LeaseDocument>, { $set: { owner, expiresAt } });
    return takeover.modifiedCount === 1 ? { key, owner, expiresAt } : null;
  }

  /** Gives the lease back, if it is still this holder's. */
  async release(lease: Pick<Lease, 'key' | 'owner'>): Promise<void> {
    await this.collection.deleteOne(leaseFilters.heldBy(lease.key, lease.owner) as Filter<LeaseDocument>);
  }

  /** Keys under `prefix` leased by anyone and still live at `now`. */
  async heldKeys(prefix: string, now: Date): Promise<string[]> {
    const documents = await this.collection.find({ expiresAt: { $gt: now } } as Filter<LeaseDocument>, { projection: { _id: 1 } }).toArray();
    return documents.map((d) => d._id).filter((id) => id.startsWith(prefix));
  }

  async sweep(now: Date): Promise<number> {
    return sweepExpired(this.collection, now);
  }
}
