import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnModuleInit, Optional } from '@nestjs/common';
import type { Collection, Filter } from 'mongodb';
import type { Connection } from 'mongoose';
import { isDuplicateKey } from './errors';
import { ensureExpiryIndex, ExpiringRecords, sweepExpired, type ExpiringCollection } from './expiring-records';
import { MONGO_CONNECTION } from './mongo-connection';

export const LEASES_COLLECTION = 'leases';

/** One held lease: `_id` is the leased thing's key (`<job>|<id>`), `owner` the claim that holds it. */
export interface LeaseDocument {
  _id: string;
  owner: string;
  expiresAt: Date;
}

/** A lease this process won: give it back with `LeaseStore.release`. */
export interface Lease {
  key: string;
  owner: string;
  expiresAt: Date;
}

/**
 * Short exclusive claims on keys, for background work that several instances run at once. The
 * `leases` collection holds only live claims, one document per key, so every operation is an
 * exact `_id` lookup (the one query mongo-java-server answers from an index) on a tiny
 * collection; the leased documents themselves carry no bookkeeping. Taking a free key is an
 * insert (the unique `_id` lets exactly one instance win), taking over an expired one a
 * conditional update; a lease ends when its holder releases it or, if the holder died, when it
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
    await ensureExpiryIndex(this.collection as never);
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
    const takeover = await this.collection.updateOne(
      { _id: key, expiresAt: { $lte: now } } as Filter<LeaseDocument>,
      { $set: { owner, expiresAt } },
    );
    return takeover.modifiedCount === 1 ? { key, owner, expiresAt } : null;
  }

  /** Gives the lease back, if it is still this holder's. */
  async release(lease: Pick<Lease, 'key' | 'owner'>): Promise<void> {
    await this.collection.deleteOne({ _id: lease.key, owner: lease.owner } as Filter<LeaseDocument>);
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
