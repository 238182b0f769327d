import type { IdleCpu } from './cpu';
import type { PipelineOptions } from './options';
import type { Ceilings, CpuPerCase, HttpComparison, OfferedLoad, SizeResult } from './phases';
import type { FlowResult } from './traffic';

/** Everything one run measured (written as bench/results/pipeline.json). */
export interface PipelineResults {
  benchmark: 'pipeline';
  at: string;
  machine: { cpus: number; store: string; kafkaBrokers: string; mongoUrl: string };
  options: Omit<PipelineOptions, 'kafkaBrokers' | 'mongoUrl'>;
  fillMethod: string;
  ceilings?: Ceilings;
  seed?: { decided: number; casesPerSecond: number; closed: number };
  sizes: SizeResult[];
  /** `--latency-curve`: the further offered loads, lowest first. */
  latencyCurve?: OfferedLoad[];
  offeredLoad?: OfferedLoad;
  http?: HttpComparison;
  idle?: IdleCpu & { storedCases: number };
  burstOnly?: FlowResult & { storedAfter: number; storeCost: SizeResult['storeCost']; cpu: CpuPerCase };
  /** Phases that failed, with why; the others still ran. */
  errors: Record<string, string>;
}

const n = (value: number | null | undefined, digits = 0) =>
  value === null || value === undefined ? '–' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ')).join('\n');
}

/** "CPU per case: intake 6.1, … = 13.2 ms" (the bench's own process included, as it shares the machine). */
const cpuLine = (cpu: CpuPerCase | undefined) =>
  cpu
    ? `CPU per case: ${Object.entries(cpu.msPerCase)
        .map(([name, ms]) => `${name} ${ms === null ? '–' : n(ms, 2)}`)
        .join(', ')} = ${n(cpu.totalMsPerCase, 2)} ms over ${n(cpu.seconds, 1)} s (to drained)`
    : '';

const flowCells = (flow: FlowResult) => [
  `${n(flow.decided)}/${n(flow.sent)}${flow.complete ? '' : ' (timeout)'}`,
  n(flow.casesPerSecond, 1),
  n(flow.latency.p50Ms),
  n(flow.latency.p99Ms),
];

export function render(results: PipelineResults): string {
  const out: string[] = [];
  out.push(`pipeline benchmark, ${results.at}: ${results.machine.cpus} cores, store ${results.machine.store}`);
  const { ceilings } = results;
  if (ceilings) {
    out.push('', 'Raw ceilings');
    out.push(
      table([
        ['', 'rate', ''],
        ['broker consume→produce hop (kafkajs)', `${n(ceilings.brokerHop.messagesPerSecond)} msg/s`, `${ceilings.brokerHop.messageBytes} B messages`],
        ['store insertOne, one at a time', `${n(ceilings.store.insertOne.perSecond)} /s`, `p50 ${ceilings.store.insertOne.p50Ms} ms`],
        ['store updateOne({_id}), one at a time', `${n(ceilings.store.updateById.perSecond)} /s`, `p50 ${ceilings.store.updateById.p50Ms} ms`],
        ...(results.http ? [['bare NestJS POST endpoint (autocannon)', `${n(results.http.bareNest.requestsPerSecond)} req/s`, `p99 ${results.http.bareNest.p99Ms} ms`]] : []),
      ]),
    );
  }
  if (results.sizes.length) {
    out.push('', `Pipeline: a burst of ${n(results.options.burst)} CRM cases at each stored size (CRM message → assignment decision)`);
    out.push(
      table([
        ['stored cases', 'decided', 'cases/s', 'p50 ms', 'p99 ms', 'doc writes/case', 'write cmds/case', 'cmds/case', 'store-bound', '÷ store', '÷ hop'],
        ...results.sizes.map((s) => [
          n(s.storedCases),
          ...flowCells(s.burst),
          n(s.storeCost.documentWritesPerCase ?? 0, 1),
          n(s.storeCost.writesPerCase, 1),
          n(s.storeCost.commandsPerCase, 1),
          `${n(s.storeBoundCeilingCasesPerSecond, 1)}/s`,
          n(s.ratioToStoreBound, 2),
          n(s.ratioToBrokerHop, 4),
        ]),
      ]),
    );
    const flat = results.sizes.map((s) => s.burst.casesPerSecond).filter((v) => v > 0);
    if (flat.length > 1) out.push(`throughput, largest size vs smallest: ${n((flat[flat.length - 1] / flat[0] - 1) * 100, 0)} % (target: within ±20 %)`);
    for (const s of results.sizes) if (s.cpu) out.push(`${n(s.storedCases)} stored: ${cpuLine(s.cpu)}`);
    out.push(`fill: ${results.fillMethod}`);
  }
  const offered = [...(results.latencyCurve ?? []), ...(results.offeredLoad ? [results.offeredLoad] : [])];
  if (offered.length) {
    out.push('', `Latency against offered load (CRM message → decision; ${offered[0].offeredSeconds} s each; target p99 ≤ 2,000 ms at 100 cases/s)`);
    out.push(
      table([
        ['offered cases/s', 'decided', 'cases/s', 'p50 ms', 'p99 ms', 'max ms', 'CPU % of one core (all processes)', 'CPU ms/case'],
        ...offered.map((o) => [n(o.offeredPerSecond), ...flowCells(o), n(o.latency.maxMs), o.cpu ? n(o.cpu.totalPercentOfOneCore) : '–', o.cpu ? n(o.cpu.msPerCase, 1) : '–']),
      ]),
    );
  }
  if (results.http) {
    const h = results.http;
    out.push('', `HTTP (${h.connections} connections, ${h.seconds} s each)`);
    out.push(
      table([
        ['', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx/errors'],
        ['bare NestJS POST', n(h.bareNest.requestsPerSecond, 1), n(h.bareNest.p50Ms), n(h.bareNest.p99Ms), n(h.bareNest.failed)],
        ['POST /api/v1/service-requests', n(h.registration.requestsPerSecond, 1), n(h.registration.p50Ms), n(h.registration.p99Ms), n(h.registration.failed)],
      ]),
    );
    out.push(`registration ÷ bare: ${n(h.ratio, 2)} (target ≥ 0.5)`);
    const cpu = h.registration.intakeCpuMsPerRequest;
    out.push(`per registration: intake CPU ${cpu === null ? '–' : `${n(cpu, 1)} ms`}, ${n(h.registration.storeCommandsPerRequest, 1)} store commands (its own events' projections in the window included)`);
    const byCollection = Object.entries(h.registration.storeCommandsByCollection ?? {});
    if (byCollection.length) out.push(`  ${byCollection.map(([key, count]) => `${key} ${n(count, 2)}`).join(', ')}`);
  }
  const largest = results.sizes[results.sizes.length - 1];
  if (largest) {
    out.push('', `Store commands per case at ${n(largest.storedCases)} stored (a bulkWrite counts as one command; background passes in the window included)`);
    const rows = Object.entries(largest.storeCost.perCase).sort((a, b) => b[1] - a[1]);
    out.push(table([['service collection/command', 'per case'], ...rows.map(([key, value]) => [key, n(value, 2)])]));
    out.push(`total ${n(largest.storeCost.commandsPerCase, 1)} commands, of which ${n(largest.storeCost.writesPerCase, 1)} writes (${n(largest.storeCost.insertsPerCase, 1)} inserts) carrying ${n(largest.storeCost.documentWritesPerCase ?? 0, 1)} document writes`);
  }
  if (results.idle) {
    const i = results.idle;
    const cells = Object.entries(i.percentOfOneCore).map(([name, value]) => `${name} ${value === null ? '–' : `${n(value, 1)} %`}`);
    out.push('', `Idle CPU with ${n(i.storedCases)} cases stored, ${i.seconds} s, % of one core: ${cells.join(', ')}; total ${n(i.totalPercentOfOneCore, 1)} % (target < 5 %)`);
  }
  if (results.burstOnly) {
    const b = results.burstOnly;
    out.push('', `Burst only: ${flowCells(b)[0]} decided in ${n(b.seconds, 1)} s = ${n(b.casesPerSecond, 1)} cases/s (target ≥ 167), p50 ${n(b.latency.p50Ms)} ms, p99 ${n(b.latency.p99Ms)} ms; ${n(b.storeCost.documentWritesPerCase ?? 0, 1)} document writes in ${n(b.storeCost.writesPerCase, 1)} write commands, ${n(b.storeCost.commandsPerCase, 1)} store commands in all and ${n(b.storeCost.messagesPerCase ?? 0, 1)} messages handled per case`);
    if (b.cpu) out.push(cpuLine(b.cpu));
  }
  for (const [phase, error] of Object.entries(results.errors)) out.push('', `phase ${phase} FAILED: ${error}`);
  return out.join('\n');
}
