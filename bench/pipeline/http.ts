import * as path from 'node:path';
import autocannon from 'autocannon';
import { REPO_ROOT, freePort, startServiceProcess, type ServiceProcess } from '@aftercare/testing';
import { newCase, registrationBody } from './messages';
import { round, waitFor } from './stats';
import type { PipelineSystem } from './system';

export interface HttpRate {
  requestsPerSecond: number;
  /** 2xx answers only (a 4xx/5xx is counted in `failed`). */
  ok: number;
  failed: number;
  p50Ms: number;
  p99Ms: number;
}

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
export async function measureRegistration(system: PipelineSystem, seconds: number, connections: number): Promise<HttpRate> {
  const token = await system.token(['agent']);
  return rateOf(
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
