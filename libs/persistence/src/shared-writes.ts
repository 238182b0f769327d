import { randomUUID } from 'node:crypto';
import type { AnyBulkWriteOperation, Collection, Document, Filter, UpdateFilter } from 'mongodb';
import { MomentBatches } from './moment-batches';

/**
 * The field a guarded update written with others stamps with its own id: when the shared
 * command's matched count falls short, the stamp read back tells which guarded updates matched.
 */
export const WRITE_ID_FIELD = '_writeId';

/** The one query shared writes send: the stamps of guarded updates, by `_id` (the `_id` index, on both stores). */
export const sharedWriteFilters = {
  stampsOf: (ids: unknown[]) => ({ _id: { $in: ids } }),
};

/** How many operations one shared command carries at most. */
const MAX_OPERATIONS = 500;

/** One operation's own failure within a shared command (e.g. its duplicate key, code 11000). */
export class SharedWriteError extends Error {
  constructor(
    message: string,
    readonly code: number | undefined,
  ) {
    super(message);
    this.name = 'SharedWriteError';
  }
}

interface Queued<D extends Document> {
  operations: AnyBulkWriteOperation<D>[];
  /** A guarded update: the document's `_id` and the stamp it writes. */
  guard?: { id: unknown; writeId: string };
  resolve(matched: boolean): void;
  reject(error: unknown): void;
}

interface Outcome {
  /** Each operation's own error, by its index in the command. */
  errors: Map<number, SharedWriteError>;
  /**
   * The updates that did not fail: whether every one matched or inserted its document, none did,
   * or some did (each applies to one document at most, so the shared counts tell the first two).
   */
  updatesApplied: 'all' | 'none' | 'some';
}

/**
 * Group commit for single-document writes of one collection: the writes that callers ask for in
 * the same turn of the event loop — or while the previous shared command is in flight — leave
 * as ONE unordered `bulkWrite`, and each caller learns its own outcome. On these stores one
 * command of 50 documents costs the calling process and the store an order of magnitude less
 * per document than 50 commands (`bench/store-client.bench.ts`), and a burst of messages handled
 * side by side asks for many writes at once (ADR 0053).
 *
 * What each caller gets is what its own command would have given: an insert rejects with its
 * own duplicate key; a guarded update resolves whether it matched (a version guard that missed).
 * The shared counts tell that when every update applied or none did; otherwise each guarded
 * update's stamp (`WRITE_ID_FIELD`) is read back by `_id`. A later write that replaced the stamp
 * between the two makes a matched update read as missed — a false conflict the caller retries
 * (message handlers skip what they handled), never a false success. Unordered is safe because no
 * two operations of one command depend on each other: a guarded update needs the version an
 * earlier write returned, so two saves of one document are never in one command.
 */
export class SharedWrites<D extends Document> {
  private readonly batches: MomentBatches<Queued<D>>;

  constructor(
    private readonly collection: Collection<D>,
    maxOperations = MAX_OPERATIONS,
  ) {
    this.batches = new MomentBatches((batch) => this.writeBatch(batch), maxOperations, (request) => request.operations.length);
  }

  /** Inserts the document; rejects with its own error (a duplicate key has code 11000). */
  async insert(document: D): Promise<void> {
    await this.enqueue([{ insertOne: { document: document as never } }]);
  }

  /**
   * Updates the one document `filter` finds by `_id` and whatever guard it adds (a version);
   * resolves whether it matched. The update must be an operator document (no pipeline).
   */
  guardedUpdate(filter: Filter<D> & { _id: unknown }, update: UpdateFilter<D>): Promise<boolean> {
    const writeId = randomUUID();
    return this.enqueue([{ updateOne: { filter, update: stampedWith(update, writeId) } }], { id: filter._id, writeId });
  }

  /** Writes operations whose outcome needs no telling apart (e.g. idempotent upserts); rejects if any failed. */
  async write(operations: AnyBulkWriteOperation<D>[]): Promise<void> {
    if (operations.length) await this.enqueue(operations);
  }

  private enqueue(operations: AnyBulkWriteOperation<D>[], guard?: Queued<D>['guard']): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => this.batches.add({ operations, guard, resolve, reject }));
  }

  private async writeBatch(batch: Queued<D>[]): Promise<void> {
    let outcome: Outcome;
    try {
      outcome = await this.bulkWrite(batch.flatMap((request) => request.operations));
    } catch (error) {
      for (const request of batch) request.reject(error);
      return;
    }
    let index = 0;
    const guarded: Queued<D>[] = [];
    for (const request of batch) {
      const failed = request.operations.map((_, i) => outcome.errors.get(index + i)).find((error) => error);
      if (failed) request.reject(failed);
      else if (request.guard && outcome.updatesApplied === 'none') request.resolve(false);
      else if (request.guard && outcome.updatesApplied === 'some') guarded.push(request);
      else request.resolve(true);
      index += request.operations.length;
    }
    if (guarded.length) await this.tellGuardedApart(guarded);
  }

  private async bulkWrite(operations: AnyBulkWriteOperation<D>[]): Promise<Outcome> {
    const updates = operations.filter((operation) => 'updateOne' in operation).length;
    try {
      const result = await this.collection.bulkWrite(operations, { ordered: false });
      return { errors: new Map(), updatesApplied: appliedOf(result.matchedCount + result.upsertedCount, updates) };
    } catch (error) {
      const partial = asBulkWriteFailure(error);
      if (!partial) throw error;
      const errors = new Map(partial.writeErrors.map((e) => [e.index, new SharedWriteError(e.errmsg ?? `write error ${e.code}`, e.code)]));
      const failedUpdates = [...errors.keys()].filter((i) => 'updateOne' in operations[i]).length;
      const applied = partial.result.matchedCount + partial.result.upsertedCount;
      return { errors, updatesApplied: appliedOf(applied, updates - failedUpdates) };
    }
  }

  /** The shared matched count fell short: each guarded update matched if its stamp is on its document. */
  private async tellGuardedApart(requests: Queued<D>[]): Promise<void> {
    try {
      const ids = requests.map((request) => request.guard?.id);
      const stamps = await this.collection
        .find(sharedWriteFilters.stampsOf(ids) as Filter<D>, { projection: { [WRITE_ID_FIELD]: 1 } })
        .toArray();
      const stampOf = new Map(stamps.map((document) => [String(document._id), (document as Document)[WRITE_ID_FIELD] as unknown]));
      for (const request of requests) request.resolve(stampOf.get(String(request.guard?.id)) === request.guard?.writeId);
    } catch (error) {
      for (const request of requests) request.reject(error);
    }
  }
}

function appliedOf(applied: number, updates: number): Outcome['updatesApplied'] {
  if (applied === updates) return 'all';
  return applied === 0 ? 'none' : 'some';
}

/** The update with the stamp added to its `$set` (the caller's objects are left as they were). */
export function stampedWith<D extends Document>(update: UpdateFilter<D>, writeId: string): UpdateFilter<D> {
  if (Array.isArray(update)) throw new Error('a shared guarded update takes an operator document, not a pipeline');
  return { ...update, $set: { ...(update.$set ?? {}), [WRITE_ID_FIELD]: writeId } } as unknown as UpdateFilter<D>;
}

interface BulkWriteFailure {
  writeErrors: Array<{ index: number; code?: number; errmsg?: string }>;
  result: { matchedCount: number; upsertedCount: number };
}

/** The driver's MongoBulkWriteError: some operations failed, the others were applied. */
function asBulkWriteFailure(error: unknown): BulkWriteFailure | null {
  const candidate = error as Partial<BulkWriteFailure> | null;
  if (!candidate || !Array.isArray(candidate.writeErrors) || !candidate.writeErrors.length || !candidate.result) return null;
  return candidate as BulkWriteFailure;
}
