import {
  BUCKET_SHARDS,
  bucketKey,
  bucketKeys,
  bucketRange,
  bucketStart,
  cursorKey,
  entryKeyOf,
  needsEntry,
  overdueKeyOf,
  overdueKeys,
  settledBefore,
  OVERDUE_SHARDS,
} from './due-buckets';
import { DueIndex, type ClaimedWork, type DueEntry, type DueSource, type Leases } from './due-work';
import type { DueBucket, DueCursor, DueEntries, DueWorkStore } from './due-work-store';
import type { Lease } from './leases';

const S = { bucketMs: 10_000, settleMs: 30_000 };
const t0 = Date.parse('2026-03-02T08:00:00Z');
const at = (ms: number) => new Date(t0 + ms);

describe('due bucket arithmetic', () => {
  it('floors an instant to the start of its 10 s bucket, keyed in epoch seconds and spread over shards by id', () => {
    expect(bucketStart(t0 + 9_999, S.bucketMs)).toBe(t0);
    expect(bucketStart(t0 + 10_000, S.bucketMs)).toBe(t0 + 10_000);
    expect(bucketStart(t0 - 1, S.bucketMs)).toBe(t0 - 10_000);
    expect(bucketKey('job', t0, 'a')).toMatch(new RegExp(`^job\\|${t0 / 1000}\\|\\d+$`));
    expect(bucketKey('job', t0, 'a')).toBe(bucketKey('job', t0, 'a'));
    expect(bucketKeys('job', t0)).toHaveLength(BUCKET_SHARDS);
    expect(new Set(Array.from({ length: 500 }, (_, i) => bucketKey('job', t0, `case-${i}`))).size).toBe(BUCKET_SHARDS);
    expect(bucketKeys('job', t0)).toContain(bucketKey('job', t0, 'a'));
    expect(cursorKey('job')).toBe('job|cursor');
  });

  it('settles a bucket once it ended settleMs before now', () => {
    // now = t0 + 45 s: now − 30 s = t0 + 15 s, whose bucket starts at t0 + 10 s; buckets before it are settled.
    expect(settledBefore(t0 + 45_000, S)).toBe(t0 + 10_000);
  });

  it('writes an entry to its bucket, or to an overdue document when that bucket is settled', () => {
    const now = at(60_000);
    expect(entryKeyOf('job', 'a', at(125_000), now, S)).toEqual({ key: bucketKey('job', t0 + 120_000, 'a'), due: at(120_000) });
    expect(entryKeyOf('job', 'a', at(30_000), now, S)).toEqual({ key: bucketKey('job', t0 + 30_000, 'a'), due: at(30_000) });
    expect(entryKeyOf('job', 'a', at(29_999), now, S)).toEqual({ key: overdueKeyOf('job', 'a'), due: null });
    expect(entryKeyOf('job', 'a', new Date(0), now, S).key).toMatch(/^job\|overdue\|\d$/);
  });

  it('spreads overdue entries over a fixed set of documents, the same one for the same id', () => {
    const keys = new Set(Array.from({ length: 200 }, (_, i) => overdueKeyOf('job', `item-${i}`)));
    expect(keys.size).toBe(OVERDUE_SHARDS);
    expect([...keys].every((key) => overdueKeys('job').includes(key))).toBe(true);
    expect(overdueKeyOf('job', 'x')).toBe(overdueKeyOf('job', 'x'));
  });

  it('needs a write only when the due time moves to another bucket, or its bucket is settled', () => {
    const now = at(0);
    expect(needsEntry(at(60_000), at(65_000), now, S)).toBe(false);
    expect(needsEntry(at(60_000), at(70_000), now, S)).toBe(true);
    expect(needsEntry(null, at(60_000), now, S)).toBe(true);
    expect(needsEntry(undefined, at(60_000), now, S)).toBe(true);
    expect(needsEntry(at(60_000), null, now, S)).toBe(false);
    // Same bucket, but settled: the old entry may be gone with its bucket.
    expect(needsEntry(at(-60_000), at(-55_000), now, S)).toBe(true);
  });

  it('lists bucket keys from one bucket to another inclusive, in chunks', () => {
    const chunks = [...bucketRange('job', t0, t0 + 40_000, S, 2)];
    expect(chunks.map((c) => c.map((k) => k.start - t0))).toEqual([[0, 10_000], [20_000, 30_000], [40_000]]);
    expect(chunks[0][1].keys).toEqual(bucketKeys('job', t0 + 10_000));
    expect([...bucketRange('job', t0 + 10_000, t0, S, 2)]).toEqual([]);
  });
});

/** The store interface in memory, with the same guard semantics as MongoDueWorkStore. */
class MemoryDueStore implements DueWorkStore {
  readonly buckets = new Map<string, DueBucket & { job: string }>();
  readonly cursors = new Map<string, DueCursor>();
  readonly announced: Array<{ job: string; due: Date }> = [];
  reads = 0;

  announce(job: string, due: Date): void {
    this.announced.push({ job, due });
  }

  async add(entries: readonly DueEntries[]): Promise<void> {
    for (const { key, job, due, ids } of entries) {
      const bucket = this.buckets.get(key) ?? { key, job, due, items: [], v: 0 };
      bucket.items = [...new Set([...bucket.items, ...ids])];
      bucket.v += 1;
      this.buckets.set(key, bucket);
    }
  }
  async read(keys: readonly string[]): Promise<DueBucket[]> {
    this.reads += 1;
    return keys.flatMap((key) => {
      const bucket = this.buckets.get(key);
      return bucket ? [{ ...bucket, items: [...bucket.items] }] : [];
    });
  }
  async remove(bucket: DueBucket, ids: readonly string[] | 'all'): Promise<boolean> {
    const stored = this.buckets.get(bucket.key);
    if (!stored || stored.v !== bucket.v) return false;
    if (ids === 'all') this.buckets.delete(bucket.key);
    else {
      stored.items = stored.items.filter((id) => !ids.includes(id));
      stored.v += 1;
    }
    return true;
  }
  async cursor(job: string): Promise<DueCursor | null> {
    return this.cursors.get(job) ?? null;
  }
  async advance(job: string, upTo: Date, backstopAt?: Date): Promise<void> {
    const current = this.cursors.get(job);
    this.cursors.set(job, {
      upTo: current && current.upTo > upTo ? current.upTo : upTo,
      backstopAt: backstopAt ?? current?.backstopAt ?? new Date(0),
    });
  }
  async dropBefore(job: string, before: Date): Promise<void> {
    for (const [key, bucket] of this.buckets) if (bucket.job === job && bucket.due && bucket.due < before) this.buckets.delete(key);
  }
  itemsOf(key: string): string[] {
    return this.buckets.get(key)?.items ?? [];
  }
}

class MemoryLeases implements Leases {
  readonly held = new Map<string, Lease>();
  private n = 0;
  newOwner(): string {
    return `owner-${++this.n}`;
  }
  async acquire(key: string, owner: string, now: Date, leaseMs: number): Promise<Lease | null> {
    const current = this.held.get(key);
    if (current && current.expiresAt > now) return null;
    const lease = { key, owner, expiresAt: new Date(now.getTime() + leaseMs) };
    this.held.set(key, lease);
    return lease;
  }
  async release(lease: Pick<Lease, 'key' | 'owner'>): Promise<void> {
    if (this.held.get(lease.key)?.owner === lease.owner) this.held.delete(lease.key);
  }
}

interface Item {
  _id: string;
  nextCheckAt: Date | null;
}

class MemorySource implements DueSource<Item> {
  readonly items = new Map<string, Item>();
  scans: Array<Date | null> = [];
  async load(ids: readonly string[]): Promise<Item[]> {
    return ids.flatMap((id) => (this.items.has(id) ? [{ ...this.items.get(id)! }] : []));
  }
  dueAt(item: Item): Date | null {
    return item.nextCheckAt;
  }
  async *scan(upTo: Date | null): AsyncIterable<DueEntry> {
    this.scans.push(upTo);
    for (const item of this.items.values()) {
      if (item.nextCheckAt && (!upTo || item.nextCheckAt <= upTo)) yield { id: item._id, due: item.nextCheckAt };
    }
  }
}

function setup(settings = {}) {
  const store = new MemoryDueStore();
  const leases = new MemoryLeases();
  const source = new MemorySource();
  const index = new DueIndex<Item>('job', store, leases, source, { ...S, ...settings });
  const handled: string[] = [];
  /** A handler that records the item and moves its next check by `then` (null: nothing more to do), intent first. */
  const handler =
    (now: Date, then: number | null = null, fail: string[] = []) =>
    async (work: ClaimedWork<Item>) => {
      if (fail.includes(work.item._id)) throw new Error('boom');
      handled.push(work.item._id);
      const next = then === null ? null : new Date(now.getTime() + then);
      await index.schedule(work.item._id, next, work.item.nextCheckAt, now);
      source.items.set(work.item._id, { ...work.item, nextCheckAt: next });
      await index.done(work);
    };
  /** Schedules then stores, as a repository does. */
  const save = async (id: string, next: Date | null, now: Date) => {
    await index.schedule(id, next, source.items.get(id)?.nextCheckAt, now);
    source.items.set(id, { _id: id, nextCheckAt: next });
  };
  const pass = (now: Date, handle = handler(now), limit = 100) => index.pass(now, { limit, leaseMs: 60_000 }, handle);
  return { store, leases, source, index, handled, handler, save, pass };
}

describe('DueIndex pass', () => {
  it('indexes every item with a due time on the first pass of a job, then hands each one over once when due', async () => {
    const { source, store, handled, pass, save } = setup();
    source.items.set('old', { _id: 'old', nextCheckAt: at(-3_600_000) });
    source.items.set('future', { _id: 'future', nextCheckAt: at(120_000) });
    source.items.set('never', { _id: 'never', nextCheckAt: null });

    const first = await pass(at(0));
    expect(first).toMatchObject({ ran: true, claimed: 1, backstopFound: 2 });
    expect(handled).toEqual(['old']);
    expect(store.itemsOf(bucketKey('job', t0 + 120_000, 'future'))).toEqual(['future']);

    await save('soon', at(65_000), at(1_000));
    expect((await pass(at(64_000))).claimed).toBe(0);
    expect((await pass(at(65_000))).claimed).toBe(1);
    expect((await pass(at(121_000))).claimed).toBe(1);
    expect((await pass(at(200_000))).claimed).toBe(0);
    expect(handled).toEqual(['old', 'soon', 'future']);
    // Everything settled is deleted; the cursor stands at the first unsettled bucket.
    expect([...store.buckets.keys()].filter((k) => !k.includes('overdue'))).toEqual([]);
    expect(store.cursors.get('job')?.upTo).toEqual(new Date(settledBefore(t0 + 200_000, S)));
  });

  it('hands a rescheduled item over only at its new time: the old entry is stale and skipped', async () => {
    const { handled, pass, save } = setup();
    await pass(at(0));
    await save('x', at(60_000), at(0));
    await save('x', at(300_000), at(10_000));
    expect((await pass(at(120_000))).claimed).toBe(0);
    expect((await pass(at(300_000))).claimed).toBe(1);
    expect(handled).toEqual(['x']);
  });

  it('writes nothing when a save keeps the due time in the same open bucket', async () => {
    const { store, index, pass } = setup();
    await pass(at(0));
    const aggregate = {};
    index.track(aggregate, at(60_000));
    const before = [...store.buckets.values()].reduce((n, b) => n + b.v, 0);
    await index.scheduleFor(aggregate, 'x', at(61_000), at(0));
    expect([...store.buckets.values()].reduce((n, b) => n + b.v, 0)).toBe(before);
    await index.scheduleFor(aggregate, 'x', at(75_000), at(0));
    expect(store.itemsOf(bucketKey('job', t0 + 70_000, 'x'))).toEqual(['x']);
  });

  it('skips an entry whose item was never saved (crash between schedule and save), and loses nothing', async () => {
    const { source, handled, index, pass } = setup();
    await pass(at(0));
    source.items.set('y', { _id: 'y', nextCheckAt: at(200_000) });
    await index.schedule('y', at(200_000), null, at(0));
    // Rescheduled to 60 s but the save never happened: the entry at 60 s is stale.
    await index.schedule('y', at(60_000), at(200_000), at(0));
    expect((await pass(at(100_000))).claimed).toBe(0);
    expect((await pass(at(200_000))).claimed).toBe(1);
    expect(handled).toEqual(['y']);
  });

  it('keeps an overdue entry whose item is not stored yet (a pass between the schedule and the insert), and drops it once that is settled', async () => {
    const { source, store, handled, pass, index } = setup();
    await pass(at(0));
    // Intent first: the entry of an item due an hour ago is written, the insert has not happened yet.
    await index.schedule('z', at(-3_600_000), null, at(0));
    expect((await pass(at(1_000))).claimed).toBe(0);
    source.items.set('z', { _id: 'z', nextCheckAt: at(-3_600_000) });
    expect((await pass(at(2_000))).claimed).toBe(1);
    expect(handled).toEqual(['z']);

    // An item that never comes (the insert crashed) is forgotten once its entry's bucket is settled.
    await index.schedule('ghost', at(-3_600_000), null, at(3_000));
    expect((await pass(at(3_000))).claimed).toBe(0);
    expect((await pass(at(100_000))).claimed).toBe(0);
    expect([...store.buckets.values()].flatMap((b) => b.items)).not.toContain('ghost');
  });

  it('keeps an item whose handling failed, and hands it over again after its lease', async () => {
    const { source, handled, handler, pass, store } = setup();
    await pass(at(0));
    source.items.set('f', { _id: 'f', nextCheckAt: at(10_000) });
    await setupSave(store, 'f', at(10_000), at(0));
    const failed = await pass(at(100_000), handler(at(100_000), null, ['f']));
    expect(failed).toMatchObject({ claimed: 1, failed: 1 });
    expect(await pass(at(110_000))).toMatchObject({ claimed: 0 });
    expect(await pass(at(161_000))).toMatchObject({ claimed: 1, failed: 0 });
    expect(handled).toEqual(['f']);
  });

  it('finds an item with a due time and no entry by the backstop: at the first pass of a process, then every interval', async () => {
    const first = setup({ backstopIntervalMs: 3_600_000 });
    await first.pass(at(0));
    first.source.items.set('lost', { _id: 'lost', nextCheckAt: at(5_000) });
    expect((await first.pass(at(60_000))).claimed).toBe(0);
    expect(await first.pass(at(3_600_000))).toMatchObject({ claimed: 1, backstopFound: 1 });
    expect(first.source.scans).toEqual([null, at(3_600_000)]);

    // Another process on the same store: its first pass runs the backstop.
    const second = new DueIndex<Item>('job', first.store, first.leases, first.source, S);
    first.source.items.set('lost-2', { _id: 'lost-2', nextCheckAt: at(3_600_000) });
    const handled: string[] = [];
    const report = await second.pass(at(3_700_000), { limit: 10, leaseMs: 1000 }, async (w) => {
      handled.push(w.item._id);
      first.source.items.set(w.item._id, { ...w.item, nextCheckAt: null });
    });
    expect(report.backstopFound).toBe(1);
    expect(handled).toEqual(['lost-2']);
  });

  it('catches up after downtime by walking the buckets, or after a long gap through the backstop', async () => {
    const { handled, pass, save, store, source } = setup({ catchUpMs: 24 * 3_600_000 });
    await pass(at(0));
    await save('a', at(3_600_000), at(0));
    await save('b', at(7_200_000), at(0));
    // Down for three hours: one pass catches up.
    expect((await pass(at(3 * 3_600_000))).claimed).toBe(2);
    expect(handled).toEqual(['a', 'b']);

    await save('c', at(4 * 3_600_000), at(3 * 3_600_000));
    const reads = store.reads;
    // Down for two days: no walk over the buckets in between; the backstop scan finds `c`.
    const late = await pass(at(51 * 3_600_000));
    expect(late).toMatchObject({ claimed: 1, backstopFound: 1 });
    expect(store.reads - reads).toBeLessThan(5);
    expect(source.scans.at(-1)).toEqual(at(51 * 3_600_000));
    expect([...store.buckets.values()].filter((b) => b.due)).toEqual([]);
  });

  it('lets one instance at a time run a pass (pass lease), and never hands one item to two passes', async () => {
    const { index, leases, source, store } = setup();
    const twin = new DueIndex<Item>('job', store, leases, source, S);
    await index.pass(at(0), { limit: 10, leaseMs: 1000 }, async () => undefined);
    for (const id of ['p', 'q', 'r']) source.items.set(id, { _id: id, nextCheckAt: at(5_000) });
    await index.schedule('p', at(5_000), null, at(0));
    await index.schedule('q', at(5_000), null, at(0));
    await index.schedule('r', at(5_000), null, at(0));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handled: string[] = [];
    const slow = index.pass(at(6_000), { limit: 10, leaseMs: 60_000 }, async (w) => {
      handled.push(w.item._id);
      await gate;
    });
    await Promise.resolve();
    const other = await twin.pass(at(6_000), { limit: 10, leaseMs: 60_000 }, async (w) => void handled.push(`twin:${w.item._id}`));
    expect(other.ran).toBe(false);
    release();
    expect((await slow).claimed).toBe(3);
    expect(handled).toEqual(['p', 'q', 'r']);
  });

  it('stops at the budget and goes on from there in the next pass', async () => {
    const { handled, pass, save, handler } = setup();
    await pass(at(0));
    for (let i = 0; i < 5; i++) await save(`i${i}`, at(10_000 + i * 10_000), at(0));
    expect((await pass(at(200_000), handler(at(200_000)), 2)).claimed).toBe(2);
    expect((await pass(at(200_000), handler(at(200_000)), 2)).claimed).toBe(2);
    expect((await pass(at(200_000), handler(at(200_000)), 2)).claimed).toBe(1);
    expect(handled).toEqual(['i0', 'i1', 'i2', 'i3', 'i4']);
  });

  it('handles an overdue item at a pass of any instant, once it is due at that instant', async () => {
    const { source, handled, pass, index } = setup();
    await pass(at(0));
    // Scheduled at the real now for a due time long past: an overdue document, not a settled bucket.
    source.items.set('late', { _id: 'late', nextCheckAt: at(-86_400_000) });
    await index.schedule('late', at(-86_400_000), null, at(0));
    expect((await pass(at(-86_400_001))).claimed).toBe(0);
    expect((await pass(at(-86_000_000))).claimed).toBe(1);
    expect(handled).toEqual(['late']);
    expect((await pass(at(10_000))).claimed).toBe(0);
  });
});

async function setupSave(store: MemoryDueStore, id: string, due: Date, now: Date): Promise<void> {
  const { key, due: start } = entryKeyOf('job', id, due, now, S);
  await store.add([{ key, job: 'job', due: start, ids: [id] }]);
}

describe('DueIndex signal to the job (ADR 0045)', () => {
  it('announces every scheduled due time after its entry is written, also when the bucket needed no new entry', async () => {
    const { store, save } = setup();
    await save('a', at(65_000), at(0));
    expect(store.itemsOf(bucketKey('job', t0 + 60_000, 'a'))).toEqual(['a']);
    // Earlier within the same open bucket: no write, but the job may have planned its pass later.
    const writes = [...store.buckets.values()].reduce((n, b) => n + b.v, 0);
    await save('a', at(61_000), at(0));
    expect([...store.buckets.values()].reduce((n, b) => n + b.v, 0)).toBe(writes);
    expect(store.announced).toEqual([
      { job: 'job', due: at(65_000) },
      { job: 'job', due: at(61_000) },
    ]);
  });

  it('announces nothing when the item has no next due time', async () => {
    const { store, save } = setup();
    await save('a', null, at(0));
    expect(store.announced).toEqual([]);
  });
});

