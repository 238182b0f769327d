import * as fs from 'node:fs';
import { measureBrokerHop, measureStoreWrites, type BrokerHop, type StoreRate } from './ceilings';
import { localPortOf, measureIdleCpu, pidListeningOn, startCpuWindow, type IdleCpu } from './cpu';
import { StoreFill, type FillResult } from './fill';
import { measureBare, measureRegistration, startBareNest, type HttpRate, type RegistrationCost } from './http';
import { closeCases } from './lifecycle';
import { newCase, type BenchCase } from './messages';
import type { PipelineOptions } from './options';
import { snapshotCommands, storeBoundCeiling, storeCostOf, type CommandCounts, type StoreCost } from './store-cost';
import { log, round } from './stats';
import type { PipelineSystem } from './system';
import type { FlowResult, PipelineTraffic } from './traffic';

/** Size of the documents the store ceilings write: about a stored case (bench/store-queries uses the same). */
const CEILING_DOCUMENT_BYTES = 2_000;
/** How long the topics must stay silent before the system counts as drained. */
const QUIET_MS = 5_000;

export interface Ceilings {
  brokerHop: BrokerHop;
  store: { insertOne: StoreRate; updateById: StoreRate; documentBytes: number };
}

export interface SizeResult {
  /** Cases stored when the burst started. */
  storedCases: number;
  fill: FillResult;
  burst: FlowResult;
  storeCost: StoreCost;
  /** CPU per case of each process over the burst. */
  cpu: CpuPerCase;
  /** cases/s ÷ the broker hop's messages/s, and ÷ the store-bound ceiling (writes per case at the single-document rates). */
  ratioToBrokerHop: number;
  storeBoundCeilingCasesPerSecond: number;
  ratioToStoreBound: number;
}

export interface Phase {
  system: PipelineSystem;
  traffic: PipelineTraffic;
  options: PipelineOptions;
}

const timeoutOf = (options: PipelineOptions) => options.phaseTimeoutSeconds * 1000;

export async function runCeilings({ system, options }: Phase): Promise<Ceilings> {
  log(`ceilings: broker consume→produce hop (${options.hopMessages} messages), store insertOne / updateOne({_id}) (${options.storeSeconds} s each)`);
  const brokerHop = await measureBrokerHop(system, options.hopMessages, timeoutOf(options));
  const store = await measureStoreWrites(system.mongo.db(`${system.databases.intake}_ceiling`), options.storeSeconds, CEILING_DOCUMENT_BYTES);
  await system.mongo.db(`${system.databases.intake}_ceiling`).dropDatabase();
  return { brokerHop, store };
}

/**
 * Cases through the pipeline: each one's installed-base record first (stored before the clock
 * starts), then the CRM messages (all at once, or paced). `beforeSend` runs in between.
 */
export async function runCases(
  { traffic, options }: Phase,
  count: number,
  { pace, beforeSend }: { pace?: { rate: number; seconds: number }; beforeSend?: () => Promise<void> } = {},
): Promise<{ cases: BenchCase[]; flow: FlowResult }> {
  const cases = Array.from({ length: count }, newCase);
  await traffic.sendAssets(cases, timeoutOf(options));
  await beforeSend?.();
  if (pace) await traffic.sendPaced(cases, pace.rate, pace.seconds);
  else await traffic.sendBurst(cases);
  const flow = await traffic.settle(cases, timeoutOf(options));
  if (!flow.complete) log(`phase timeout: ${flow.decided} of ${flow.sent} cases decided within ${options.phaseTimeoutSeconds} s`);
  return { cases, flow };
}

/** The seed: cases through the pipeline and the field workflow to closed, whose documents the fill clones. */
export async function runSeed(phase: Phase): Promise<{ fill: StoreFill; seedFlow: FlowResult; closed: number }> {
  const { system, traffic, options } = phase;
  log(`seed: ${options.seed} cases through the pipeline, then the field workflow to closed`);
  const { cases, flow } = await runCases(phase, options.seed);
  const closed = await closeCases(system, traffic, cases, timeoutOf(options));
  log(`seed: ${flow.decided} decided (${flow.casesPerSecond} cases/s), ${closed.length} closed`);
  if (!closed.length) throw new Error('no seed case could be closed: nothing to clone');
  await traffic.quiet(QUIET_MS, timeoutOf(options));
  return { fill: await StoreFill.fromSeed(system, traffic, closed), seedFlow: flow, closed: closed.length };
}

export async function runSize(phase: Phase, fill: StoreFill, size: number, ceilings: Ceilings | null): Promise<SizeResult> {
  const { traffic, options } = phase;
  const filled = await fill.fillTo(size, timeoutOf(options));
  log(`size ${size}: ${filled.clonedCases} cases cloned (${filled.documents} documents, ${filled.documentsPerSecond}/s); ${filled.storedCases} stored`);
  await traffic.quiet(QUIET_MS, timeoutOf(options));
  const storedCases = await fill.storedCases();
  const { flow, storeCost, cpu } = await runMeasuredBurst(phase, options.burst);
  log(`size ${size}: burst of ${options.burst}: ${flow.casesPerSecond} cases/s, p50 ${flow.latency.p50Ms} ms, p99 ${flow.latency.p99Ms} ms; ${storeCost.writesPerCase} writes per case`);
  const storeBound = ceilings ? storeBoundCeiling(storeCost, ceilings.store.insertOne.perSecond, ceilings.store.updateById.perSecond) : 0;
  return {
    storedCases,
    fill: filled,
    burst: flow,
    storeCost,
    cpu,
    ratioToBrokerHop: ceilings?.brokerHop.messagesPerSecond ? round(flow.casesPerSecond / ceilings.brokerHop.messagesPerSecond, 4) : 0,
    storeBoundCeilingCasesPerSecond: storeBound,
    ratioToStoreBound: storeBound ? round(flow.casesPerSecond / storeBound, 3) : 0,
  };
}

/** CPU of each process per decided case over a window, and of all of them (the bench's own included). */
export interface CpuPerCase {
  seconds: number;
  msPerCase: Record<string, number | null>;
  totalMsPerCase: number;
}

/**
 * A burst with the store commands both services sent for it (installed-base records excluded:
 * they are stored before), and the CPU each process spent from the first case sent until the
 * system drained — the projections' tail after the last decision included, and with it the
 * drain's quiet (5 s at rest, ~0.1 ms per case in a burst of 2,000).
 */
export async function runMeasuredBurst(phase: Phase, count: number): Promise<{ flow: FlowResult; storeCost: StoreCost; cpu: CpuPerCase }> {
  let before: CommandCounts | undefined;
  let window: ReturnType<typeof startCpuWindow> | undefined;
  const { flow } = await runCases(phase, count, {
    beforeSend: async () => {
      before = await snapshotCommands(phase.system);
      window = startCpuWindow({ ...systemPids(phase.system, phase.options), bench: process.pid });
    },
  });
  await phase.traffic.quiet(QUIET_MS, timeoutOf(phase.options));
  const used = window!.end();
  return { flow, storeCost: storeCostOf(before!, await snapshotCommands(phase.system), flow.decided), cpu: cpuPerCase(used, flow.decided) };
}

function cpuPerCase(used: ReturnType<ReturnType<typeof startCpuWindow>['end']>, decided: number): CpuPerCase {
  const perCase = (seconds: number) => (decided ? round((seconds * 1000) / decided, 2) : 0);
  const msPerCase = Object.fromEntries(Object.entries(used.cpuSecondsOf).map(([name, seconds]) => [name, seconds === null ? null : perCase(seconds)]));
  return { seconds: used.seconds, msPerCase, totalMsPerCase: perCase(used.cpuSeconds) };
}

/** Cases offered at a steady rate, and what the machine's processes spent on them meanwhile. */
export interface OfferedLoad extends FlowResult {
  offeredPerSecond: number;
  offeredSeconds: number;
  /** From the first case sent to the last decision: % of one core per process, and CPU ms per decided case (all of them). */
  cpu: IdleCpu & { msPerCase: number };
}

export async function runOfferedLoad(phase: Phase, rate = phase.options.rate): Promise<OfferedLoad> {
  const { options, traffic, system } = phase;
  log(`offered load: ${rate} cases/s for ${options.rateSeconds} s`);
  await traffic.quiet(QUIET_MS, timeoutOf(phase.options));
  let window: ReturnType<typeof startCpuWindow> | undefined;
  const { flow } = await runCases(phase, Math.round(rate * options.rateSeconds), {
    pace: { rate, seconds: options.rateSeconds },
    beforeSend: async () => void (window = startCpuWindow({ ...systemPids(system, options), bench: process.pid })),
  });
  const { cpuSeconds, ...cpu } = window!.end();
  return { ...flow, offeredPerSecond: rate, offeredSeconds: options.rateSeconds, cpu: { ...cpu, msPerCase: flow.decided ? round((cpuSeconds * 1000) / flow.decided, 1) : 0 } };
}

/** The `--latency-curve` rates one after another, each as long as the offered load. */
export async function runLatencyCurve(phase: Phase): Promise<OfferedLoad[]> {
  const curve: OfferedLoad[] = [];
  for (const rate of phase.options.latencyCurve) curve.push(await runOfferedLoad(phase, rate));
  return curve;
}

export interface HttpComparison {
  bareNest: HttpRate;
  registration: HttpRate & RegistrationCost;
  ratio: number;
  connections: number;
  seconds: number;
}

/** POST /api/v1/service-requests against the bare Nest endpoint, back to back under the same conditions. */
export async function runHttp({ system, traffic, options }: Phase): Promise<HttpComparison> {
  log(`http: bare Nest endpoint, then POST /api/v1/service-requests (${options.httpConnections} connections, ${options.httpSeconds} s each)`);
  await traffic.quiet(QUIET_MS, timeoutOf(options));
  const bare = await startBareNest();
  try {
    const bareNest = await measureBare(bare, options.httpSeconds, options.httpConnections);
    const registration = await measureRegistration(system, options.httpSeconds, options.httpConnections);
    return { bareNest, registration, ratio: bareNest.requestsPerSecond ? round(registration.requestsPerSecond / bareNest.requestsPerSecond, 3) : 0, connections: options.httpConnections, seconds: options.httpSeconds };
  } finally {
    await bare.stop();
  }
}

/** CPU of the four processes with no traffic, once everything sent before has drained. */
export async function runIdle({ system, traffic, options }: Phase): Promise<IdleCpu & { storedCases: number }> {
  log('idle: waiting for the pipeline to drain');
  await traffic.quiet(15_000, timeoutOf(options));
  const storedCases = await system.db('intake').collection('service_requests').estimatedDocumentCount();
  // The bench's own consumer would keep the broker busy: only the system's own clients stay connected.
  await traffic.stop();
  log(`idle: measuring CPU for ${options.idleSeconds} s with ${storedCases} cases stored`);
  return { ...(await measureIdleCpu(systemPids(system, options), options.idleSeconds)), storedCases };
}

/** The services' processes, and the store's and broker's when they run on this machine. */
function systemPids(system: PipelineSystem, options: PipelineOptions): Record<string, number | null> {
  return {
    intake: system.pid('intake'),
    dispatch: system.pid('dispatch'),
    store: pidOf(localPortOf(options.mongoUrl, 27017)),
    kafka: pidOf(localPortOf(options.kafkaBrokers.join(','), 9092)),
  };
}

const pidOf = (port: number | null) => (port ? pidListeningOn(port) : null);

/** What the store runs on, from its JVM's command line (the stack starts it with --memory or --h2 <file>). */
export function storeBackend(options: PipelineOptions): string {
  const pid = pidOf(localPortOf(options.mongoUrl, 27017));
  if (!pid) return 'unknown (not a local process)';
  try {
    const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (command.includes('--memory')) return 'mongo-java-server, in memory (stack --mode test)';
    if (command.includes('--h2')) return 'mongo-java-server, H2 file (stack --mode dev)';
    return command.some((part) => part.includes('mongod')) ? 'mongod' : command.join(' ').slice(0, 120);
  } catch {
    return 'unknown';
  }
}
