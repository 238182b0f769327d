/**
 * The tenant registry in dispatch, against the real Kafka and store. A routed case of a tenant
 * dispatch does not know is dead-lettered with UNKNOWN_TENANT while the next message is handled;
 * a token of an unknown tenant gets 403; a tenant another service registered (its registration
 * arriving on the tenants topic, as intake's outbox publishes it) is accepted shortly after —
 * also a case of it that arrived before the registration did.
 */
import { randomUUID } from 'node:crypto';
import {
  SERVICE_REQUEST_ROUTED_V1,
  TENANT_REGISTERED_V1,
  TOPICS,
  WORK_ORDER_CREATED_V1,
  toKafkaHeaders,
  type EventEnvelope,
  type ServiceRequestRoutedV1,
  type TenantRegisteredV1,
} from '@aftercare/contracts';
import { FAILURE_HEADERS } from '@aftercare/messaging';
import { TopicProbe, testEnvironment, until, type ReceivedMessage } from '@aftercare/testing';
import { routedCase, startDispatch, stopDispatch, type DispatchTestApp } from './support/dispatch-app';

const EVENTS = TOPICS.dispatchWorkOrderEvents.name;
const DLT = 'dispatch.main.dlt';
const RETRY = 'dispatch.main.retry';

let h: DispatchTestApp;
/** Sends as another service would, without the harness registering the tenant first. */
let outsider: TopicProbe;

beforeAll(async () => {
  h = await startDispatch('tenants', { watch: [EVENTS, DLT, RETRY] });
  outsider = new TopicProbe(testEnvironment().kafkaBrokers);
}, 120_000);

afterAll(async () => {
  await outsider?.close();
  await stopDispatch(h);
});

const unique = () => randomUUID().slice(0, 8);
const created = (caseId: string) => (m: ReceivedMessage) =>
  m.topic === h.topic(EVENTS) && m.headers.ce_type === WORK_ORDER_CREATED_V1 && m.headers.ce_caseid === caseId;

describe('a routed case of a tenant dispatch does not know', () => {
  it('is dead-lettered with UNKNOWN_TENANT, creates no work order, and the case behind it is handled', async () => {
    const stranger = `ghost-${unique()}`;
    const unknown = routedCase({ tenantId: stranger });
    const good = routedCase();
    const unknownId = await sendRouted(unknown);
    await sendRouted(good, unknown.caseId); // same key: behind the unknown one on its partition

    await h.probe.waitFor(created(good.caseId));
    const [dead] = await h.probe.waitFor((m) => m.topic === h.topic(DLT) && m.headers.ce_id === unknownId, { timeoutMs: 60_000 });
    expect(dead.headers[FAILURE_HEADERS.errorCode]).toBe('UNKNOWN_TENANT');
    expect(h.probe.messages.filter(created(unknown.caseId))).toEqual([]);
    const orders = await h.request('GET', `/work-orders?caseId=${encodeURIComponent(unknown.caseId)}`, { roles: ['manager'] });
    expect(((await orders.json()) as { items: unknown[] }).items).toEqual([]);
  });
});

describe('a token of a tenant dispatch does not know', () => {
  it('is refused with 403 problem details', async () => {
    const response = await h.request('GET', '/technicians', { tenant: `ghost-${unique()}`, registerTenant: false });
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(((await response.json()) as { code: string }).code).toBe('UNKNOWN_TENANT');
  });
});

describe('a tenant registered through another service', () => {
  it('is accepted shortly after, with a case of it that arrived before its registration', async () => {
    const tenant = `fresh-${unique()}`;
    // The race: intake routes the new tenant's first case before dispatch has read the registration.
    const early = routedCase({ tenantId: tenant });
    const earlyId = await sendRouted(early);
    await h.probe.waitFor((m) => m.topic === h.topic(RETRY) && m.headers.ce_id === earlyId);
    expect((await h.request('GET', '/technicians', { tenant, registerTenant: false })).status).toBe(403);

    await publishRegistration(tenant);

    await until(async () => (await h.request('GET', '/technicians', { tenant, registerTenant: false })).status === 200, 30_000, 'token of the new tenant accepted');
    await h.probe.waitFor(created(early.caseId), { timeoutMs: 60_000 });
    expect(h.probe.on(h.topic(DLT)).filter((m) => m.headers.ce_id === earlyId)).toEqual([]);
    const list = await h.request('GET', '/admin/tenants', { roles: ['operator'], registerTenant: false });
    expect(((await list.json()) as { items: Array<{ id: string; registeredBy: string }> }).items).toContainEqual(
      expect.objectContaining({ id: tenant, registeredBy: 'ops-intake' }),
    );
  });
});

// ---------------------------------------------------------------------------------------------

async function sendRouted(data: ServiceRequestRoutedV1, key = data.caseId): Promise<string> {
  const id = randomUUID();
  const envelope: EventEnvelope<ServiceRequestRoutedV1> = {
    id,
    type: SERVICE_REQUEST_ROUTED_V1,
    source: '/aftercare/intake',
    time: new Date().toISOString(),
    subject: data.caseId,
    tenantId: data.tenantId,
    caseId: data.caseId,
    data,
  };
  await outsider.send(h.topic(TOPICS.intakeServiceRequestEvents.name), { key, value: JSON.stringify(data), headers: toKafkaHeaders(envelope) });
  return id;
}

/** What intake's outbox publishes after `POST /api/v1/admin/tenants`. */
async function publishRegistration(tenant: string): Promise<void> {
  const data: TenantRegisteredV1 = { tenantId: tenant, name: `Fresh ${tenant}`, registeredAt: new Date().toISOString(), registeredBy: 'ops-intake' };
  const envelope: EventEnvelope<TenantRegisteredV1> = {
    id: randomUUID(),
    type: TENANT_REGISTERED_V1,
    source: '/aftercare/intake',
    time: data.registeredAt,
    subject: tenant,
    tenantId: tenant,
    data,
  };
  await outsider.send(h.topic(TOPICS.tenants.name), { key: tenant, value: JSON.stringify(data), headers: toKafkaHeaders(envelope) });
}
