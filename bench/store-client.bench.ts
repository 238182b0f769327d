/**
 * What one store command costs the service's own process (Node CPU per command, not the store's),
 * as the services send it: the bare driver; with the command monitoring that feeds
 * `store_commands_total`; with telemetry started as a service starts it when nothing exports (no
 * store instrumentation, ADR 0052; the span each operation runs in, as a handler's commands do, is
 * then a real one, and the tracing context's async hooks run for every promise); and with the
 * store-command instrumentation at its default share when spans are exported (5 %: every command
 * still builds its span's attributes and asks the sampler). ~2 KB documents, one
 * operation at a time; then the same per document when one command carries 50 of them (an
 * `insertMany`, a `bulkWrite` of 50 updates): what handling messages in batches would cost. Each variant runs in a process of its own (an instrumentation must be in
 * place before the driver loads), the variants alternate round by round, and the medians are
 * reported. Not a test: it asserts nothing.
 *
 *   npm run stack:up && MONGO_URL=mongodb://127.0.0.1:27017 \
 *     node tools/run.cjs ts bench/store-client.bench.ts [--rounds 3] [--ops 3000]
 *
 * Writes bench/results/store-client.json.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { trace } from '@opentelemetry/api';
import { startTelemetry } from '@aftercare/observability';

const VARIANTS = {
  driver: 'the driver alone',
  monitored: '+ command monitoring (store_commands_total)',
  telemetry: '+ telemetry as started with no exporter (no store instrumentation)',
  'store-spans': '+ store-command instrumentation, 5 % of spans kept (the default when exporting)',
} as const;
type Variant = keyof typeof VARIANTS;
/** One document per command, then 50 per command (`insertMany`, `bulkWrite` of 50 updates): CPU per document. */
const OPERATIONS = ['insertOne', 'updateOne', 'findOne', 'insertMany50', 'bulkWrite50'] as const;
const BATCH = 50;
type Operation = (typeof OPERATIONS)[number];

interface Measured {
  /** Documents per second. */
  perSecond: number;
  /** CPU per document. */
  cpuMsPerOp: number;
}
type VariantRun = Record<Operation, Measured>;

const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';
const PAYLOAD = 'x'.repeat(1_800);

/** One variant, in this process: prints its measurements as one JSON line. */
async function measureVariant(variant: Variant, ops: number): Promise<void> {
  if (variant === 'telemetry' || variant === 'store-spans') {
    if (variant === 'store-spans') process.env.OTEL_STORE_SPANS_SAMPLE_RATIO = '0.05';
    startTelemetry('store-client-bench');
  }
  // Loaded only now: an instrumentation patches the driver as it loads.
  const mongoose = require('mongoose') as typeof import('mongoose');
  const connection = await mongoose
    .createConnection(MONGO_URL, { dbName: `bench_store_client_${process.pid}`, autoIndex: false, autoCreate: false, monitorCommands: variant !== 'driver' })
    .asPromise();
  let commands = 0;
  if (variant !== 'driver') connection.getClient().on('commandStarted', () => (commands += 1));
  const things = connection.db!.collection<{ _id: string; n: number; payload?: string }>('things');
  const tracer = trace.getTracer('store-client-bench');
  const inSpan = (work: () => Promise<unknown>) =>
    tracer.startActiveSpan('handle', async (span) => {
      try {
        await work();
      } finally {
        span.end();
      }
    });
  /** `op(i)` writes or reads `perCommand` documents in one command; `ops` documents in all. */
  const run = async (op: (i: number) => Promise<unknown>, perCommand = 1): Promise<Measured> => {
    const commandsToRun = Math.floor(ops / perCommand);
    for (let i = 0; i < Math.ceil(300 / perCommand); i++) await inSpan(() => op(commandsToRun + i));
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < commandsToRun; i++) await inSpan(() => op(i));
    const used = process.cpuUsage(cpu);
    const seconds = (performance.now() - started) / 1000;
    const documents = commandsToRun * perCommand;
    return { perSecond: Math.round(documents / seconds), cpuMsPerOp: Number(((used.user + used.system) / 1000 / documents).toFixed(3)) };
  };
  const batchOf = (i: number) => Array.from({ length: BATCH }, (_, k) => i * BATCH + k);
  try {
    const result: VariantRun = {
      insertOne: await run((i) => things.insertOne({ _id: `thing-${i}`, n: i, payload: PAYLOAD })),
      updateOne: await run((i) => things.updateOne({ _id: `thing-${i % ops}` }, { $set: { n: i + 1 } })),
      findOne: await run((i) => things.findOne({ _id: `thing-${i % ops}` })),
      insertMany50: await run((i) => things.insertMany(batchOf(i).map((n) => ({ _id: `batched-${n}`, n, payload: PAYLOAD }))), BATCH),
      bulkWrite50: await run(
        (i) => things.bulkWrite(batchOf(i).map((n) => ({ updateOne: { filter: { _id: `thing-${n % ops}` }, update: { $set: { n: n + 1 } } } })), { ordered: false }),
        BATCH,
      ),
    };
    if (variant !== 'driver' && commands < 3 * ops) throw new Error(`command monitoring saw ${commands} commands, fewer than sent`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await connection.db!.dropDatabase().catch(() => undefined);
    await connection.close();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function main(): void {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, ops: { type: 'string', default: '3000' } } });
  const rounds = Number(values.rounds);
  const ops = Number(values.ops);
  console.log(`store-client: ${MONGO_URL}, ${ops} operations of each kind per run, ${rounds} rounds of ${Object.keys(VARIANTS).length} variants, each in its own process`);
  const runs = new Map<Variant, VariantRun[]>();
  for (let round = 1; round <= rounds; round++) {
    for (const variant of Object.keys(VARIANTS) as Variant[]) {
      const child = spawnSync(process.execPath, [...process.execArgv, __filename], {
        env: { ...process.env, STORE_CLIENT_VARIANT: variant, STORE_CLIENT_OPS: String(ops) },
        encoding: 'utf8',
      });
      if (child.status !== 0) throw new Error(`variant ${variant} failed: ${child.stderr}`);
      const run = JSON.parse(child.stdout.trim().split('\n').pop()!) as VariantRun;
      runs.set(variant, [...(runs.get(variant) ?? []), run]);
      console.log(`round ${round} ${variant.padEnd(12)} ${OPERATIONS.map((op) => `${op} ${run[op].cpuMsPerOp} ms (${run[op].perSecond}/s)`).join(', ')}`);
    }
  }
  const medians = Object.fromEntries(
    [...runs].map(([variant, list]) => {
      const ofOperation = (op: Operation): Measured => ({ cpuMsPerOp: median(list.map((r) => r[op].cpuMsPerOp)), perSecond: median(list.map((r) => r[op].perSecond)) });
      return [variant, { description: VARIANTS[variant], ...(Object.fromEntries(OPERATIONS.map((op) => [op, ofOperation(op)])) as VariantRun) }];
    }),
  ) as Record<Variant, VariantRun & { description: string }>;
  console.log(`\nmedians, Node CPU per document (documents per second, one command at a time; *${BATCH}: ${BATCH} documents per command):`);
  for (const [variant, m] of Object.entries(medians)) {
    console.log(`  ${variant.padEnd(12)} ${OPERATIONS.map((op) => `${op} ${m[op].cpuMsPerOp} ms (${m[op].perSecond}/s)`).join(', ')}  — ${m.description}`);
  }
  const out = path.join(__dirname, 'results', 'store-client.json');
  fs.writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), mongoUrl: MONGO_URL, opsPerRun: ops, rounds, medians, runs: Object.fromEntries(runs) }, null, 2)}\n`);
  console.log(`written ${path.relative(process.cwd(), out)}`);
}

const variant = process.env.STORE_CLIENT_VARIANT as Variant | undefined;
if (variant) {
  measureVariant(variant, Number(process.env.STORE_CLIENT_OPS)).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main();
}
