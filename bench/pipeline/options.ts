import { parseArgs } from 'node:util';

/** Everything a run can be told; defaults are the sizes and targets. */
export interface PipelineOptions {
  /** Cases already stored before each burst, ascending. */
  sizes: number[];
  /** Cases pushed through the CRM topic at each size. */
  burst: number;
  /** Cases run through the real pipeline (and closed) whose documents the fill clones. */
  seed: number;
  /** Offered load: cases per second, for this many seconds. */
  rate: number;
  rateSeconds: number;
  /** Further offered loads (cases/s), run before `rate` for as long each: latency against load. */
  latencyCurve: number[];
  /** HTTP comparison: autocannon connections and seconds per endpoint. */
  httpConnections: number;
  httpSeconds: number;
  /** Idle CPU window. */
  idleSeconds: number;
  /** Seconds per store ceiling measurement. */
  storeSeconds: number;
  /** Messages through the broker's consume→produce hop. */
  hopMessages: number;
  technicians: number;
  technicianCapacity: number;
  /** A phase that takes longer reports what completed and the run goes on. */
  phaseTimeoutSeconds: number;
  /** Only the large burst (issue target: 50,000 cases in ≤ 5 minutes), no fill and no other phase. */
  burstOnly: number | null;
  /** Only the HTTP comparison (registration against the bare endpoint), nothing stored before. */
  httpOnly: boolean;
  /** Only the offered load (`--rate` cases/s for `--rate-seconds`), after a warm-up burst of `--burst`; no fill. */
  rateOnly: boolean;
  /** Leave the databases and topics behind for inspection. */
  keep: boolean;
  kafkaBrokers: string[];
  mongoUrl: string;
}

const numbers = (text: string) => text.split(',').map((part) => positive(part, '--sizes'));

function positive(text: string, name: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0, got "${text}"`);
  return value;
}

export const USAGE = `usage: npm run bench:pipeline -- [--sizes 1000,10000,100000] [--burst 2000] [--seed 100]
  [--rate 100] [--rate-seconds 30] [--latency-curve 25,50,75] [--http-seconds 10] [--http-connections 10] [--idle-seconds 60]
  [--store-seconds 3] [--hop-messages 20000] [--technicians 50] [--technician-capacity 1000]
  [--phase-timeout 900] [--burst-only 50000] [--http-only] [--rate-only] [--keep]
Honours KAFKA_BROKERS and MONGO_URL (\`node tools/run.cjs bench\` sets them to the stack it ensured).`;

export function parseOptions(argv: string[]): PipelineOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      sizes: { type: 'string', default: '1000,10000,100000' },
      burst: { type: 'string', default: '2000' },
      seed: { type: 'string', default: '100' },
      rate: { type: 'string', default: '100' },
      'rate-seconds': { type: 'string', default: '30' },
      'latency-curve': { type: 'string', default: '' },
      'http-seconds': { type: 'string', default: '10' },
      'http-connections': { type: 'string', default: '10' },
      'idle-seconds': { type: 'string', default: '60' },
      'store-seconds': { type: 'string', default: '3' },
      'hop-messages': { type: 'string', default: '20000' },
      technicians: { type: 'string', default: '50' },
      'technician-capacity': { type: 'string', default: '1000' },
      'phase-timeout': { type: 'string', default: '900' },
      'burst-only': { type: 'string' },
      'http-only': { type: 'boolean', default: false },
      'rate-only': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const sizes = numbers(values.sizes).sort((a, b) => a - b);
  return {
    sizes,
    burst: positive(values.burst, '--burst'),
    seed: Math.max(1, positive(values.seed, '--seed')),
    rate: positive(values.rate, '--rate'),
    rateSeconds: positive(values['rate-seconds'], '--rate-seconds'),
    latencyCurve: values['latency-curve'] ? values['latency-curve'].split(',').map((part) => positive(part, '--latency-curve')) : [],
    httpConnections: Math.max(1, positive(values['http-connections'], '--http-connections')),
    httpSeconds: positive(values['http-seconds'], '--http-seconds'),
    idleSeconds: positive(values['idle-seconds'], '--idle-seconds'),
    storeSeconds: positive(values['store-seconds'], '--store-seconds'),
    hopMessages: positive(values['hop-messages'], '--hop-messages'),
    technicians: Math.max(1, positive(values.technicians, '--technicians')),
    technicianCapacity: Math.min(1000, positive(values['technician-capacity'], '--technician-capacity')),
    phaseTimeoutSeconds: Math.max(1, positive(values['phase-timeout'], '--phase-timeout')),
    burstOnly: values['burst-only'] === undefined ? null : positive(values['burst-only'], '--burst-only'),
    httpOnly: values['http-only'],
    rateOnly: values['rate-only'],
    keep: values.keep,
    kafkaBrokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    mongoUrl: process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017',
  };
}
