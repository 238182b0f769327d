import * as path from 'node:path';
import { REPO_ROOT, freePort, serviceEnvironment, startServiceProcess, waitUntilReady, type ServiceProcess } from '@aftercare/testing';

/**
 * In a cluster, Prometheus and the kubelet use a management port; the public port (behind the
 * ingress) does not serve metrics. Every request leaves one access-log line.
 */
describe('intake with MANAGEMENT_PORT', () => {
  let service: ServiceProcess;
  let management: string;

  beforeAll(async () => {
    const managementPort = await freePort();
    management = `http://127.0.0.1:${managementPort}`;
    service = startServiceProcess(path.join(REPO_ROOT, 'services/intake/src/main.ts'), { ...(await serviceEnvironment('intake-management')), MANAGEMENT_PORT: String(managementPort) }, await freePort());
    await waitUntilReady(service, 120_000);
  }, 150_000);

  afterAll(() => service?.stop());

  it('serves /metrics and the health endpoints on the management port only', async () => {
    const scrape = await fetch(`${management}/metrics`);
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toContain('process_cpu_seconds_total');
    expect((await fetch(`${management}/health/ready`)).status).toBe(200);
    expect((await fetch(`${management}/health/live`)).status).toBe(200);
    expect((await fetch(`${management}/api/v1/service-requests`)).status).toBe(404);

    const publicScrape = await fetch(`${service.baseUrl}/metrics`);
    expect(publicScrape.status).toBe(404);
    expect(publicScrape.headers.get('content-type')).toContain('application/problem+json');
    expect((await fetch(`${service.baseUrl}/health/ready`)).status).toBe(200);
  });

  it('writes one access-log line per request, with status, duration and correlation id', async () => {
    const response = await fetch(`${service.baseUrl}/api/v1/service-requests`, { headers: { 'x-correlation-id': 'access-log-probe' } });
    expect(response.status).toBe(401);
    const deadline = Date.now() + 5_000;
    let line: string | undefined;
    while (!line && Date.now() < deadline) {
      line = service.output().split('\n').find((l) => l.includes('"correlationId":"access-log-probe"'));
      if (!line) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(JSON.parse(line!)).toMatchObject({ level: 'info', http: { method: 'GET', path: '/api/v1/service-requests', status: 401 }, msg: expect.stringMatching(/^GET \/api\/v1\/service-requests 401 [\d.]+ ms$/) });
  });
});
