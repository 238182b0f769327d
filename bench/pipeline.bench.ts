/**
 * The whole pipeline against the real stack, with the ceilings it is compared with, in one run:
 * CRM service requests → intake (registered, acknowledged, routed) → dispatch (work order, assignment
 * decision), intake and dispatch as their own processes. Reports the raw ceilings (broker hop, store
 * writes, bare NestJS endpoint), throughput and latency at growing stored sizes, latency at an
 * offered load, HTTP registration against the bare endpoint, store commands per case and idle CPU.
 * Not a test: it asserts nothing. See bench/README.md.
 *
 *   npm run bench:pipeline -- [--sizes 1000,10000,100000] [--burst 2000] [--burst-only 50000] …
 *
 * Writes bench/results/pipeline.json (pipeline-burst.json with --burst-only, pipeline-http.json with --http-only, pipeline-rate.json with --rate-only).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseOptions } from './pipeline/options';
import {
  runCeilings,
  runHttp,
  runIdle,
  runMeasuredBurst,
  runLatencyCurve,
  runOfferedLoad,
  runSeed,
  runSize,
  storeBackend,
  type Phase,
} from './pipeline/phases';
import { render, type PipelineResults } from './pipeline/report';
import { log } from './pipeline/stats';
import { PipelineSystem } from './pipeline/system';
import { PipelineTraffic } from './pipeline/traffic';

const FILL_METHOD =
  'seed cases ran through the pipeline and the whole field workflow to closed (work order verified and closed, case closed); ' +
  'their documents in every per-case collection of intake and dispatch were cloned with fresh ids (insertMany), outbox fields cleared';

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const { kafkaBrokers, mongoUrl, ...shown } = options;
  const results: PipelineResults = {
    benchmark: 'pipeline',
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, store: storeBackend(options), kafkaBrokers: kafkaBrokers.join(','), mongoUrl },
    options: shown,
    fillMethod: FILL_METHOD,
    sizes: [],
    errors: {},
  };
  log(`pipeline bench against kafka ${results.machine.kafkaBrokers}, store ${mongoUrl} (${results.machine.store})`);
  const fills = !options.httpOnly && !options.rateOnly && options.burstOnly === null;
  if (fills && results.machine.store.includes('in memory') && Math.max(...options.sizes) > 20_000) {
    log('warning: the in-memory store holds every case on its heap: give it room (MONGO_HEAP=8g, what `npm run bench:pipeline` starts it with)');
  }
  const system = await PipelineSystem.start(options);
  const traffic = new PipelineTraffic(system);
  const phase: Phase = { system, traffic, options };
  const attempt = async <T>(name: string, work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      results.errors[name] = (error as Error).message;
      log(`phase ${name} failed: ${(error as Error).stack}`);
      return undefined;
    }
  };
  try {
    await traffic.start();
    await system.registerTechnicians(options.technicians, options.technicianCapacity);
    if (options.httpOnly) {
      results.http = await attempt('http', () => runHttp(phase));
    } else if (options.rateOnly) {
      await attempt('warm-up', () => runMeasuredBurst(phase, options.burst));
      results.latencyCurve = await attempt('latency curve', () => runLatencyCurve(phase));
      results.offeredLoad = await attempt('offered load', () => runOfferedLoad(phase));
    } else if (options.burstOnly !== null) {
      const count = options.burstOnly;
      await attempt('burst-only', async () => {
        log(`burst only: ${count} cases`);
        const { flow, storeCost, cpu } = await runMeasuredBurst(phase, count);
        const storedAfter = await system.db('intake').collection('service_requests').estimatedDocumentCount();
        results.burstOnly = { ...flow, storedAfter, storeCost, cpu };
      });
    } else {
      results.ceilings = await attempt('ceilings', () => runCeilings(phase));
      const seeded = await attempt('seed', () => runSeed(phase));
      if (seeded) {
        results.seed = { decided: seeded.seedFlow.decided, casesPerSecond: seeded.seedFlow.casesPerSecond, closed: seeded.closed };
        for (const size of options.sizes) {
          const result = await attempt(`size ${size}`, () => runSize(phase, seeded.fill, size, results.ceilings ?? null));
          if (result) results.sizes.push(result);
        }
      }
      results.latencyCurve = await attempt('latency curve', () => runLatencyCurve(phase));
      results.offeredLoad = await attempt('offered load', () => runOfferedLoad(phase));
      results.http = await attempt('http', () => runHttp(phase));
      results.idle = await attempt('idle', () => runIdle(phase));
    }
  } finally {
    await traffic.stop();
    await system.stop();
  }
  process.stdout.write(`\n${render(results)}\n`);
  const file = path.join(__dirname, 'results', options.httpOnly ? 'pipeline-http.json' : options.rateOnly ? 'pipeline-rate.json' : options.burstOnly !== null ? 'pipeline-burst.json' : 'pipeline.json');
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`written ${path.relative(process.cwd(), file)}`);
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);
