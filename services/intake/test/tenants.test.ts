/**
 * The tenant registry in intake, against the real Kafka and store: only registered tenants get
 * in. A message of an unknown tenant is dead-lettered with UNKNOWN_TENANT while the messages
 * behind it are handled; a token of an unknown tenant is refused with 403; an operator registers
 * tenants through the admin API, and the registration leaves on the tenants topic for the other
 * services.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CRM_SERVICE_REQUEST_RAISED_V1,
  EXAMPLES_DIR,
  SERVICE_REQUEST_REGISTERED_V1,
  TENANT_REGISTERED_V1,
  TOPICS,
  type CrmServiceRequestRaisedV1,
  type ServiceRequestRegisteredV1,
  type TenantRegisteredV1,
} from '@aftercare/contracts';
import { FAILURE_HEADERS } from '@aftercare/messaging';
import { TopicProbe, assertValidEvent, testEnvironment } from '@aftercare/testing';
import { ServiceRequestRepository } from '../src/service-request/infrastructure/service-request.repository';
import { startIntake, stopIntake, type IntakeTestApp } from './support/intake-app';

const DLT = 'intake.main.dlt';
const RETRY = 'intake.main.retry';
const CASE_EVENTS = TOPICS.intakeServiceRequestEvents.name;
const TENANTS = TOPICS.tenants.name;

let harness: IntakeTestApp;
/** Sends as CRM would, without the harness registering the tenant first. */
let outsider: TopicProbe;

beforeAll(async () => {
  harness = await startIntake('tenants', { watch: [CASE_EVENTS, DLT, RETRY, TENANTS] });
  outsider = new TopicProbe(testEnvironment().kafkaBrokers);
}, 120_000);

afterAll(async () => {
  await outsider?.close();
  await stopIntake(harness);
});

const unique = () => randomUUID().slice(0, 8);

describe('messages of tenants intake does not know', () => {
  it('are dead-lettered with UNKNOWN_TENANT, create nothing, and the message behind is handled', async () => {
    const stranger = `ghost-${unique()}`;
    const unknown = crmRequest();
    const unknownHeaders = crmHeaders(unknown.requestId, stranger);
    const good = crmRequest();
    // Same key, same partition: the good message waits behind the unknown tenant's.
    await sendCrm(unknown, unknownHeaders, unknown.requestId);
    await sendCrm(good, crmHeaders(good.requestId, 'acme'), unknown.requestId);

    await registeredFor(good.requestId);
    const [dead] = await harness.probe.waitFor((m) => m.topic === harness.topic(DLT) && m.headers.ce_id === unknownHeaders.ce_id, { timeoutMs: 60_000 });
    expect(dead.headers[FAILURE_HEADERS.errorCode]).toBe('UNKNOWN_TENANT');
    expect(dead.headers[FAILURE_HEADERS.errorMessage]).toContain(stranger);
    expect(await cases().findByExternalRef(stranger, 'crm', unknown.requestId)).toBeNull();
    expect(harness.probe.on(harness.topic(CASE_EVENTS)).filter((m) => m.headers.ce_tenantid === stranger)).toEqual([]);
  });

  it("dead-letters '*' and a malformed tenant at the first attempt: no registration can make them tenants", async () => {
    for (const tenant of ['*', 'Not A Tenant']) {
      const request = crmRequest();
      const headers = crmHeaders(request.requestId, tenant);
      await sendCrm(request, headers);
      const [dead] = await harness.probe.waitFor((m) => m.topic === harness.topic(DLT) && m.headers.ce_id === headers.ce_id);
      expect([tenant, dead.headers[FAILURE_HEADERS.errorCode], dead.headers[FAILURE_HEADERS.attempts]]).toEqual([tenant, 'UNKNOWN_TENANT', '1']);
    }
  });

  it('are handled once an operator registers the tenant while they wait in the retry topic', async () => {
    const newcomer = `late-${unique()}`;
    const request = crmRequest();
    const headers = crmHeaders(request.requestId, newcomer);
    await sendCrm(request, headers);
    // Refused once: it waits in the retry topic, the partition has moved on.
    await harness.probe.waitFor((m) => m.topic === harness.topic(RETRY) && m.headers.ce_id === headers.ce_id);
    expect((await register(newcomer)).status).toBe(201);

    const registered = await registeredFor(request.requestId, 60_000);
    expect(registered.tenantId).toBe(newcomer);
    expect(harness.probe.on(harness.topic(DLT)).filter((m) => m.headers.ce_id === headers.ce_id)).toEqual([]);
  });
});

describe('tokens of tenants intake does not know', () => {
  it('are refused with 403 problem details naming the tenant', async () => {
    const stranger = `ghost-${unique()}`;
    const response = await fetch(`${harness.baseUrl}/api/v1/service-requests`, {
      headers: { authorization: `Bearer ${await harness.unregisteredToken(['agent'], stranger)}` },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await response.json()) as { code: string; detail: string };
    expect(problem.code).toBe('UNKNOWN_TENANT');
    expect(problem.detail).toContain(stranger);
  });

  it("are refused for '*'", async () => {
    const response = await fetch(`${harness.baseUrl}/api/v1/service-requests`, {
      headers: { authorization: `Bearer ${await harness.unregisteredToken(['agent'], '*')}` },
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { code: string }).code).toBe('UNKNOWN_TENANT');
  });
});

describe('the admin API', () => {
  it('registers a tenant that is then accepted, lists it, and publishes the registration on the tenants topic', async () => {
    const tenant = `newco-${unique()}`;
    const before = await fetch(`${harness.baseUrl}/api/v1/service-requests`, {
      headers: { authorization: `Bearer ${await harness.unregisteredToken(['agent'], tenant)}` },
    });
    expect(before.status).toBe(403);

    const created = await register(tenant, 'New Co.');
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/v1/admin/tenants/${tenant}`);
    expect(await created.json()).toEqual({ id: tenant, name: 'New Co.', registeredAt: expect.any(String), registeredBy: 'ops-1', timeZone: 'Asia/Shanghai', version: 1 });

    const after = await fetch(`${harness.baseUrl}/api/v1/service-requests`, {
      headers: { authorization: `Bearer ${await harness.unregisteredToken(['agent'], tenant)}` },
    });
    expect(after.status).toBe(200);

    const list = (await (await operator('GET')).json()) as { items: Array<{ id: string }> };
    expect(list.items.map((t) => t.id)).toEqual(expect.arrayContaining(['acme', tenant]));
    expect(list.items.map((t) => t.id)).toEqual([...list.items.map((t) => t.id)].sort());

    const [message] = await harness.probe.waitFor((m) => m.topic === harness.topic(TENANTS) && m.key === tenant);
    const event = assertValidEvent<TenantRegisteredV1>(message);
    expect(event.type).toBe(TENANT_REGISTERED_V1);
    expect(event.tenantId).toBe(tenant);
    expect(event.data).toMatchObject({ tenantId: tenant, name: 'New Co.', registeredBy: 'ops-1' });
  });

  it("answers '*', malformed ids and blank names with 422 and field errors, and registers nothing", async () => {
    for (const [id, name, field] of [
      ['*', 'Everyone', 'id'],
      ['Upper-Case', 'Upper', 'id'],
      ['has space', 'Space', 'id'],
      ['x'.repeat(64), 'Long', 'id'],
      [`ok-${unique()}`, '   ', 'name'],
    ]) {
      const response = await operator('POST', { id, name });
      expect([id, response.status, response.headers.get('content-type')]).toEqual([id, 422, expect.stringContaining('application/problem+json')]);
      const problem = (await response.json()) as { code: string; errors: Array<{ field: string }> };
      expect([id, problem.code, problem.errors.map((e) => e.field)]).toEqual([id, 'TENANT_INVALID', [field]]);
    }
    const list = (await (await operator('GET')).json()) as { items: Array<{ id: string }> };
    expect(list.items.map((t) => t.id)).not.toContain('*');
  });

  it('answers a missing field with 400, a second registration with 409, and a caller without the operator role with 403', async () => {
    expect((await operator('POST', { id: `ok-${unique()}` })).status).toBe(400);
    const tenant = `twice-${unique()}`;
    expect((await register(tenant)).status).toBe(201);
    const again = await register(tenant);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { code: string }).code).toBe('TENANT_ALREADY_EXISTS');
    const agent = await harness.request('GET', '/api/v1/admin/tenants', { roles: ['agent'] });
    expect(agent.status).toBe(403);
  });
});

// ---------------------------------------------------------------------------------------------

/** The operator's own tenant need not be registered: the admin API acts on the platform. */
async function operator(method: string, body?: unknown): Promise<Response> {
  return fetch(`${harness.baseUrl}/api/v1/admin/tenants`, {
    method,
    headers: {
      authorization: `Bearer ${await harness.unregisteredToken(['operator'], 'platform-ops', 'ops-1')}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const register = (id: string, name = id) => operator('POST', { id, name });

const cases = () => harness.app.get(ServiceRequestRepository);

function crmRequest(): CrmServiceRequestRaisedV1 {
  const base = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${CRM_SERVICE_REQUEST_RAISED_V1}.json`), 'utf8')) as CrmServiceRequestRaisedV1;
  return {
    ...base,
    requestId: `CRM-REQ-${randomUUID()}`,
    customer: { ...base.customer, customerId: `CRM-C-${randomUUID()}` },
    product: { ...base.product, serialNumber: `SN-${randomUUID()}` },
    preferredTime: { from: new Date(Date.now() + 86_400_000).toISOString(), to: null },
    raisedAt: new Date(Date.now() - 60_000).toISOString(),
  };
}

function crmHeaders(requestId: string, tenantId: string): Record<string, string> {
  return {
    ce_specversion: '1.0',
    ce_id: randomUUID(),
    ce_type: CRM_SERVICE_REQUEST_RAISED_V1,
    ce_source: '/crm',
    ce_time: new Date().toISOString(),
    ce_subject: requestId,
    ce_tenantid: tenantId,
    'content-type': 'application/json',
  };
}

async function sendCrm(request: CrmServiceRequestRaisedV1, headers: Record<string, string>, key = request.requestId): Promise<void> {
  await outsider.send(harness.topic(TOPICS.crmServiceRequests.name), { key, value: JSON.stringify(request), headers });
}

async function registeredFor(requestId: string, timeoutMs = 20_000) {
  const [message] = await harness.probe.waitFor(
    (m) => m.topic === harness.topic(CASE_EVENTS) && m.headers.ce_type === SERVICE_REQUEST_REGISTERED_V1 && m.value?.includes(requestId) === true,
    { timeoutMs },
  );
  return assertValidEvent<ServiceRequestRegisteredV1>(message);
}
