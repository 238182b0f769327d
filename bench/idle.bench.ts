/**
 * What the whole system costs when nothing happens: all five services as their own processes (as
 * `npm start` runs them), N closed cases stored, no traffic. Reports, over a window after a
 * warm-up, each process's CPU (the services, the store's and the broker's JVMs when they run on
 * this machine; a JVM's split into its JIT compilers, its garbage collector and the rest), the
 * store commands each service sent (`store_commands_total`), what each service sent to the broker
 * (TCP data segments out, ≈ requests: fetches, heartbeats, metadata) and its connections. Not a test: it asserts nothing. See bench/README.md.
 *
 *   node tools/run.cjs ts bench/idle.bench.ts [--cases 10000] [--warmup 240] [--seconds 120] [--keep]
 *
 * The cases are written straight into the store (no pipeline: 100 k through it would take hours):
 * per case a closed `service_requests` document, its stopped reply clock and its timeline in intake,
 * a closed work order in dispatch, ~2 KB each, no due time, nothing in an outbox — what an old
 * case leaves for the background jobs to look at, which is nothing. Writes bench/results/idle.json.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient, type Document } from 'mongodb';
import { ensureDevKeys } from '@aftercare/auth';
import { REPO_ROOT, freePort, isolate, startServiceProcess, waitUntilReady, type ServiceProcess } from '@aftercare/testing';
import { cpuSeconds, jvmThreadCpuSeconds, localPortOf, pidListeningOn, type JvmThreadKind } from './pipeline/cpu';
import { log, round, sleep } from './pipeline/stats';
import { countsDocuments, scrapeStoreCommands } from './pipeline/store-cost';

const SERVICES = ['intake', 'dispatch', 'parts', 'claims', 'survey'] as const;
type Service = (typeof SERVICES)[number];
const TENANT = 'acme';
const INSERT_CHUNK = 1_000;
const PROFILE_SIGNAL = 'SIGUSR2';

interface Options {
  cases: number;
  warmupSeconds: number;
  seconds: number;
  keep: boolean;
  kafkaBrokers: string[];
  mongoUrl: string;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      cases: { type: 'string', default: '10000' },
      // At rest means 2 minutes without a message: groups then poll every 10 s (ADR 0051).
      warmup: { type: 'string', default: '240' },
      seconds: { type: 'string', default: '120' },
      keep: { type: 'boolean', default: false },
    },
  });
  return {
    cases: Number(values.cases),
    warmupSeconds: Number(values.warmup),
    seconds: Number(values.seconds),
    keep: values.keep,
    kafkaBrokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    mongoUrl: process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017',
  };
}

/** A closed case's documents, ~2 KB each, as old cases leave them: no due time, empty outbox. */
function closedCase(index: number, closedAt: Date): { intake: Record<string, Document>; dispatch: Record<string, Document> } {
  const caseId = randomUUID();
  const workOrderId = `wo-${randomBytes(12).toString('hex')}`;
  const padding = randomBytes(700).toString('hex');
  const base = { tenantId: TENANT, version: 9, createdAt: closedAt, updatedAt: closedAt, _handled: [], _outbox: [] };
  return {
    intake: {
      service_requests: { _id: caseId, ...base, status: 'closed', externalRef: `IDLE-${index}`, nextCheckAt: null, description: padding },
      sla_clocks: { _id: `reply|${caseId}`, ...base, caseId, stoppedAt: closedAt, nextCheckAt: null, notes: padding },
      case_timelines: { _id: caseId, tenantId: TENANT, entries: [{ at: closedAt, type: 'closed', text: padding }] },
    },
    dispatch: {
      work_orders: { _id: workOrderId, ...base, caseId, status: 'closed', nextCheckAt: null, report: padding },
    },
  };
}

async function seed(mongo: MongoClient, databases: Record<Service, string>, cases: number): Promise<number> {
  const started = performance.now();
  const closedAt = new Date(Date.now() - 30 * 86_400_000);
  for (let from = 0; from < cases; from += INSERT_CHUNK) {
    const batch: Record<string, Record<string, Document[]>> = { intake: {}, dispatch: {} };
    for (let i = from; i < Math.min(cases, from + INSERT_CHUNK); i++) {
      const documents = closedCase(i, closedAt);
      for (const service of ['intake', 'dispatch'] as const) {
        for (const [collection, document] of Object.entries(documents[service])) (batch[service][collection] ??= []).push(document);
      }
    }
    for (const service of ['intake', 'dispatch'] as const) {
      for (const [collection, documents] of Object.entries(batch[service])) {
        await mongo.db(databases[service]).collection(collection).insertMany(documents, { ordered: false });
      }
    }
    if ((from + INSERT_CHUNK) % 10_000 === 0) log(`seeded ${from + INSERT_CHUNK} cases`);
  }
  return round((performance.now() - started) / 1000, 1);
}

/** Per pid and remote port: TCP connections and segments sent so far (`ss -tin`). */
function sockets(): Map<string, { connections: number; segmentsOut: number }> {
  const text = execFileSync('ss', ['-tinpH', 'state', 'established'], { encoding: 'utf8' });
  const result = new Map<string, { connections: number; segmentsOut: number }>();
  let current: string | null = null;
  for (const line of text.split('\n')) {
    const socket = /^\s*\d+\s+\d+\s+\S+:\d+\s+\S+:(\d+)\s+.*pid=(\d+)/.exec(line);
    if (socket) {
      current = `${socket[2]}:${socket[1]}`;
      const entry = result.get(current) ?? { connections: 0, segmentsOut: 0 };
      entry.connections += 1;
      result.set(current, entry);
      continue;
    }
    const segments = /data_segs_out:(\d+)/.exec(line);
    if (segments && current) result.get(current)!.segmentsOut += Number(segments[1]);
    current = null;
  }
  return result;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const { topicPrefix, dbName } = isolate('bench-idle');
  const databases = Object.fromEntries(SERVICES.map((s) => [s, `${dbName}_${s}`])) as Record<Service, string>;
  const mongo = new MongoClient(options.mongoUrl);
  await mongo.connect();
  const keys = await ensureDevKeys(path.join(os.tmpdir(), 'aftercare-bench-keys'));
  const processes = new Map<Service, ServiceProcess>();
  const brokerPort = localPortOf(options.kafkaBrokers[0], 9092);
  const storePort = localPortOf(options.mongoUrl, 27017);
  const results: Record<string, unknown> = { benchmark: 'idle', at: new Date().toISOString(), cpus: os.cpus().length, options: { ...options } };
  try {
    for (const name of SERVICES) {
      const port = await freePort();
      const env = {
        KAFKA_BROKERS: options.kafkaBrokers.join(','),
        MONGO_URL: options.mongoUrl,
        MONGO_DB: databases[name],
        KAFKA_TOPIC_PREFIX: topicPrefix,
        AUTH_JWKS_URI: keys.jwksUri,
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        ...(name === 'survey' ? { SURVEY_PUBLIC_URL: `http://127.0.0.1:${port}` } : {}),
        // OTEL_* of the bench's own environment reach the services: idle as a deployment that exports
        ...Object.fromEntries(Object.entries(process.env).filter(([variable]) => variable.startsWith('OTEL_'))),
        // BENCH_CPU_PROFILE_DIR=/tmp/prof: each service profiled over the measured window only
        ...(process.env.BENCH_CPU_PROFILE_DIR
          ? {
              NODE_OPTIONS: `--require ${path.join(__dirname, 'pipeline/cpu-profile.cjs')}`,
              CPU_PROFILE_DIR: process.env.BENCH_CPU_PROFILE_DIR,
              CPU_PROFILE_FROM_SIGNAL: PROFILE_SIGNAL,
            }
          : {}),
      };
      processes.set(name, startServiceProcess(path.join(REPO_ROOT, `services/${name}/src/main.ts`), env, port));
    }
    await Promise.all([...processes.values()].map((service) => waitUntilReady(service, 240_000)));
    log(`five services ready (${[...processes].map(([n, p]) => `${n} ${p.child.pid}`).join(', ')}); seeding ${options.cases} closed cases`);
    results.seedSeconds = await seed(mongo, databases, options.cases);
    log(`seeded in ${results.seedSeconds} s; warming up ${options.warmupSeconds} s`);
    await sleep(options.warmupSeconds * 1000);

    const pids: Record<string, number | null> = Object.fromEntries([...processes].map(([name, p]) => [name, p.child.pid ?? null]));
    pids.store = storePort ? pidListeningOn(storePort) : null;
    pids.broker = brokerPort ? pidListeningOn(brokerPort) : null;
    const cpuBefore = Object.fromEntries(Object.entries(pids).map(([n, pid]) => [n, pid ? cpuSeconds(pid) : null]));
    const jvms = { store: pids.store, broker: pids.broker };
    const threadsBefore = Object.fromEntries(Object.entries(jvms).map(([n, pid]) => [n, pid ? jvmThreadCpuSeconds(pid) : null]));
    const commandsBefore = new Map(await Promise.all([...processes].map(async ([n, p]) => [n, await scrapeOrExplain(n, p)] as const)));
    const socketsBefore = sockets();
    if (process.env.BENCH_CPU_PROFILE_DIR) for (const service of processes.values()) service.child.kill(PROFILE_SIGNAL);
    const started = performance.now();
    await sleep(options.seconds * 1000);
    const elapsed = (performance.now() - started) / 1000;
    const socketsAfter = sockets();
    const commandsAfter = new Map(await Promise.all([...processes].map(async ([n, p]) => [n, await scrapeOrExplain(n, p)] as const)));

    const perProcess: Record<string, Record<string, unknown>> = {};
    let total = 0;
    for (const [name, pid] of Object.entries(pids)) {
      const before = cpuBefore[name];
      const after = pid ? cpuSeconds(pid) : null;
      const cpu = before === null || after === null ? null : round(((after - before) / elapsed) * 100, 2);
      total += cpu ?? 0;
      perProcess[name] = { pid, cpuPercentOfOneCore: cpu };
    }
    // A JVM's compilers keep working long after its start; what it costs at rest is the rest.
    for (const [name, pid] of Object.entries(jvms)) {
      const before = threadsBefore[name];
      const after = pid ? jvmThreadCpuSeconds(pid) : null;
      if (!before || !after) continue;
      const share = (kind: JvmThreadKind) => round(((after[kind] - before[kind]) / elapsed) * 100, 2);
      perProcess[name].threadsPercentOfOneCore = { jit: share('jit'), gc: share('gc'), other: share('other') };
    }
    for (const name of SERVICES) {
      const pid = pids[name];
      const before = commandsBefore.get(name)!;
      const byCommand: Record<string, number> = {};
      for (const [key, count] of commandsAfter.get(name)!) {
        if (countsDocuments(key)) continue;
        const delta = count - (before.get(key) ?? 0);
        if (delta > 0) byCommand[key] = round(delta / elapsed, 3);
      }
      const at = (port: number | null) => {
        const key = `${pid}:${port}`;
        const after = socketsAfter.get(key);
        return { connections: after?.connections ?? 0, segmentsOutPerSecond: round(((after?.segmentsOut ?? 0) - (socketsBefore.get(key)?.segmentsOut ?? 0)) / elapsed, 2) };
      };
      Object.assign(perProcess[name], {
        storeCommandsPerSecond: round(Object.values(byCommand).reduce((a, b) => a + b, 0), 3),
        storeCommands: byCommand,
        broker: at(brokerPort),
        store: at(storePort),
      });
    }
    Object.assign(results, { seconds: round(elapsed, 1), totalCpuPercentOfOneCore: round(total, 2), processes: perProcess, load: os.loadavg().map((l) => round(l, 2)) });
  } finally {
    await Promise.all([...processes.values()].map((service) => service.stop()));
    if (!options.keep) {
      for (const name of SERVICES) await mongo.db(databases[name]).dropDatabase().catch(() => undefined);
      await deleteTopics(options.kafkaBrokers, topicPrefix).catch((error: Error) => log(`could not delete the run's topics: ${error.message}`));
    }
    await mongo.close();
  }
  render(results);
  const file = path.join(__dirname, 'results', 'idle.json');
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`written ${path.relative(process.cwd(), file)}`);
}

/** A service that stopped answering is named, with the end of its output, instead of a bare `fetch failed`. */
async function scrapeOrExplain(name: Service, service: ServiceProcess): Promise<Map<string, number>> {
  try {
    return await scrapeStoreCommands(service.baseUrl);
  } catch (error) {
    throw new Error(`${name} (pid ${service.child.pid}, exit ${service.child.exitCode ?? service.child.signalCode ?? 'none'}) did not answer its metrics: ${(error as Error).message}\n${service.output().slice(-4000)}`);
  }
}

function render(results: Record<string, unknown>): void {
  const processes = results.processes as Record<
    string,
    {
      cpuPercentOfOneCore: number | null;
      threadsPercentOfOneCore?: Record<JvmThreadKind, number>;
      storeCommandsPerSecond?: number;
      broker?: { connections: number; segmentsOutPerSecond: number };
      store?: { connections: number };
    }
  >;
  const lines = [
    '| process | CPU % of one core | of it JIT / GC / the rest (JVMs) | store commands/s | broker connections | segments to broker/s | store connections |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const [name, p] of Object.entries(processes ?? {})) {
    const threads = p.threadsPercentOfOneCore ? `${p.threadsPercentOfOneCore.jit} / ${p.threadsPercentOfOneCore.gc} / ${p.threadsPercentOfOneCore.other}` : '';
    lines.push(`| ${name} | ${p.cpuPercentOfOneCore ?? '–'} | ${threads} | ${p.storeCommandsPerSecond ?? ''} | ${p.broker?.connections ?? ''} | ${p.broker?.segmentsOutPerSecond ?? ''} | ${p.store?.connections ?? ''} |`);
  }
  lines.push(`| **total** | **${results.totalCpuPercentOfOneCore}** | | | | | |`);
  process.stdout.write(`\n${lines.join('\n')}\n(window ${results.seconds} s, load average ${JSON.stringify(results.load)})\n`);
}

async function deleteTopics(brokers: string[], prefix: string): Promise<void> {
  const admin = new Kafka({ clientId: 'bench-idle', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const mine = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (mine.length) await admin.deleteTopics({ topics: mine });
  } finally {
    await admin.disconnect();
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);
