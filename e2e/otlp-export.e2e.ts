import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { mintDevToken, ensureDevKeys } from '@aftercare/auth';
import { SERVICE_REQUEST_REGISTERED_V1, TOPICS, WORK_ORDER_CREATED_V1 } from '@aftercare/contracts';
import { REPO_ROOT, TopicProbe, freePort, isolate, startServiceProcess, testEnvironment, waitUntilReady, type ServiceProcess } from '@aftercare/testing';

/**
 * What operations sees: intake and dispatch, as processes, export their spans over OTLP (HTTP,
 * JSON) to a collector — here a tiny receiver. One case's spans from both processes carry one
 * trace id. The batch exporter is set to wait ten minutes, so every span the receiver gets was
 * flushed by the graceful stop on SIGTERM: the last spans of a stopping pod are not lost.
 */
const KEYS = path.join(os.tmpdir(), 'aftercare-test-keys');

interface ReceivedSpan {
  service: string;
  traceId: string;
  name: string;
}

function otlpReceiver(): { server: http.Server; spans: ReceivedSpan[] } {
  const spans: ReceivedSpan[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') {
        const payload = JSON.parse(body) as {
          resourceSpans: Array<{
            resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
            scopeSpans: Array<{ spans: Array<{ traceId: string; name: string }> }>;
          }>;
        };
        for (const resourceSpans of payload.resourceSpans) {
          const service = resourceSpans.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
          for (const scope of resourceSpans.scopeSpans) for (const span of scope.spans) spans.push({ service, traceId: span.traceId, name: span.name });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  return { server, spans };
}

describe('spans of one case from two processes reach the collector with one trace id', () => {
  const env = testEnvironment();
  const { topicPrefix, dbName } = isolate('e2e-otlp');
  const receiver = otlpReceiver();
  let intake: ServiceProcess;
  let dispatch: ServiceProcess;
  let probe: TopicProbe;

  beforeAll(async () => {
    const collectorPort = await freePort();
    await new Promise<void>((resolve) => receiver.server.listen(collectorPort, '127.0.0.1', resolve));
    const keys = await ensureDevKeys(KEYS);
    const common = {
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      MONGO_URL: env.mongoUrl,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      AUTH_JWKS_URI: keys.jwksUri,
      LOG_LEVEL: 'warn',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collectorPort}`,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '600000',
    };
    intake = startServiceProcess(path.join(REPO_ROOT, 'services/intake/src/main.ts'), { ...common, MONGO_DB: `${dbName}_intake` }, await freePort());
    dispatch = startServiceProcess(path.join(REPO_ROOT, 'services/dispatch/src/main.ts'), { ...common, MONGO_DB: `${dbName}_dispatch` }, await freePort());
    await Promise.all([waitUntilReady(intake), waitUntilReady(dispatch)]);
    probe = new TopicProbe(env.kafkaBrokers);
    await probe.watch([`${topicPrefix}${TOPICS.intakeServiceRequestEvents.name}`, `${topicPrefix}${TOPICS.dispatchWorkOrderEvents.name}`]);
  }, 180_000);

  afterAll(async () => {
    await probe?.close();
    await Promise.all([intake?.stop(), dispatch?.stop()]);
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  it('exports intake and dispatch spans of the case in the trace of its registration, flushed at SIGTERM', async () => {
    const token = await mintDevToken({ subject: 'e2e', tenantId: 'acme', roles: ['agent'], dir: KEYS });
    const created = await fetch(`${intake.baseUrl}/api/v1/service-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        channel: 'phone',
        customer: { customerId: 'cust-otlp', name: 'Zhang Min', phone: '+86 21 5555 0303', address: '3 Pump Road, Shanghai', zone: 'city' },
        product: { model: 'CP-200', serialNumber: 'PUMP-OTLP-1' },
        problemDescription: 'The pump does not start',
        requestedType: 'repair',
        severity: 'major',
        urgency: 'high',
      }),
    });
    expect(created.status).toBe(201);
    const caseId = ((await created.json()) as { id: string }).id;
    const [registered] = await probe.waitFor((m) => m.headers.ce_caseid === caseId && m.headers.ce_type === SERVICE_REQUEST_REGISTERED_V1);
    const caseTrace = registered.headers.traceparent!.split('-')[1];

    const entitlement = await fetch(`${intake.baseUrl}/api/v1/service-requests/${caseId}/entitlement`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ entitlement: 'in_warranty' }),
    });
    expect(entitlement.status).toBe(200);
    await probe.waitFor((m) => m.headers.ce_caseid === caseId && m.headers.ce_type === WORK_ORDER_CREATED_V1, { timeoutMs: 30_000 });
    expect(receiver.spans).toEqual([]); // nothing exported yet: the batch waits ten minutes

    const [intakeStop, dispatchStop] = await Promise.all([intake.stop('SIGTERM'), dispatch.stop('SIGTERM')]);
    expect([intakeStop.code, dispatchStop.code]).toEqual([0, 0]);

    const inCase = receiver.spans.filter((span) => span.traceId === caseTrace);
    expect(new Set(inCase.map((span) => span.service))).toEqual(new Set(['intake', 'dispatch']));
    expect(inCase.map((span) => span.name)).toEqual(expect.arrayContaining([expect.stringMatching(/^change /)]));
  }, 180_000);
});
