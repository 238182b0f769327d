/**
 * Single-document query rates of the store, as the hot path sends them, at growing collection
 * sizes: the raw ceilings (insert, update by `_id`) and the aggregate save's version-guarded
 * update `{ _id, tenantId, version }` before (no index but `_id`: mongo-java-server scans) and
 * after the `version_guard` unique index; also the aggregate load `{ _id, tenantId }` (before)
 * against `{ _id }` (after), and the relay's acknowledge of one document: `$pull` then clearing
 * the flag under `{ _id, _outbox: { $size: 0 } }` (before, a scan) against `$pull`, read by `_id`,
 * clear under the version guard (after). One client, one operation at a time (latency-bound, like one
 * saver), ~2 KB documents. Not a test: it asserts nothing.
 *
 *   npm run stack:up && MONGO_URL=mongodb://127.0.0.1:27017 \
 *     node tools/run.cjs ts bench/store-queries.bench.ts [--sizes 1000,10000] [--seconds 3]
 *
 * Writes bench/results/store-queries.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { MongoClient, type Collection } from 'mongodb';
import { aggregateFilters, ensureUniqueIndexes, VERSION_GUARD_INDEX } from '@aftercare/persistence';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1000,10000' }, seconds: { type: 'string', default: '3' } } });
const SIZES = values.sizes.split(',').map(Number);
const SECONDS = Number(values.seconds);
const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';
const TENANT = 'acme';
const PAYLOAD = 'x'.repeat(1_800);

interface Doc {
  _id: string;
  tenantId: string;
  version: number;
  status: string;
  payload: string;
  touched: number;
  _outbox: unknown[];
  _outboxPending?: boolean;
}

interface Rate {
  ops: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

function documentNo(i: number): Doc {
  return { _id: `sr-${String(i).padStart(7, '0')}`, tenantId: TENANT, version: 1, status: 'registered', payload: PAYLOAD, touched: 0, _outbox: [] };
}

/** Runs `op` one at a time for SECONDS (at most `maxOps`) and reports the rate and latencies. */
async function measure(op: (i: number) => Promise<void>, maxOps = 100_000): Promise<Rate> {
  const latencies: number[] = [];
  const started = performance.now();
  const until = started + SECONDS * 1000;
  while (performance.now() < until && latencies.length < maxOps) {
    const t = performance.now();
    await op(latencies.length);
    latencies.push(performance.now() - t);
  }
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Number(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(2));
  return { ops: latencies.length, perSecond: Math.round(latencies.length / elapsed), p50Ms: at(0.5), p99Ms: at(0.99) };
}

async function fill(collection: Collection<Doc>, n: number): Promise<void> {
  for (let from = 0; from < n; from += 500) {
    await collection.insertMany(Array.from({ length: Math.min(500, n - from) }, (_, k) => documentNo(from + k)));
  }
}

async function versionGuardedSaves(collection: Collection<Doc>, n: number, versions: Map<string, number>): Promise<Rate> {
  return measure(async (i) => {
    const id = documentNo((i * 7919) % n)._id;
    const version = versions.get(id) ?? 1;
    const result = await collection.updateOne(aggregateFilters.versionGuard(id, TENANT, version), {
      $set: { version: version + 1, status: 'acknowledged', touched: i },
    });
    if (result.matchedCount !== 1) throw new Error(`lost ${id} at version ${version}`);
    versions.set(id, version + 1);
  });
}

async function main(): Promise<void> {
  const client = await MongoClient.connect(MONGO_URL);
  const db = client.db(`bench_store_${Date.now()}`);
  const size = JSON.stringify(documentNo(0)).length;
  console.log(`store-queries: ${MONGO_URL}, documents of ${size} bytes, ${SECONDS} s per measurement, one operation at a time`);
  const results: Record<string, unknown> = { at: new Date().toISOString(), mongoUrl: MONGO_URL, documentBytes: size, secondsPerMeasurement: SECONDS, sizes: {} };
  try {
    const ceiling = db.collection<Doc>('ceiling');
    let next = 0;
    results.insertOne = await measure(async () => {
      await ceiling.insertOne(documentNo(next++));
    });
    console.log(`insertOne (ceiling)             ${JSON.stringify(results.insertOne)}`);
    await ceiling.drop();

    for (const n of SIZES) {
      const collection = db.collection<Doc>(`aggregates_${n}`);
      await fill(collection, n);
      const versions = new Map<string, number>();
      const at: Record<string, Rate> = {};
      at.updateById = await measure(async (i) => {
        await collection.updateOne({ _id: documentNo((i * 7919) % n)._id }, { $set: { touched: i } });
      });
      at.loadByIdAndTenantBefore = await measure(async (i) => {
        await collection.findOne({ _id: documentNo((i * 7919) % n)._id, tenantId: TENANT });
      }, 2_000);
      at.loadByIdAfter = await measure(async (i) => {
        await collection.findOne(aggregateFilters.byId(documentNo((i * 7919) % n)._id));
      });
      at.versionGuardedSaveBefore = await versionGuardedSaves(collection, n, versions);
      await ensureUniqueIndexes(collection, [VERSION_GUARD_INDEX]);
      at.versionGuardedSaveAfter = await versionGuardedSaves(collection, n, versions);
      at.outboxAcknowledgeBefore = await measure(async (i) => {
        const id = documentNo((i * 7919) % n)._id;
        await collection.bulkWrite(
          [
            { updateOne: { filter: { _id: id }, update: { $pull: { _outbox: { 'envelope.id': { $in: ['e'] } } }, $set: { touched: i } } } },
            { updateOne: { filter: { _id: id, _outbox: { $size: 0 } }, update: { $unset: { _outboxPending: '' } } } },
          ],
          { ordered: true },
        );
      });
      at.outboxAcknowledgeAfter = await measure(async (i) => {
        const id = documentNo((i * 7919) % n)._id;
        await collection.bulkWrite([{ updateOne: { filter: aggregateFilters.outboxOf(id), update: { $pull: { _outbox: { 'envelope.id': { $in: ['e'] } } }, $set: { touched: i } } } }]);
        const [after] = await collection.find(aggregateFilters.byIds([id]), { projection: { _outbox: 1, tenantId: 1, version: 1 } }).toArray();
        if (!after._outbox.length) {
          await collection.bulkWrite([{ updateOne: { filter: aggregateFilters.versionGuard(id, after.tenantId, after.version), update: { $unset: { _outboxPending: '' } } } }]);
        }
      });
      (results.sizes as Record<number, unknown>)[n] = at;
      for (const [name, rate] of Object.entries(at)) console.log(`${String(n).padStart(6)} docs  ${name.padEnd(26)} ${JSON.stringify(rate)}`);
      await collection.drop();
    }
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
  const out = path.join(__dirname, 'results', 'store-queries.json');
  fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`written ${path.relative(process.cwd(), out)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
