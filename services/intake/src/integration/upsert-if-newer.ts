import type { Collection, Filter } from 'mongodb';

type Keyed = { _id: string } & Record<string, unknown>;
import { isDuplicateKey, type UniqueIndex } from '@aftercare/persistence';

/**
 * The unique index that answers the compare-and-set `{ _id, <field> }` of `upsertIfNewer`:
 * trivially unique (it contains `_id`), declared so mongo-java-server finds the document by key
 * instead of scanning (docs/local-stack.md, the rule for repository queries).
 */
export const newerWinsIndex = (field: string): UniqueIndex => ({ name: `${field}_guard`, keys: { _id: 1, [field]: 1 } });

/** The filters `upsertIfNewer` sends (checked against `newerWinsIndex` in upsert-if-newer.spec.ts). */
export const newerWinsFilters = {
  byId: (_id: string) => ({ _id }),
  /** The document still carries the version read (a missing field matches `null` on both stores). */
  unchangedSince: (_id: string, field: string, stored: Date | null) => ({ _id, [field]: stored }),
};

/**
 * Stores `document` under `_id` unless the stored one is as new or newer by `field` (a source
 * timestamp). Read by `_id`, then insert or compare-and-set on the timestamp read; a concurrent
 * writer in between makes it read again. True when it changed the store.
 */
export async function upsertIfNewer<D extends Record<string, unknown>>(
  collection: Collection<Keyed>,
  _id: string,
  field: keyof D & string,
  document: D,
): Promise<boolean> {
  const incoming = document[field] as unknown as Date;
  for (;;) {
    const current = await collection.findOne(newerWinsFilters.byId(_id) as Filter<Keyed>);
    if (!current) {
      try {
        await collection.insertOne({ ...document, _id } as never);
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) continue;
        throw error;
      }
    }
    const value: unknown = current[field];
    const stored = value instanceof Date ? value : null;
    if (stored && stored.getTime() >= incoming.getTime()) return false;
    const result = await collection.updateOne(newerWinsFilters.unchangedSince(_id, field, stored) as Filter<Keyed>, { $set: document } as never);
    if (result.matchedCount) return true;
  }
}
