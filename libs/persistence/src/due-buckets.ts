/**
 * The arithmetic of the due index (the "timer wheel" of DueIndex): which document of `due_work`
 * an item due at an instant is written to, and which documents a pass at an instant reads. Pure
 * functions, no store.
 *
 * - A **bucket** holds the items due in `[start, start + bucketMs)`, spread by item id over
 *   BUCKET_SHARDS documents `<job>|<start in epoch seconds>|<shard>` (many items can share one
 *   instant — every case received overnight has its deadline at the same business hour — and an
 *   array `$addToSet` costs in proportion to its length); a pass computes the keys it needs and
 *   reads them by `_id $in`.
 * - A bucket is **settled** once it ends at least `settleMs` before the pass's `now`: nothing is
 *   written to it any more (a due time that old goes to the overdue documents instead), so the pass
 *   that has handled it may delete it and move the cursor past it. `settleMs` absorbs clock skew
 *   between instances and the time between computing `now` and the write.
 * - **Overdue** documents (`<job>|overdue|<shard>`) take an item whose due time is already settled
 *   when it is scheduled (a late event, a breach to record at once, the backstop's finds); every
 *   pass reads them, whatever its `now`.
 */

export interface DueBucketSettings {
  /** Width of a bucket, ms (a multiple of 1000: keys are in epoch seconds). */
  bucketMs: number;
  /** How long after its end a bucket is still written to and may not be deleted, ms. */
  settleMs: number;
}

/** The overdue documents of a job: a few, so that no one document grows without bound. */
export const OVERDUE_SHARDS = 8;
/** The documents one bucket is spread over. */
export const BUCKET_SHARDS = 16;

/** Start (epoch ms) of the bucket holding instant `at` (epoch ms). */
export function bucketStart(at: number, bucketMs: number): number {
  return Math.floor(at / bucketMs) * bucketMs;
}

/** `_id` of the document of the bucket starting at `start` (epoch ms) that holds `id`'s entries. */
export function bucketKey(job: string, start: number, id: string): string {
  return `${job}|${Math.floor(start / 1000)}|${shardOf(id, BUCKET_SHARDS)}`;
}

/** Every document `_id` of the bucket starting at `start`. */
export function bucketKeys(job: string, start: number): string[] {
  return Array.from({ length: BUCKET_SHARDS }, (_, shard) => `${job}|${Math.floor(start / 1000)}|${shard}`);
}

function shardOf(id: string, shards: number): number {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return hash % shards;
}

export function cursorKey(job: string): string {
  return `${job}|cursor`;
}

export function overdueKeys(job: string): string[] {
  return Array.from({ length: OVERDUE_SHARDS }, (_, shard) => `${job}|overdue|${shard}`);
}

/** The overdue document an item goes to (spread by id). */
export function overdueKeyOf(job: string, id: string): string {
  return `${job}|overdue|${shardOf(id, OVERDUE_SHARDS)}`;
}

/** Buckets starting before this instant (epoch ms) are settled at `now`. */
export function settledBefore(now: number, settings: DueBucketSettings): number {
  return bucketStart(now - settings.settleMs, settings.bucketMs);
}

/** Where an item due at `due` is written when scheduled at `now`: its bucket, or overdue when that bucket is settled. */
export function entryKeyOf(job: string, id: string, due: Date, now: Date, settings: DueBucketSettings): { key: string; due: Date | null } {
  const start = bucketStart(due.getTime(), settings.bucketMs);
  if (start < settledBefore(now.getTime(), settings)) return { key: overdueKeyOf(job, id), due: null };
  return { key: bucketKey(job, start, id), due: new Date(start) };
}

/**
 * Whether moving an item's due time from `previous` to `next` needs a write. Not when both fall
 * into the same bucket that is not settled yet: the entry written for `previous` is still there
 * (nobody deletes an unsettled bucket). `previous` undefined = unknown: always write.
 */
export function needsEntry(previous: Date | null | undefined, next: Date | null, now: Date, settings: DueBucketSettings): boolean {
  if (!next) return false;
  if (!previous) return true;
  const start = bucketStart(next.getTime(), settings.bucketMs);
  return start !== bucketStart(previous.getTime(), settings.bucketMs) || start < settledBefore(now.getTime(), settings);
}

/** Bucket starts from `from` to `to` inclusive (epoch ms, bucket-aligned) with their document keys, in chunks of `chunk` buckets. */
export function* bucketRange(
  job: string,
  from: number,
  to: number,
  settings: DueBucketSettings,
  chunk: number,
): Generator<Array<{ start: number; keys: string[] }>> {
  let batch: Array<{ start: number; keys: string[] }> = [];
  for (let start = from; start <= to; start += settings.bucketMs) {
    batch.push({ start, keys: bucketKeys(job, start) });
    if (batch.length === chunk) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
