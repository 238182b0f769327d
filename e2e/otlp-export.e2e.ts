import * as http from 'node:http';
import { SERVICE_REQUEST_REGISTERED_V1, TOPICS, WORK_ORDER_CREATED_V1 } from '@aftercare/contracts';
import { freePort } from '@aftercare/testing';
import { IntakeAndDispatch } from './support/intake-and-dispatch';

/**
 * What operations sees: intake and dispatch, as processes, export their spans over OTLP (HTTP,
 * JSON) to a collector — here a tiny receiver. One case's spans from both processes carry one
 * trace id. The batch exporter is set to wait ten minutes, so every span the receiver gets was
 * flushed by the graceful stop on SIGTERM: the last spans of a stopping pod are not lost.
 */
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

const REPAIR = {
  channel: 'phone',
  customer: { customerId: 'cust-otlp', name: 'Zhang Min', phone: '+86 21 5555 0303', address: '3 Pump Road, Shanghai', zone: 'city' },
  product: { model: 'CP-200', serialNumber: 'PUMP-OTLP-1' },
  problemDescription: 'The pump does not start',
  requestedType: 'repair',
  severity: 'major',
  urgency: 'high',
};

async function listening(receiver: { server: http.Server }): Promise<string> {
  const collectorPort = await freePort();
  await new Promise<void>((resolve) => receiver.server.listen(collectorPort, '127.0.0.1', resolve));
  return `http://127.0.0.1:${collectorPort}`;
}

const exportingTo = (collector: string) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: collector, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '600000' });

describe('spans of one case from two processes reach the collector with one trace id', () => {
  const system = new IntakeAndDispatch('e2e-otlp');
  const receiver = otlpReceiver();

  beforeAll(async () => {
    const collector = await listening(receiver);
    await system.start([system.topic(TOPICS.intakeServiceRequestEvents.name), system.topic(TOPICS.dispatchWorkOrderEvents.name)], exportingTo(collector));
  }, 180_000);

  afterAll(async () => {
    await system.stop();
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  it('exports intake and dispatch spans of the case in the trace of its registration, flushed at SIGTERM', async () => {
    const created = await system.call(system.intake, 'POST', '/service-requests', ['agent'], REPAIR);
    expect(created.status).toBe(201);
    const caseId: string = created.body.id;
    const [registered] = await system.probe.waitFor((m) => m.headers.ce_caseid === caseId && m.headers.ce_type === SERVICE_REQUEST_REGISTERED_V1);
    const caseTrace = registered.headers.traceparent!.split('-')[1];

    expect((await system.call(system.intake, 'PATCH', `/service-requests/${caseId}/entitlement`, ['agent'], { entitlement: 'in_warranty' })).status).toBe(200);
    await system.probe.waitFor((m) => m.headers.ce_caseid === caseId && m.headers.ce_type === WORK_ORDER_CREATED_V1, { timeoutMs: 30_000 });
    expect(receiver.spans).toEqual([]); // nothing exported yet: the batch waits ten minutes

    const [intakeStop, dispatchStop] = await Promise.all([system.intake.stop('SIGTERM'), system.dispatch.stop('SIGTERM')]);
    expect([intakeStop.code, dispatchStop.code]).toEqual([0, 0]);

    const inCase = receiver.spans.filter((span) => span.traceId === caseTrace);
    expect(new Set(inCase.map((span) => span.service))).toEqual(new Set(['intake', 'dispatch']));
    expect(inCase.map((span) => span.name)).toEqual(expect.arrayContaining([expect.stringMatching(/^change /)]));
  }, 180_000);
});

/**
 * Teams deploy their services on their own schedules, and one may export no traces: a service that
 * exports nothing records no span (ADR 0058), yet sends on the sampled flag a recording one would,
 * so a service downstream that exports keeps the case's trace.
 */
describe('a service that exports nothing does not switch off the traces of one that does', () => {
  const system = new IntakeAndDispatch('e2e-otlp-mixed');
  const receiver = otlpReceiver();

  beforeAll(async () => {
    const collector = await listening(receiver);
    await system.start([system.topic(TOPICS.intakeServiceRequestEvents.name), system.topic(TOPICS.dispatchWorkOrderEvents.name)], {}, { only: { dispatch: exportingTo(collector) } });
  }, 180_000);

  afterAll(async () => {
    await system.stop();
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  it('exports dispatch\'s spans of a case registered by an intake that exports nothing', async () => {
    const created = await system.call(system.intake, 'POST', '/service-requests', ['agent'], { ...REPAIR, product: { model: 'CP-200', serialNumber: 'PUMP-OTLP-2' } });
    expect(created.status).toBe(201);
    const caseId: string = created.body.id;
    const [registered] = await system.probe.waitFor((m) => m.headers.ce_caseid === caseId && m.headers.ce_type === SERVICE_REQUEST_REGISTERED_V1);
    const [, caseTrace, , flags] = registered.headers.traceparent!.split('-');
    expect(flags).toBe('01');
    expect(registered.headers).not.toHaveProperty('tracestate');

    expect((await system.call(system.intake, 'PATCH', `/service-requests/${caseId}/entitlement`, ['agent'], { entitlement: 'in_warranty' })).status).toBe(200);
    await system.probe.waitFor((m) => m.headers.ce_caseid === caseId && m.headers.ce_type === WORK_ORDER_CREATED_V1, { timeoutMs: 30_000 });

    const [intakeStop, dispatchStop] = await Promise.all([system.intake.stop('SIGTERM'), system.dispatch.stop('SIGTERM')]);
    expect([intakeStop.code, dispatchStop.code]).toEqual([0, 0]);

    const inCase = receiver.spans.filter((span) => span.traceId === caseTrace);
    expect(new Set(inCase.map((span) => span.service))).toEqual(new Set(['dispatch']));
    expect(inCase.map((span) => span.name)).toEqual(
      expect.arrayContaining([`process ${system.topic(TOPICS.intakeServiceRequestEvents.name)}`, `publish ${system.topic(TOPICS.dispatchWorkOrderEvents.name)}`]),
    );
  }, 180_000);
});
