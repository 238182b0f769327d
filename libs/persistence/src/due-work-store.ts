import { Inject, Injectable, OnModuleInit, Optional } from '@nestjs/common';
import type { AnyBulkWriteOperation, Collection, Filter } from 'mongodb';
import type { Connection } from 'mongoose';
import { isDuplicateKey } from './errors';
import { cursorKey } from './due-buckets';
import type { DueIndexSettings } from './due-work';
import { MONGO_CONNECTION } from './mongo-connection';
import { prepareCollection } from './collections';
import { SharedWrites } from './shared-writes';
import type { UniqueIndex } from './query-shapes';

export const DUE_WORK_COLLECTION = 'due_work';

/** Injection token: the service's settings of its due indexes (e.g. the backstop interval). */
export const DUE_WORK_SETTINGS = Symbol('DUE_WORK_SETTINGS');

/** A bucket (or overdue document) as read: `v` changes with every write, the guard of its removal. */
export interface DueBucket {
  key: string;
  /** Start of the bucket; null for an overdue document. */
  due: Date | null;
  items: string[];
  v: number;
}

/** How far a job's passes have handled and deleted its buckets, and when its backstop last ran. */
export interface DueCursor {
  upTo: Date;
  backstopAt: Date;
}

export interface DueEntries {
  key: string;
  job: string;
  due: Date | null;
  ids: readonly string[];
}

/**
 * The small store interface DueIndex works on (an in-memory fake in unit specs). Every call is
 * one command addressed by `_id` (or `{ _id, v }`), except `dropBefore`, a rare clean-up.
 */
export interface DueWorkStore {
  /** Adds ids to buckets (created when missing): one upsert per bucket, all in one round trip. */
  add(entries: readonly DueEntries[]): Promise<void>;
  /** The buckets among `keys` that exist. */
  read(keys: readonly string[]): Promise<DueBucket[]>;
  /** Removes `ids` (or the whole bucket) if nothing was written to it since it was read; false otherwise. */
  remove(bucket: DueBucket, ids: readonly string[] | 'all'): Promise<boolean>;
  cursor(job: string): Promise<DueCursor | null>;
  /** Moves the cursor forward only (never back), creating it when missing. */
  advance(job: string, upTo: Date, backstopAt?: Date): Promise<void>;
  /** Deletes the job's buckets that start before `before` (after a long gap, once the backstop has run). */
  dropBefore(job: string, before: Date): Promise<void>;
  /** In-process signal after a save scheduled an item of `job` due at `due` (the job's pass wakes for it). */
  announce?(job: string, due: Date): void;
}

interface DueWorkDocument {
  _id: string;
  job: string;
  due?: Date | null;
  items?: string[];
  v?: number;
  upTo?: Date;
  backstopAt?: Date;
}

/** Answers the guarded removal `{ _id, v }` from an index on mongo-java-server too (trivially unique). */
export const DUE_WORK_UNIQUE_INDEXES: readonly UniqueIndex[] = [{ name: 'due_bucket_version', keys: { _id: 1, v: 1 } }];

/** The due index's filters, each matching a unique index exactly (checked in query-shapes.spec.ts). */
export const dueWorkFilters = {
  /** A bucket's upsert, the cursor's read and write. */
  byKey: (key: string) => ({ _id: key }),
  /** A pass reads the buckets from its cursor to now, and the overdue documents. */
  byKeys: (keys: readonly string[]) => ({ _id: { $in: [...keys] } }),
  /** Removal of what a pass handled, only if nobody added to the bucket since it was read. */
  unchanged: (key: string, v: number) => ({ _id: key, v }),
};

/** The due index of one service's database: collection `due_work`, shared by its jobs (keys start with the job). */
@Injectable()
export class MongoDueWorkStore implements DueWorkStore, OnModuleInit {
  private readonly collection: Collection<DueWorkDocument>;
  /** Entries added by the saves of the moment share one store command (ADR 0053). */
  private readonly writes: SharedWrites<DueWorkDocument>;
  private readonly listeners = new Map<string, Set<(due: Date) => void>>();

  constructor(
    @Inject(MONGO_CONNECTION) connection: Connection,
    /** What the service configured for its jobs' DueIndex (defaults: DEFAULT_DUE_INDEX_SETTINGS). */
    @Optional() @Inject(DUE_WORK_SETTINGS) readonly settings: Partial<DueIndexSettings> = {},
  ) {
    this.collection = connection.collection<DueWorkDocument>(DUE_WORK_COLLECTION) as unknown as Collection<DueWorkDocument>;
    this.writes = new SharedWrites(this.collection);
  }

  async onModuleInit(): Promise<void> {
    await prepareCollection(this.collection, { unique: DUE_WORK_UNIQUE_INDEXES });
  }

  /**
   * Tells `listener` whenever a save in this process schedules an item of `job` (ADR 0045): the
   * job's pass can sleep long while nothing is due and still run when the work it waits for is.
   * Returns the unsubscribe.
   */
  whenScheduled(job: string, listener: (due: Date) => void): () => void {
    const listeners = this.listeners.get(job) ?? new Set();
    listeners.add(listener);
    this.listeners.set(job, listeners);
    return () => listeners.delete(listener);
  }

  announce(job: string, due: Date): void {
    for (const listener of this.listeners.get(job) ?? []) listener(due);
  }

  async add(entries: readonly DueEntries[]): Promise<void> {
    if (!entries.length) return;
    const operations: AnyBulkWriteOperation<DueWorkDocument>[] = entries.map(({ key, job, due, ids }) => ({
      updateOne: {
        filter: dueWorkFilters.byKey(key),
        update: { $addToSet: { items: { $each: [...ids] } }, $inc: { v: 1 }, $setOnInsert: { job, due } },
        upsert: true,
      },
    }));
    try {
      await this.writes.write(operations);
    } catch (error) {
      // Two upserts of a new bucket at once: one inserted it, the other now finds it. Adding is idempotent.
      if (!isDuplicateKey(error)) throw error;
      await this.writes.write(operations);
    }
  }

  async read(keys: readonly string[]): Promise<DueBucket[]> {
    if (!keys.length) return [];
    const documents = await this.collection.find(dueWorkFilters.byKeys(keys) as Filter<DueWorkDocument>).toArray();
    return documents.map((d) => ({ key: d._id, due: d.due ?? null, items: d.items ?? [], v: d.v ?? 0 }));
  }

  async remove(bucket: DueBucket, ids: readonly string[] | 'all'): Promise<boolean> {
    const guard = dueWorkFilters.unchanged(bucket.key, bucket.v) as Filter<DueWorkDocument>;
    if (ids === 'all') {
      return (await this.collection.deleteOne(guard)).deletedCount === 1;
    }
    if (!ids.length) return true;
    const result = await this.collection.updateOne(guard, { $pull: { items: { $in: [...ids] } }, $inc: { v: 1 } });
    return result.matchedCount === 1;
  }

  async cursor(job: string): Promise<DueCursor | null> {
    const document = await this.collection.findOne(dueWorkFilters.byKey(cursorKey(job)));
    return document?.upTo ? { upTo: document.upTo, backstopAt: document.backstopAt ?? new Date(0) } : null;
  }

  async advance(job: string, upTo: Date, backstopAt?: Date): Promise<void> {
    await this.collection.updateOne(
      dueWorkFilters.byKey(cursorKey(job)),
      { $max: { upTo }, $set: { job, ...(backstopAt ? { backstopAt } : {}) } },
      { upsert: true },
    );
  }

  async dropBefore(job: string, before: Date): Promise<void> {
    // A range: a scan of `due_work` on mongo-java-server (a small collection), only after a long gap.
    await this.collection.deleteMany({ job, due: { $lt: before } } as Filter<DueWorkDocument>);
  }
}
