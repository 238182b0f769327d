/**
 * The due index and leases against the real store: items saved the way a repository saves them
 * (entry first, then the document) are handed over once when due, at their new time after a
 * reschedule; an entry without its save is skipped; an item without an entry is found by the
 * backstop; two instances never handle one item; a pass after downtime catches up. A lease left
 * by a dead instance expires.
 */
import type { Connection } from 'mongoose';
import type { Collection } from 'mongodb';
import { isolate, testEnvironment } from '@aftercare/testing';
import { claimPass, connectMongo, DUE_WORK_COLLECTION, DueIndex, LeaseStore, MongoDueWorkStore, type ClaimedWork, type DueSource } from '../src';

interface Job {
  _id: string;
  nextCheckAt: Date | null;
}

let connection: Connection;
let jobs: Collection<Job>;
const t0 = new Date('2025-06-02T08:00:00Z');
const MINUTE = 60_000;
const at = (ms: number) => new Date(t0.getTime() + ms);

beforeAll(async () => {
  const env = testEnvironment();
  connection = await connectMongo({ url: env.mongoUrl, dbName: isolate('due-work').dbName });
  jobs = connection.collection<Job>('jobs') as unknown as Collection<Job>;
  await new LeaseStore(connection).onModuleInit();
  await new MongoDueWorkStore(connection).onModuleInit();
});

afterAll(async () => {
  await connection.dropDatabase();
  await connection.close();
});

/** The jobs collection as a repository would expose it to its due index. */
const source: DueSource<Job> = {
  load: (ids) => jobs.find({ _id: { $in: [...ids] } }).toArray(),
  dueAt: (job) => job.nextCheckAt,
  async *scan(upTo) {
    const filter = upTo ? { nextCheckAt: { $lte: upTo } } : { nextCheckAt: { $ne: null } };
    for await (const job of jobs.find(filter, { projection: { _id: 1, nextCheckAt: 1 } })) yield { id: job._id, due: job.nextCheckAt! };
  },
};

/** One instance's view: its own lease store (own instance id) and due index of `job`. */
function instance(job: string) {
  const leases = new LeaseStore(connection);
  const index = new DueIndex<Job>(job, new MongoDueWorkStore(connection), leases, source);
  const handled: string[] = [];
  /** Saves as a repository does: the entry first, then the document. */
  const save = async (id: string, next: Date | null, now: Date) => {
    const stored = await jobs.findOne({ _id: id });
    await index.schedule(id, next, stored ? stored.nextCheckAt : null, now);
    await jobs.updateOne({ _id: id }, { $set: { nextCheckAt: next } }, { upsert: true });
  };
  /** The job: records the item, nothing more to do for it. */
  const handle = (now: Date) => async (work: ClaimedWork<Job>) => {
    handled.push(work.item._id);
    await save(work.item._id, null, now);
    await index.done(work);
  };
  const pass = (now: Date) => index.pass(now, { limit: 100, leaseMs: MINUTE }, handle(now));
  return { leases, index, handled, save, pass };
}

describe('DueIndex on the real store', () => {
  it('hands a scheduled item over once when due, a rescheduled one only at its new time', async () => {
    const a = instance('once');
    await a.pass(t0);
    await a.save('one', at(MINUTE), t0);
    await a.save('moved', at(MINUTE), t0);
    await a.save('moved', at(10 * MINUTE), at(1000));

    expect((await a.pass(at(MINUTE - 1))).claimed).toBe(0);
    expect((await a.pass(at(MINUTE))).claimed).toBe(1);
    expect((await a.pass(at(2 * MINUTE))).claimed).toBe(0);
    expect((await a.pass(at(10 * MINUTE))).claimed).toBe(1);
    expect((await a.pass(at(20 * MINUTE))).claimed).toBe(0);
    expect(a.handled).toEqual(['one', 'moved']);
    // Handled and settled: the index holds nothing of the job any more, apart from its cursor.
    const left = await connection.collection(DUE_WORK_COLLECTION).find({ job: 'once' }).toArray();
    expect(left.map((d) => String(d._id))).toEqual(['once|cursor']);
  });

  it('skips the entry of a save that never happened (crash between schedule and save) and keeps the item', async () => {
    const a = instance('crash');
    await a.pass(t0);
    await a.save('c', at(30 * MINUTE), t0);
    // The reschedule to 5 minutes wrote its entry, then the process died before the save.
    await a.index.schedule('c', at(5 * MINUTE), at(30 * MINUTE), t0);
    expect((await a.pass(at(6 * MINUTE))).claimed).toBe(0);
    expect((await a.pass(at(30 * MINUTE))).claimed).toBe(1);
    expect(a.handled).toEqual(['c']);
  });

  it('finds an item with a due time but no entry through the backstop of the first pass of a process', async () => {
    const a = instance('lost');
    await a.pass(t0);
    // Stored before the index existed, or restored without it: no entry.
    await jobs.insertOne({ _id: 'no-entry', nextCheckAt: at(MINUTE) });
    expect((await a.pass(at(2 * MINUTE))).claimed).toBe(0);
    const restarted = instance('lost');
    expect(await restarted.pass(at(3 * MINUTE))).toMatchObject({ claimed: 1, backstopFound: 1 });
    expect(restarted.handled).toEqual(['no-entry']);
  });

  it('indexes every item that has a due time on the very first pass of a job on a database', async () => {
    await jobs.insertMany([
      { _id: 'deployed-due', nextCheckAt: at(-MINUTE) },
      { _id: 'deployed-later', nextCheckAt: at(5 * MINUTE) },
    ]);
    const a = instance('deploy');
    const first = await a.pass(t0);
    // Everything with a due time in the collection, including the earlier tests' leftovers (none due now).
    expect(first.backstopFound).toBeGreaterThanOrEqual(2);
    expect(a.handled).toEqual(['deployed-due']);
    expect((await a.pass(at(5 * MINUTE))).claimed).toBe(1);
    expect(a.handled).toEqual(['deployed-due', 'deployed-later']);
  });

  it('lets two instances race: every due item is handled by one of them, once', async () => {
    const [a, b] = [instance('race'), instance('race')];
    await a.pass(t0);
    for (let i = 0; i < 12; i++) await (i % 2 ? a : b).save(`r-${i}`, at(i * 1000), t0);
    const reports = await Promise.all([a, b, a, b].map((x) => x.pass(at(MINUTE))));
    expect(reports.filter((r) => r.ran).length).toBeGreaterThanOrEqual(1);
    const handled = [...a.handled, ...b.handled].sort();
    expect(handled).toEqual(Array.from({ length: 12 }, (_, i) => `r-${i}`).sort());
    expect((await Promise.all([a.pass(at(2 * MINUTE)), b.pass(at(2 * MINUTE))])).map((r) => r.claimed)).toEqual([0, 0]);
  });

  it('catches up after downtime: one pass walks the buckets it missed', async () => {
    const a = instance('downtime');
    await a.pass(t0);
    for (let h = 1; h <= 5; h++) await a.save(`d-${h}`, at(h * 60 * MINUTE), t0);
    // Down for six hours.
    const report = await a.pass(at(6 * 60 * MINUTE));
    expect(report.claimed).toBe(5);
    expect(a.handled).toEqual(['d-1', 'd-2', 'd-3', 'd-4', 'd-5']);

    // Down for three days: the skipped buckets are dropped, the backstop's scan finds what was in them.
    const now = at(6 * 60 * MINUTE);
    await a.save('d-late', at(7 * 60 * MINUTE), now);
    await a.save('d-overdue', at(-60 * MINUTE), now);
    const late = await a.pass(at(78 * 60 * MINUTE));
    expect(late.backstopFound).toBeGreaterThanOrEqual(2);
    expect(a.handled.slice(5).sort()).toEqual(['d-late', 'd-overdue']);
  });
});

describe('LeaseStore', () => {
  it('lets another instance take over a lease whose holder died, once it has expired', async () => {
    const [dead, alive] = [new LeaseStore(connection), new LeaseStore(connection)];
    expect(await dead.acquire('orphans|orphan', dead.newOwner(), t0, MINUTE)).not.toBeNull();
    expect(await alive.acquire('orphans|orphan', alive.newOwner(), at(MINUTE - 1), MINUTE)).toBeNull();
    const takeover = await alive.acquire('orphans|orphan', alive.newOwner(), at(MINUTE), MINUTE);
    expect(takeover?.owner.startsWith(alive.instanceId)).toBe(true);
    // The dead holder's late release does not end the new holder's lease.
    await dead.release({ key: 'orphans|orphan', owner: 'dead-owner' });
    expect(await dead.heldKeys('orphans|', at(MINUTE))).toEqual(['orphans|orphan']);
  });
});

describe('claimPass', () => {
  it('gives a whole pass to one instance at a time', async () => {
    const [a, b] = [new LeaseStore(connection), new LeaseStore(connection)];
    const [first, second] = await Promise.all([claimPass(a, 'walk', t0, MINUTE), claimPass(b, 'walk', t0, MINUTE)]);
    expect([first, second].filter((lease) => lease !== null)).toHaveLength(1);
    await a.release((first ?? second)!);
    expect(await claimPass(b, 'walk', t0, MINUTE)).not.toBeNull();
  });
});
