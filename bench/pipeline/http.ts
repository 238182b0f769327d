import * as path from 'node:path';
import autocannon from 'autocannon';
import { REPO_ROOT, freePort, startServiceProcess, type ServiceProcess } from '@aftercare/testing';
import { newCase, registrationBody } from './messages';
import { cpuSeconds } from './cpu';
import { round, waitFor } from './stats';
import { countsDocuments, documentsKey } from './store-cost';
import type { PipelineSystem } from './system';

export interface HttpRate {
  requestsPerSecond: number;
  /** 2xx answers only (a 4xx/5xx is counted in `failed`). */
  ok: number;
  failed: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * What one registration cost intake while the load ran: CPU (utime + stime of its process) and
 * store commands (`store_commands_total`), both divided by the cases inserted (the 2xx answers and
 * the requests still in flight when the load stopped), counted once intake is quiet again. The CPU includes what
 * the registrations' own events cost intake afterwards within the window (timeline, reply clock,
 * relay). On a shared, loaded machine req/s moves with the neighbours; CPU per request much less.
 */
export interface RegistrationCost {
  intakeCpuMsPerRequest: number | null;
  storeCommandsPerRequest: number;
  /** The same per `collection/command`, e.g. `service_requests/insert`. */
  storeCommandsByCollection: Record<string, number>;
}

/** After the load, the window stays open until intake sent no store command for this long (its events' projections finish). */
const QUIET_MS = 2_000;
/** One per case registered. */
const CASE_INSERTS = 'service_requests/insert';

/** The bare NestJS endpoint (bench/pipeline/bare-nest.main.ts) as its own process. */
export async function startBareNest(): Promise<ServiceProcess> {
  const port = await freePort();
  const bare = startServiceProcess(path.join(REPO_ROOT, 'bench/pipeline/bare-nest.main.ts'), {}, port);
  const up = await waitFor(async () => {
    try {
      return (await fetch(`${bare.baseUrl}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status === 201;
    } catch {
      return false;
    }
  }, 60_000, 250);
  if (!up) throw new Error(`the bare Nest endpoint did not start:\n${bare.output()}`);
  return bare;
}


/** POST /echo on the bare endpoint, each request with a body of its own (the same body as a registration). */
export async function measureBare(bare: ServiceProcess, seconds: number, connections: number): Promise<HttpRate> {
  return rateOf(
    await autocannon({
      url: `${bare.baseUrl}/echo`,
      connections,
      duration: seconds,
      requests: [{ method: 'POST', headers: { 'content-type': 'application/json' }, setupRequest: (request) => ({ ...request, body: JSON.stringify(registrationBody(newCase())) }) }],
    }),
  );
}

/**
 * POST /api/v1/service-requests on intake with an agent's token, each request a new case (its own
 * externalRef, customer and serial): the whole registration — auth, validation, entitlement,
 * classification, the save with its outbox.
 */
export async function measureRegistration(system: PipelineSystem, seconds: number, connections: number): Promise<HttpRate & RegistrationCost> {
  const token = await system.token(['agent']);
  const [cpuBefore, commandsBefore] = [cpuSeconds(system.pid('intake')), await system.storeCommands('intake')];
  const rate = rateOf(
    await autocannon({
      url: `${system.service('intake').baseUrl}/api/v1/service-requests`,
      connections,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          setupRequest: (request) => ({ ...request, body: JSON.stringify(registrationBody(newCase())) }),
        },
      ],
    }),
  );
  const commandsAfter = await commandsOnceQuiet(system);
  const cpuAfter = cpuSeconds(system.pid('intake'));
  // Requests still in flight when autocannon stops complete afterwards, inside the window: count cases
  // stored — documents inserted, not insert commands (one command carries the inserts of the moment, ADR 0053).
  const inserted = (key: string) => (commandsAfter.get(key) ?? 0) - (commandsBefore.get(key) ?? 0);
  const registered = inserted(documentsKey(CASE_INSERTS)) || inserted(CASE_INSERTS) || rate.ok;
  const per = (value: number) => (registered ? round(value / registered, 2) : 0);
  const byCollection = [...commandsAfter].filter(([key]) => !countsDocuments(key)).map(([key, count]) => [key, per(count - (commandsBefore.get(key) ?? 0))] as const);
  return {
    ...rate,
    intakeCpuMsPerRequest: cpuBefore === null || cpuAfter === null ? null : per((cpuAfter - cpuBefore) * 1000),
    storeCommandsPerRequest: per(totalOf(commandsAfter) - totalOf(commandsBefore)),
    storeCommandsByCollection: Object.fromEntries(byCollection.filter(([, count]) => count > 0).sort(([a], [b]) => a.localeCompare(b))),
  };
}

/** intake's store command counts once it has sent none for QUIET_MS (at most 30 s). */
async function commandsOnceQuiet(system: PipelineSystem): Promise<Map<string, number>> {
  let last = await system.storeCommands('intake');
  let quietSince = Date.now();
  await waitFor(async () => {
    const now = await system.storeCommands('intake');
    if (totalOf(now) !== totalOf(last)) [last, quietSince] = [now, Date.now()];
    return Date.now() - quietSince >= QUIET_MS;
  }, 30_000, 250);
  return last;
}

/** Store commands in all (document counts left out). */
function totalOf(counts: Map<string, number>): number {
  return [...counts].reduce((sum, [key, count]) => (countsDocuments(key) ? sum : sum + count), 0);
}

function rateOf(result: autocannon.Result): HttpRate {
  const ok = result['2xx'];
  return {
    requestsPerSecond: round(ok / result.duration, 1),
    ok,
    failed: result.non2xx + result.errors + result.timeouts,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}
