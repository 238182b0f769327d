/**
 * What one pass of a due-work job costs with N items stored, before and after the due index:
 * before, the pass's query `find({ nextCheckAt: { $lte: now } }).sort().limit(100)` over the
 * items (a full scan on mongo-java-server); after, an idle DueIndex pass (pass lease, cursor,
 * overdue documents, the open buckets, all by `_id`) and a pass that hands over 10 due items.
 * ~2 KB items, due times spread over the next 24 h. Not a test: it asserts nothing.
 *
 *   npm run stack:up && MONGO_URL=mongodb://127.0.0.1:27017 \
 *     node tools/run.cjs ts bench/due-work-pass.bench.ts [--sizes 1000,50000] [--passes 30]
 *
 * Writes bench/results/due-work-pass.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Collection } from 'mongodb';
import { connectMongo, DueIndex, LeaseStore, MongoDueWorkStore, type DueSource } from '@aftercare/persistence';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1000,50000' }, passes: { type: 'string', default: '30' } } });
const SIZES = values.sizes.split(',').map(Number);
const PASSES = Number(values.passes);
const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';
const PAYLOAD = 'x'.repeat(1_900);
const DAY = 86_400_000;

interface Item {
  _id: string;
  tenantId: string;
  nextCheckAt: Date | null;
  payload: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed(runs: number, run: (i: number) => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await run(i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return Math.round(median(times) * 100) / 100;
}

async function measure(size: number) {
  const connection = await connectMongo({ url: MONGO_URL, dbName: `bench_due_work_${size}_${Date.now()}` });
  try {
    const items = connection.collection<Item>('items') as unknown as Collection<Item>;
    const now = Date.now();
    for (let start = 0; start < size; start += 1000) {
      await items.insertMany(
        Array.from({ length: Math.min(1000, size - start) }, (_, k) => ({
          _id: `item-${start + k}`,
          tenantId: 'acme',
          nextCheckAt: new Date(now + 60_000 + ((start + k) * 7919 % DAY)),
          payload: PAYLOAD,
        })),
      );
    }
    const before = await timed(PASSES, () => items.find({ nextCheckAt: { $lte: new Date() } }, { projection: { _id: 1 } }).sort({ nextCheckAt: 1 }).limit(100).toArray());

    const leases = new LeaseStore(connection);
    await leases.onModuleInit();
    const store = new MongoDueWorkStore(connection);
    await store.onModuleInit();
    const source: DueSource<Item> = {
      load: (ids) => items.find({ _id: { $in: [...ids] } }, { projection: { payload: 0 } }).toArray(),
      dueAt: (item) => item.nextCheckAt,
      async *scan(upTo) {
        const filter = upTo ? { nextCheckAt: { $lte: upTo } } : { nextCheckAt: { $ne: null } };
        for await (const d of items.find(filter, { projection: { _id: 1, nextCheckAt: 1 } })) yield { id: d._id, due: d.nextCheckAt! };
      },
    };
    const index = new DueIndex<Item>('bench', store, leases, source);
    const handle = async () => undefined;
    const indexing = await timed(1, () => index.pass(new Date(), { limit: 100, leaseMs: 60_000 }, handle));
    const idle = await timed(PASSES, () => index.pass(new Date(), { limit: 100, leaseMs: 60_000 }, handle));
    // Ten items due at each pass (their entries written as a save would), handed over and done.
    const busyTimes: number[] = [];
    for (let i = 0; i < PASSES; i++) {
      const due = new Date(Date.now() - 1);
      for (let k = 0; k < 10; k++) {
        const id = `item-${(i * 10 + k) % size}`;
        await index.schedule(id, due, undefined);
        await items.updateOne({ _id: id }, { $set: { nextCheckAt: due } });
      }
      const start = process.hrtime.bigint();
      await index.pass(new Date(), { limit: 100, leaseMs: 60_000 }, async (work) => {
        await items.updateOne({ _id: work.item._id }, { $set: { nextCheckAt: null } });
        await index.done(work);
      });
      busyTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    const busy = Math.round(median(busyTimes) * 100) / 100;
    return { size, beforePassMs: before, firstPassIndexingMs: indexing, afterIdlePassMs: idle, afterPassHandling10DueMs: busy };
  } finally {
    await connection.dropDatabase();
    await connection.close();
  }
}

async function main(): Promise<void> {
  const results = [];
  for (const size of SIZES) {
    const result = await measure(size);
    console.log(JSON.stringify(result));
    results.push(result);
  }
  const file = path.join(__dirname, 'results', 'due-work-pass.json');
  fs.writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), passes: PASSES, results }, null, 2)}\n`);
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
