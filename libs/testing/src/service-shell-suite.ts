import * as os from 'node:os';
import * as path from 'node:path';
import { mintDevToken } from '@aftercare/auth';
import { freePort, serviceEnvironment, startServiceProcess, waitUntilReady, type ServiceProcess } from './service-process';

/**
 * What every service must do as a process, checked the same way for all five: start against
 * the real stack, answer health, metrics and OpenAPI, answer unknown routes with problem
 * details, keep the tenant registry (the demo tenant seeded in development), drain on SIGTERM, and refuse to start on bad configuration with a line naming it.
 */
export function serviceShellSuite({ name, main }: { name: string; main: string }): void {
  describe(`${name} as a process`, () => {
    let service: ServiceProcess;

    beforeAll(async () => {
      service = startServiceProcess(main, await serviceEnvironment(name), await freePort());
      await waitUntilReady(service);
    });

    afterAll(async () => {
      await service?.stop('SIGKILL');
    });

    it('is live and ready, with Mongo and the Kafka consumer checked', async () => {
      expect((await fetch(`${service.baseUrl}/health/live`)).status).toBe(200);
      const ready = (await (await fetch(`${service.baseUrl}/health/ready`)).json()) as { status: string; checks: Record<string, { ok: boolean }> };
      expect(ready.status).toBe('ok');
      expect(ready.checks.mongo).toEqual({ ok: true });
      expect(ready.checks['kafka-consumer'].ok).toBe(true);
    });

    it('serves Prometheus metrics and the OpenAPI document', async () => {
      const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
      expect(metrics).toContain('messaging_outbox_backlog');
      expect(metrics).toContain('process_cpu_seconds_total');
      const openapi = (await (await fetch(`${service.baseUrl}/api/docs/openapi.json`)).json()) as { openapi: string; info: { title: string } };
      expect(openapi.openapi).toMatch(/^3\./);
      expect(openapi.info.title).toBe(`Aftercare ${name}`);
    });

    it('answers an unknown route with RFC 9457 problem details', async () => {
      const response = await fetch(`${service.baseUrl}/api/v1/no-such-thing`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({ status: 404, code: 'NOT_FOUND', title: 'Not Found' });
    });

    it('keeps the tenant registry: the demo tenant seeded, an operator registering another', async () => {
      const token = await mintDevToken({ subject: 'ops-shell', tenantId: 'platform-ops', roles: ['operator'], dir: path.join(os.tmpdir(), 'aftercare-test-keys') });
      const admin = (init: RequestInit = {}) =>
        fetch(`${service.baseUrl}/api/v1/admin/tenants`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
      const created = await admin({ method: 'POST', body: JSON.stringify({ id: `shell-${name}`, name: `Shell of ${name}` }) });
      expect(created.status).toBe(201);
      const rejected = await admin({ method: 'POST', body: JSON.stringify({ id: '*', name: 'Everyone' }) });
      expect(rejected.status).toBe(422);
      const listed = (await (await admin()).json()) as { items: Array<{ id: string }> };
      expect(listed.items.map((t) => t.id)).toEqual(['acme', `shell-${name}`]);
    });

    it('writes structured JSON logs', () => {
      const line = service
        .output()
        .split('\n')
        .find((l) => l.includes('listening on'));
      expect(line).toBeDefined();
      expect(JSON.parse(line!)).toMatchObject({ level: 'info', service: name });
    });

    it('drains and exits on SIGTERM', async () => {
      const { code, signal } = await service.stop('SIGTERM');
      expect(code === 0 || signal === 'SIGTERM').toBe(true);
      expect(service.output()).not.toMatch(/"level":"error"/);
      // Handlers in flight finish before the outbox is flushed, which is before Kafka closes.
      const steps = service
        .output()
        .split('\n')
        .map((line) => /"msg":"drain: ([^"]+)"/.exec(line)?.[1])
        .filter(Boolean);
      expect(steps).toEqual(['stopped consuming', 'outbox flushed', 'kafka closed']);
    });
  });

  describe(`${name} configuration`, () => {
    it('stops with one line naming a missing required setting', async () => {
      const env = await serviceEnvironment(name);
      delete env.MONGO_URL;
      const service = startServiceProcess(main, env, await freePort());
      const { code } = await service.exited;
      expect(code).toBe(1);
      expect(service.output().trim()).toBe(`${name}: invalid configuration: MONGO_URL is required`);
    });

    it('stops naming every setting that is malformed', async () => {
      const env = { ...(await serviceEnvironment(name)), KAFKA_BROKERS: 'not a broker list', PORT: '70000' };
      const service = startServiceProcess(main, env);
      const { code } = await service.exited;
      expect(code).toBe(1);
      expect(service.output()).toMatch(/KAFKA_BROKERS must be a comma-separated list of host:port/);
      expect(service.output()).toMatch(/PORT /);
      expect(service.output().trim().split('\n')).toHaveLength(1);
    });
  });
}
