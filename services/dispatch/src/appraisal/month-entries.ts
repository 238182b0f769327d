import { createHash } from 'node:crypto';
import type { Collection, Connection } from 'mongoose';
import { isDuplicateKey, prepareCollection, type UniqueIndex } from '@aftercare/persistence';

interface MonthDocument {
  _id: string;
  tenantId: string;
  month: string;
  /** Under the store's field name, keyed by a digest of the entry's id: the same id again sets the same entry. */
  [field: string]: unknown;
}

/** Runs an upsert by `_id`; when another writer inserted the document first, runs it again (then it updates). */
export async function upsertRacing(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    await write();
  }
}

/** Read and written by `_id` only: no other index. */
export const MONTH_ENTRIES_UNIQUE_INDEXES: readonly UniqueIndex[] = [];

/** The filter of a month's entries, by `_id` (checked by dispatch-query-shapes.spec.ts). */
export const monthEntriesFilters = {
  byMonth: (tenantId: string, month: string) => ({ _id: `${tenantId}|${month}` }),
};

/**
 * What the appraisal keeps of another service's events for a tenant's month: one document per
 * tenant and month, one entry per counted thing (a survey response, a complaint), keyed by its
 * id so that a redelivery or a repeated event writes the same entry again. A month is read whole
 * (the appraisal needs all of it), always by `_id`.
 */
export class MonthEntries<T extends object> {
  private readonly collection: Collection<MonthDocument>;

  /** `field`: the document field holding the entries (survey scores keep theirs under `responses`). */
  constructor(
    connection: Connection,
    name: string,
    private readonly field: string,
  ) {
    this.collection = connection.collection<MonthDocument>(name) as unknown as Collection<MonthDocument>;
  }

  prepare(): Promise<void> {
    return prepareCollection(this.collection, { unique: MONTH_ENTRIES_UNIQUE_INDEXES });
  }

  /** Sets the entry of `id` in the month; the same id again overwrites it. */
  async set(tenantId: string, month: string, id: string, entry: T): Promise<void> {
    const path = `${this.field}.${createHash('sha256').update(id).digest('hex').slice(0, 32)}`;
    const write = () =>
      this.collection.updateOne(
        monthEntriesFilters.byMonth(tenantId, month) as never,
        { $set: { [path]: entry }, $setOnInsert: { tenantId, month } } as never,
        { upsert: true },
      );
    await upsertRacing(write);
  }

  /** The month's entries (none when nothing of the month was kept). */
  async of(tenantId: string, month: string): Promise<T[]> {
    const document = await this.collection.findOne(monthEntriesFilters.byMonth(tenantId, month) as never);
    if (!document || document.tenantId !== tenantId) return [];
    return Object.values((document[this.field] ?? {}) as Record<string, T>);
  }
}
