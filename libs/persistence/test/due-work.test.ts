/**
 * Leases and due work against the real store: two instances (two lease stores on one database)
 * race for the same due items and never share one; a lease left by a dead instance expires.
 */
import type { Connection } from 'mongoose';
import type { Collection } from 'mongodb';
import { isolate, testEnvironment } from '@aftercare/testing';
import { claimPass, connectMongo, DueWorkQueue, LeaseStore } from '../src';

interface Job {
  _id: string;
  dueAt: Date | null;
}

let connection: Connection;
let jobs: Collection<Job>;
const t0 = new Date('2025-06-02T08:00:00Z');
const MINUTE = 60_000;

beforeAll(async () => {
  const env = testEnvironment();
  connection = await connectMongo({ url: env.mongoUrl, dbName: isolate('due-work').dbName });
  jobs = connection.collection<Job>('jobs') as unknown as Collection<Job>;
  await new LeaseStore(connection).onModuleInit();
});

afterAll(async () => {
  await connection.dropDatabase();
  await connection.close();
});

/** One instance's view: its own lease store (own instance id) and queue. */
function instance(job = 'test-job') {
  const leases = new LeaseStore(connection);
  const queue = new DueWorkQueue<Job>(job, leases, async (now, limit, exclude) =>
    jobs
      .find({ dueAt: { $lte: now }, _id: { $nin: [...exclude] } })
      .sort({ dueAt: 1 })
      .limit(limit)
      .toArray(),
  );
  return { leases, queue };
}

describe('DueWorkQueue', () => {
  it('leases every due item to exactly one of several racing claims, and none that is not due', async () => {
    await jobs.insertMany([
      ...Array.from({ length: 12 }, (_, i) => ({ _id: `due-${i}`, dueAt: new Date(t0.getTime() - i * MINUTE) })),
      { _id: 'later', dueAt: new Date(t0.getTime() + MINUTE) },
      { _id: 'never', dueAt: null },
    ]);
    const [a, b] = [instance(), instance()];
    const claims = (await Promise.all([a, b, a, b].map(({ queue }) => queue.claimDue(t0, 12, MINUTE)))).flat();
    const won = claims.map((c) => c.item._id).sort();
    expect(won).toEqual(Array.from({ length: 12 }, (_, i) => `due-${i}`).sort());

    // Held: a further claim finds nothing until the leases end.
    expect(await a.queue.claimDue(t0, 100, MINUTE)).toEqual([]);
    await Promise.all(claims.slice(0, 3).map((c) => a.queue.done(c)));
    expect((await b.queue.claimDue(t0, 100, MINUTE)).map((c) => c.item._id).sort()).toEqual(claims.slice(0, 3).map((c) => c.item._id).sort());
  });

  it('lets another instance take over a lease whose holder died, once it has expired', async () => {
    await jobs.insertOne({ _id: 'orphan', dueAt: t0 });
    const [dead, alive] = [instance('orphans'), instance('orphans')];
    await jobs.updateMany({ _id: { $ne: 'orphan' } }, { $set: { dueAt: null } });
    expect((await dead.queue.claimDue(t0, 10, MINUTE)).map((c) => c.item._id)).toEqual(['orphan']);
    expect(await alive.queue.claimDue(new Date(t0.getTime() + MINUTE - 1), 10, MINUTE)).toEqual([]);
    const takeover = await alive.queue.claimDue(new Date(t0.getTime() + MINUTE), 10, MINUTE);
    expect(takeover.map((c) => c.item._id)).toEqual(['orphan']);
    expect(takeover[0].lease.owner.startsWith(alive.leases.instanceId)).toBe(true);
    // The dead holder's late release does not end the new holder's lease.
    await dead.leases.release({ key: takeover[0].lease.key, owner: 'dead-owner' });
    expect(await dead.leases.heldKeys('orphans|', new Date(t0.getTime() + MINUTE))).toEqual(['orphans|orphan']);
  });
});

describe('claimPass', () => {
  it('gives a whole pass to one instance at a time', async () => {
    const [a, b] = [instance(), instance()];
    const [first, second] = await Promise.all([claimPass(a.leases, 'walk', t0, MINUTE), claimPass(b.leases, 'walk', t0, MINUTE)]);
    expect([first, second].filter((lease) => lease !== null)).toHaveLength(1);
    await a.leases.release((first ?? second)!);
    expect(await claimPass(b.leases, 'walk', t0, MINUTE)).not.toBeNull();
  });
});
