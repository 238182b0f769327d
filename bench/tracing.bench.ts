/**
 * What tracing costs a service's own process per handled message, as libs/messaging traces one:
 * the consumer span under the message's `traceparent`, a `change` span in the aggregate's own
 * trace, the trace context captured for the outbox entry, and the relay's producer span with the
 * headers it writes. Three ways a service can start:
 *
 * - `recording`: spans recorded and dropped (a no-op processor) — what a service did with no exporter
 *   before ADR 0058, and still does when `OTEL_PROPAGATORS` is set;
 * - `propagate-only`: no span recorded, the sampled flag sent on as a recording service would (the
 *   default with no exporter since ADR 0058);
 * - `sdk-off`: `OTEL_SDK_DISABLED=true`, no trace at all (the floor, not an option: no trace ids).
 *
 * No broker, no store: the tracing work alone, so that a difference of a few per cent is not lost in
 * a pipeline whose CPU per case moves ±20 % from one burst to the next on a shared machine. Each
 * variant runs in a process of its own, the variants alternate round by round, medians reported.
 * Not a test: it asserts nothing.
 *
 *   node tools/run.cjs ts bench/tracing.bench.ts [--rounds 5] [--messages 20000]
 *
 * Writes bench/results/tracing.json.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import * as messaging from '@aftercare/messaging';
import { startTelemetry } from '@aftercare/observability';

const VARIANTS = {
  recording: 'spans recorded, nothing exported (before ADR 0058; still so with OTEL_PROPAGATORS set)',
  'propagate-only': 'no span recorded, the sampled flag sent on (the default with no exporter, ADR 0058)',
  'sdk-off': 'OTEL_SDK_DISABLED=true: no trace at all (the floor)',
} as const;
type Variant = keyof typeof VARIANTS;

const ENVIRONMENT: Record<Variant, NodeJS.ProcessEnv> = {
  recording: { OTEL_PROPAGATORS: 'tracecontext,baggage' },
  'propagate-only': {},
  'sdk-off': { OTEL_SDK_DISABLED: 'true' },
};

interface Measured {
  /** Node CPU per handled message, ms. */
  cpuMsPerMessage: number;
  /** Whether the relay's headers carried the sampled flag (they must, except with the SDK off). */
  sampledFlagSent: boolean;
}

const TOPIC = 'bench.intake.public.service-request.events.v1';
const CALLER = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
const AGGREGATE_TRACE = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };

/** One variant, in this process: prints its measurement as one JSON line. */
async function measureVariant(messages: number): Promise<void> {
  // libs/messaging asks the global tracer and propagator at each call: started here, they are the SDK's.
  startTelemetry('tracing-bench');
  let lastHeaders: { traceparent?: string } = {};
  const handle = async (i: number): Promise<void> => {
    const outboxTrace = await messaging.inConsumerSpan(TOPIC, CALLER, { 'messaging.kafka.offset': i }, () =>
      messaging.inTraceOf(AGGREGATE_TRACE, 'change ServiceRequest', { 'aftercare.case_id': `case-${i}` }, async () => {
        await Promise.resolve();
        return messaging.captureTraceContext();
      }),
    );
    await Promise.resolve();
    const producer = messaging.startProducerSpan(TOPIC, messaging.contextFrom(outboxTrace), { 'messaging.kafka.message.key': `case-${i}` });
    lastHeaders = messaging.traceHeadersOf(producer);
    producer.end();
  };
  for (let i = 0; i < 2_000; i++) await handle(i);
  const cpu = process.cpuUsage();
  for (let i = 0; i < messages; i++) await handle(i);
  const used = process.cpuUsage(cpu);
  const measured: Measured = {
    cpuMsPerMessage: Number(((used.user + used.system) / 1000 / messages).toFixed(4)),
    sampledFlagSent: lastHeaders.traceparent?.endsWith('-01') ?? false,
  };
  process.stdout.write(`${JSON.stringify(measured)}\n`);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function main(): void {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, messages: { type: 'string', default: '20000' } } });
  const rounds = Number(values.rounds);
  const messages = Number(values.messages);
  console.log(`tracing: ${messages} handled messages per run, ${rounds} rounds of ${Object.keys(VARIANTS).length} variants, each in its own process`);
  const runs = new Map<Variant, Measured[]>();
  for (let round = 1; round <= rounds; round++) {
    for (const variant of Object.keys(VARIANTS) as Variant[]) {
      const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_')));
      const child = spawnSync(process.execPath, [...process.execArgv, __filename], {
        env: { ...inherited, ...ENVIRONMENT[variant], TRACING_BENCH_MESSAGES: String(messages) },
        encoding: 'utf8',
      });
      if (child.status !== 0) throw new Error(`variant ${variant} failed: ${child.stderr}`);
      const run = JSON.parse(child.stdout.trim().split('\n').pop()!) as Measured;
      if (variant !== 'sdk-off' && !run.sampledFlagSent) throw new Error(`variant ${variant} did not send the sampled flag on`);
      runs.set(variant, [...(runs.get(variant) ?? []), run]);
      console.log(`round ${round} ${variant.padEnd(15)} ${run.cpuMsPerMessage} ms per message (sampled flag sent: ${run.sampledFlagSent})`);
    }
  }
  const medians = Object.fromEntries(
    [...runs].map(([variant, list]) => [variant, { description: VARIANTS[variant], cpuMsPerMessage: median(list.map((r) => r.cpuMsPerMessage)) }]),
  ) as Record<Variant, { description: string; cpuMsPerMessage: number }>;
  console.log('\nmedians, Node CPU per handled message:');
  for (const [variant, m] of Object.entries(medians)) console.log(`  ${variant.padEnd(15)} ${m.cpuMsPerMessage} ms  — ${m.description}`);
  const out = path.join(__dirname, 'results', 'tracing.json');
  fs.writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), messagesPerRun: messages, rounds, medians, runs: Object.fromEntries(runs) }, null, 2)}\n`);
  console.log(`written ${path.relative(process.cwd(), out)}`);
}

if (process.env.TRACING_BENCH_MESSAGES) {
  measureVariant(Number(process.env.TRACING_BENCH_MESSAGES)).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main();
}
