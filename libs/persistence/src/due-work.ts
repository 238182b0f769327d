import { Logger } from '@nestjs/common';
import { BUCKET_SHARDS, bucketRange, bucketStart, entryKeyOf, needsEntry, overdueKeys, settledBefore, type DueBucketSettings } from './due-buckets';
import type { DueBucket, DueEntries, DueWorkStore } from './due-work-store';
import type { Lease, LeaseStore } from './leases';

/** A piece of due work leased to this instance: handle it, then end the lease (or let it expire). */
export interface ClaimedWork<T> {
  readonly item: T;
  readonly lease: Lease;
}

/** What DueIndex needs of the lease store. */
export type Leases = Pick<LeaseStore, 'acquire' | 'release' | 'newOwner'>;

/** An item and the instant it is due, as the backstop's scan finds it. */
export interface DueEntry {
  id: string;
  due: Date;
}

/**
 * The job's side of the due index, written by the repository that owns the items — the only
 * place that knows how "due" is stored (`nextCheckAt`, or a rule over the document).
 */
export interface DueSource<T extends { _id: string }> {
  /** The items with these ids that exist (one `_id $in` read). */
  load(ids: readonly string[]): Promise<T[]>;
  /** When the item is due according to its own stored state; null: nothing to do. */
  dueAt(item: T): Date | null;
  /**
   * The backstop's scan (a full scan on mongo-java-server, run rarely): every item due at or
   * before `upTo`, or with `upTo` null every item that has a due time at all.
   */
  scan(upTo: Date | null): AsyncIterable<DueEntry>;
}

export interface DueIndexSettings extends DueBucketSettings {
  /** A pass whose cursor lags further behind than this skips the buckets in between: the backstop finds their items. */
  catchUpMs: number;
  /** How often the backstop scan runs besides at start-up (0: only at start-up). */
  backstopIntervalMs: number;
  /** Lease on a whole pass of a job: one instance at a time walks the buckets. */
  passLeaseMs: number;
}

export const DEFAULT_DUE_INDEX_SETTINGS: DueIndexSettings = {
  bucketMs: 10_000,
  settleMs: 30_000,
  catchUpMs: 24 * 3_600_000,
  backstopIntervalMs: 3_600_000,
  passLeaseMs: 5 * 60_000,
};

export interface PassOptions {
  /** Items handled at most in this pass; the rest wait for the next one. */
  limit: number;
  /** Lease on each item while it is handled; a failed item is looked at again after this. */
  leaseMs: number;
  /** Checked between items: true stops the pass (shutdown); what is not handled stays. */
  stopped?: () => boolean;
}

export interface PassReport {
  /** False when another instance's pass of the job held the pass lease. */
  ran: boolean;
  /** Items leased and handed to the job. */
  claimed: number;
  /** Handlings that threw: the item stays, looked at again after its lease. */
  failed: number;
  /** Items the backstop scan found (null: it did not run in this pass). */
  backstopFound: number | null;
}

/** Keys read per `_id $in`, and items loaded per `_id $in`. */
const KEYS_PER_READ = 2000;
const ITEMS_PER_LOAD = 200;
const ENTRIES_PER_WRITE = 1000;

/**
 * Finds a background job's due work in O(1) per pass on both stores: a time-bucketed due index
 * (a "timer wheel") in the service's `due_work` collection, read by `_id` only — never a scan
 * of the job's items. The reasons: docs/decisions/0014-due-work-timer-wheel.md.
 *
 * - **Scheduling is intent first**: the repository calls `schedule` (or `scheduleFor`) BEFORE
 *   the write that sets the item's new due time; a crash in between leaves a stale entry, which a
 *   pass skips, never a due time without an entry. It writes only when the due time moves to
 *   another bucket. Old entries are never removed on a reschedule: a pass loads each item and acts
 *   only when it is really due per its own stored state (`DueSource.dueAt`).
 * - **A pass** (one instance at a time per job: a pass lease) reads the overdue documents and the
 *   buckets from the job's cursor up to `now` by `_id $in`, catching up after downtime; leases
 *   every item that is due (two instances never handle one item at once) and hands it to the job;
 *   then deletes each settled bucket, guarded by its version, and moves the cursor past it. An
 *   item whose handling threw, or that another instance holds, moves to the bucket after its
 *   lease: never lost.
 * - **The backstop** — the job's old scan — runs at the first pass of each process and then
 *   every `backstopIntervalMs`, and puts what it finds into the overdue documents: entries lost
 *   with a restore, or items stored before the index existed. The very first pass of a job on a
 *   database (no cursor yet) indexes every item that has a due time.
 */
export class DueIndex<T extends { _id: string }> {
  private readonly settings: DueIndexSettings;
  private readonly logger: Logger;
  /** The due time each loaded object had when read: a save that does not move it writes nothing. */
  private readonly tracked = new WeakMap<object, Date | null>();
  private backstopDone = false;

  constructor(
    /** The job's name: prefix of its keys in `due_work` and `leases`. */
    readonly job: string,
    private readonly store: DueWorkStore,
    private readonly leases: Leases,
    private readonly source: DueSource<T>,
    settings: Partial<DueIndexSettings> = {},
  ) {
    this.settings = { ...DEFAULT_DUE_INDEX_SETTINGS, ...settings };
    this.logger = new Logger(`due-work:${job}`);
  }

  // ---- scheduling -------------------------------------------------------------------------------

  /** Remembers the due time an object had when it was loaded (see `scheduleFor`). */
  track(loaded: object, due: Date | null): void {
    this.tracked.set(loaded, due);
  }

  /**
   * Intent first, for an object loaded through `track` (or new): writes the entry for `next`
   * unless the object's due time stays in the same unsettled bucket. Call before saving.
   */
  async scheduleFor(object: object, id: string, next: Date | null, now: Date = new Date()): Promise<void> {
    await this.schedule(id, next, this.tracked.has(object) ? this.tracked.get(object) : undefined, now);
    this.tracked.set(object, next);
  }

  /** Intent first: writes the entry for `next` (from `previous`; undefined = unknown) before the item's write. */
  async schedule(id: string, next: Date | null, previous?: Date | null, now: Date = new Date()): Promise<void> {
    if (!next) return;
    if (needsEntry(previous, next, now, this.settings)) {
      const { key, due } = entryKeyOf(this.job, id, next, now, this.settings);
      await this.store.add([{ key, job: this.job, due, ids: [id] }]);
    }
    // Also when no entry was needed: the due time may have moved earlier within its bucket.
    this.store.announce?.(this.job, next);
  }

  /** Ends an item's lease (the job calls it once the item is handled). */
  done(work: ClaimedWork<T>): Promise<void> {
    return this.leases.release(work.lease);
  }

  // ---- the pass -----------------------------------------------------------------------------------

  /** One pass at `now`: hands every item due by then (up to `limit`) to `handle`, leased. */
  async pass(now: Date, options: PassOptions, handle: (work: ClaimedWork<T>) => Promise<void>): Promise<PassReport> {
    const report: PassReport = { ran: false, claimed: 0, failed: 0, backstopFound: null };
    const passLease = await this.leases.acquire(`${this.job}|pass`, this.leases.newOwner(), now, this.settings.passLeaseMs);
    if (!passLease) return report;
    report.ran = true;
    try {
      const run = new PassRun(this, now, options, handle, report);
      const { from, cursor } = await this.prepare(now, report);
      for (const bucket of await this.store.read(overdueKeys(this.job))) {
        if (!(await run.work(bucket, 'overdue'))) return report;
      }
      await this.walk(run, from, cursor, now);
      return report;
    } finally {
      await this.leases.release(passLease);
    }
  }

  /**
   * The cursor, created (after indexing everything) on a job's first pass; the backstop when due.
   * Returns where to start reading (never after the settled buckets: a pass at an earlier instant
   * than the last one still reads what is open at its instant) and where the cursor is.
   */
  private async prepare(now: Date, report: PassReport): Promise<{ from: number; cursor: number }> {
    const settled = settledBefore(now.getTime(), this.settings);
    const cursor = await this.store.cursor(this.job);
    if (!cursor) {
      report.backstopFound = await this.index(this.source.scan(null), now);
      await this.store.advance(this.job, new Date(settled), now);
      this.backstopDone = true;
      return { from: settled, cursor: settled };
    }
    const gap = settled - cursor.upTo.getTime() > this.settings.catchUpMs;
    const interval = this.settings.backstopIntervalMs;
    const backstopDue = !this.backstopDone || gap || (interval > 0 && now.getTime() - cursor.backstopAt.getTime() >= interval);
    const upTo = cursor.upTo.getTime();
    if (!backstopDue) return { from: Math.min(upTo, settled), cursor: upTo };
    report.backstopFound = await this.index(this.source.scan(now), now);
    this.backstopDone = true;
    if (gap) {
      // Everything the skipped buckets held that is still due was just found by the scan.
      await this.store.dropBefore(this.job, new Date(settled));
      await this.store.advance(this.job, new Date(settled), now);
      return { from: settled, cursor: settled };
    }
    await this.store.advance(this.job, cursor.upTo, now);
    return { from: Math.min(upTo, settled), cursor: upTo };
  }

  /** Writes an entry for each item found by a scan (overdue ones to the overdue documents); how many. */
  private async index(found: AsyncIterable<DueEntry>, now: Date): Promise<number> {
    let count = 0;
    let batch = new Map<string, DueEntries & { ids: string[] }>();
    const flush = async () => {
      await this.store.add([...batch.values()]);
      batch = new Map();
    };
    for await (const { id, due } of found) {
      const entry = entryKeyOf(this.job, id, due, now, this.settings);
      const group = batch.get(entry.key) ?? { key: entry.key, job: this.job, due: entry.due, ids: [] };
      group.ids.push(id);
      batch.set(entry.key, group);
      if (++count % ENTRIES_PER_WRITE === 0) await flush();
    }
    await flush();
    if (count) this.logger.log({ msg: 'backstop indexed due items', job: this.job, count });
    return count;
  }

  /** The buckets from `from` to now's, oldest first; the cursor moves past each settled one handled in full. */
  private async walk(run: PassRun<T>, from: number, cursor: number, now: Date): Promise<void> {
    const settled = settledBefore(now.getTime(), this.settings);
    const last = bucketStart(now.getTime(), this.settings.bucketMs);
    let upTo = from;
    // The cursor only moves forward (`advance` is a `$max`): a pass at an earlier instant leaves it.
    const moveCursor = async () => {
      if (upTo <= cursor) return;
      await this.store.advance(this.job, new Date(upTo));
      cursor = upTo;
    };
    for (const chunk of bucketRange(this.job, from, last, this.settings, Math.max(1, Math.floor(KEYS_PER_READ / BUCKET_SHARDS)))) {
      const documents = new Map((await this.store.read(chunk.flatMap((b) => b.keys))).map((d) => [d.key, d]));
      for (const { start, keys } of chunk) {
        const isSettled = start < settled;
        for (const key of keys) {
          const document = documents.get(key);
          if (document && !(await run.work(document, isSettled ? 'settled' : 'open'))) return moveCursor();
        }
        if (isSettled) upTo = start + this.settings.bucketMs;
      }
      await moveCursor();
    }
  }

  /** Internal to PassRun: keys and writes. */
  retryEntry(id: string, now: Date, leaseMs: number): DueEntries {
    const at = new Date(now.getTime() + leaseMs);
    const { key, due } = entryKeyOf(this.job, id, at, now, this.settings);
    return { key, job: this.job, due, ids: [id] };
  }

  /** Internal to PassRun: the entry that has a pass look at an item again while the bucket of `now` is open. */
  recheckEntry(id: string, now: Date): DueEntries {
    const { key, due } = entryKeyOf(this.job, id, now, now, this.settings);
    return { key, job: this.job, due, ids: [id] };
  }

  get dueStore(): DueWorkStore {
    return this.store;
  }

  get dueSource(): DueSource<T> {
    return this.source;
  }

  get leaseStore(): Leases {
    return this.leases;
  }
}

type BucketKind = 'overdue' | 'settled' | 'open';

/** One pass's state: the budget, what it has seen, the owner of its item leases. */
class PassRun<T extends { _id: string }> {
  private readonly seen = new Set<string>();
  private readonly owner: string;
  private readonly logger: Logger;

  constructor(
    private readonly index: DueIndex<T>,
    private readonly now: Date,
    private readonly options: PassOptions,
    private readonly handle: (work: ClaimedWork<T>) => Promise<void>,
    private readonly report: PassReport,
  ) {
    this.owner = index.leaseStore.newOwner();
    this.logger = new Logger(`due-work:${index.job}`);
  }

  /**
   * Handles the due items of one bucket. An open bucket is left as it is (items not due yet stay;
   * handled ones are stale next time). From an overdue document the items handled or no longer
   * due are removed; a settled bucket is deleted, what could not be handled moved to the bucket
   * after its lease first. False: stop the pass here (budget spent, shutdown, or the bucket
   * changed meanwhile).
   */
  async work(bucket: DueBucket, kind: BucketKind): Promise<boolean> {
    const done: string[] = [];
    const retry: string[] = [];
    const missing: string[] = [];
    const ids = bucket.items.filter((id) => {
      if (!this.seen.has(id)) return true;
      done.push(id);
      return false;
    });
    let interrupted = false;
    for (let i = 0; i < ids.length && !interrupted; i += ITEMS_PER_LOAD) {
      const chunk = ids.slice(i, i + ITEMS_PER_LOAD);
      const items = new Map((await this.index.dueSource.load(chunk)).map((item) => [item._id, item]));
      for (const id of chunk) {
        if (this.report.claimed >= this.options.limit || this.options.stopped?.()) {
          interrupted = true;
          break;
        }
        const outcome = await this.one(id, items.get(id));
        if (outcome === 'done') done.push(id);
        else if (outcome === 'retry') retry.push(id);
        else if (outcome === 'missing') missing.push(id);
      }
    }
    if (kind === 'open') return !interrupted;
    if (kind === 'overdue') {
      // An entry is written before its item (intent first): an item not stored yet may be on its
      // way. Its entry moves to the bucket of now, looked at by every pass until that bucket is
      // settled — by then the item is written, or its write failed and the entry is rightly dropped.
      if (missing.length) await this.index.dueStore.add(missing.map((id) => this.index.recheckEntry(id, this.now)));
      const gone = [...done, ...missing];
      if (gone.length) await this.index.dueStore.remove(bucket, gone.length === bucket.items.length ? 'all' : gone);
      return !interrupted;
    }
    done.push(...missing);
    // Settled: intent first — what stays is written to its new bucket before this one goes.
    if (retry.length) await this.index.dueStore.add(retry.map((id) => this.index.retryEntry(id, this.now, this.options.leaseMs)));
    if (interrupted) {
      await this.index.dueStore.remove(bucket, [...done, ...retry]);
      return false;
    }
    return this.index.dueStore.remove(bucket, 'all');
  }

  /** 'done': handled or stale; 'retry': due but not handled; 'later': not due at this pass's instant; 'missing': not stored (yet). */
  private async one(id: string, item: T | undefined): Promise<'done' | 'retry' | 'later' | 'missing'> {
    if (!item) return 'missing';
    const due = this.index.dueSource.dueAt(item);
    if (!due) return 'done';
    // Not due yet: in a settled bucket a stale entry (the item was rescheduled, which wrote its new
    // entry first); in an open or overdue one it waits.
    if (due.getTime() > this.now.getTime()) return 'later';
    const lease = await this.index.leaseStore.acquire(`${this.index.job}|${id}`, this.owner, this.now, this.options.leaseMs);
    if (!lease) return 'retry';
    this.seen.add(id);
    this.report.claimed += 1;
    try {
      await this.handle({ item, lease });
      return 'done';
    } catch (error) {
      // The lease is kept until it expires: the item is looked at again after it, not in a tight loop.
      this.report.failed += 1;
      this.logger.error({ msg: 'due item failed', job: this.index.job, id, err: (error as Error).message });
      return 'retry';
    }
  }
}

/**
 * A lease on a whole pass of a job that needs no more than one instance at a time (e.g. a
 * reconciliation walking every technician): null when another instance's pass holds it.
 */
export async function claimPass(leases: Leases, job: string, now: Date, leaseMs: number): Promise<Lease | null> {
  return leases.acquire(`${job}|pass`, leases.newOwner(), now, leaseMs);
}
