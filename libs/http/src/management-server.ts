import * as http from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { HealthRegistry, MetricsRegistry } from '@aftercare/observability';

/**
 * `MANAGEMENT_PORT`: `/metrics` and the health endpoints on a port of their own, so Prometheus
 * and the kubelet reach them while the public port (behind the ingress) does not serve metrics.
 * Plain node:http: it must answer even when the application's request pipeline is saturated.
 */
export async function startManagementServer(app: INestApplication, host: string, port: number): Promise<http.Server> {
  const metrics = app.get(MetricsRegistry);
  const health = app.get(HealthRegistry);
  const server = http.createServer((req, res) => {
    const reply = (status: number, contentType: string, body: string) => {
      res.writeHead(status, { 'content-type': contentType });
      res.end(body);
    };
    void (async () => {
      if (req.method !== 'GET') return reply(405, 'application/problem+json', JSON.stringify({ type: 'about:blank', title: 'Method Not Allowed', status: 405 }));
      switch (req.url) {
        case '/metrics':
          return reply(200, 'text/plain; version=0.0.4', await metrics.registry.metrics());
        case '/health/live': {
          const { alive, checks } = health.liveness();
          return reply(alive ? 200 : 503, 'application/json', JSON.stringify(alive ? { status: 'ok' } : { status: 'failed', checks }));
        }
        case '/health/ready': {
          const { ready, checks } = await health.readiness();
          return reply(ready ? 200 : 503, 'application/json', JSON.stringify({ status: ready ? 'ok' : 'unavailable', checks }));
        }
        default:
          return reply(404, 'application/problem+json', JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404 }));
      }
    })().catch(() => reply(500, 'application/problem+json', JSON.stringify({ type: 'about:blank', title: 'Internal Server Error', status: 500 })));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
