import { Injectable } from '@nestjs/common';
import type { Collection, Document, Filter } from 'mongodb';
import { prepareCollection, type PreparableCollection } from './collections';

/** The field every expiring record carries: the instant after which it may be deleted. */
export const EXPIRES_AT = 'expiresAt';

/** A collection whose records expire; `sweep` deletes those expired at `now` and says how many. */
export interface ExpiringCollection {
  readonly name: string;
  sweep(now: Date): Promise<number>;
}

/**
 * The TTL index on `expiresAt` (MongoDB deletes expired records by itself, about once a minute).
 * mongo-java-server stores the index but never expires anything: the periodic sweep is what keeps
 * the collection bounded there, and it is the tested path.
 */
export async function ensureExpiryIndex(collection: PreparableCollection): Promise<void> {
  await prepareCollection(collection, { expiring: true });
}

/** Deletes the records whose `expiresAt` is at or before `now` (plus any records `also` names). */
export async function sweepExpired<D extends Document>(collection: Collection<D>, now: Date, also?: Filter<D>): Promise<number> {
  const expired = { [EXPIRES_AT]: { $lte: now } } as unknown as Filter<D>;
  const result = await collection.deleteMany(also ? ({ $or: [expired, also] } as Filter<D>) : expired);
  return result.deletedCount;
}

/**
 * Every expiring collection of the service, registered by its store at start-up and swept
 * together by the platform's store sweeper.
 */
@Injectable()
export class ExpiringRecords {
  private readonly collections = new Map<string, ExpiringCollection>();

  register(collection: ExpiringCollection): void {
    this.collections.set(collection.name, collection);
  }

  get registered(): readonly ExpiringCollection[] {
    return [...this.collections.values()];
  }

  /** One sweep of every registered collection: records deleted per collection. */
  async sweep(now: Date): Promise<Record<string, number>> {
    const deleted: Record<string, number> = {};
    for (const collection of this.collections.values()) deleted[collection.name] = await collection.sweep(now);
    return deleted;
  }
}
