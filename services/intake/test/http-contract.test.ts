/**
 * intake's HTTP contract against the real stack: every route of the OpenAPI document is called
 * (resources created first, so reads answer real data) and succeeds; no answer holds a field
 * whose name starts with `_`; every answer's status and every response's schema are in the
 * document. And the concurrency rules: every mutable resource answers its version as ETag and
 * refuses a stale If-Match with 412 problem details, changing nothing.
 */
import { randomUUID } from 'node:crypto';
import { ApiWalk, fillPath, operationsWithoutSchemas, until, type OpenApiDocument } from '@aftercare/testing';
import type { Role } from '@aftercare/auth';
import { ServiceRequestRepository } from '../src/service-request/infrastructure/service-request.repository';
import { startIntake, stopIntake, type IntakeTestApp } from './support/intake-app';

jest.setTimeout(90_000);

let intake: IntakeTestApp;
let document: OpenApiDocument;

beforeAll(async () => {
  intake = await startIntake('http-contract');
  document = (await (await fetch(`${intake.baseUrl}/api/docs/openapi.json`)).json()) as OpenApiDocument;
}, 90_000);

afterAll(async () => {
  await stopIntake(intake);
});

const unique = () => randomUUID().slice(0, 8);

function registration(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    channel: 'phone',
    customer: { customerId: `C-${unique()}`, name: 'Shanghai Precision Tools Co.', phone: '+86 21 5555 0101', address: '88 Zhangjiang Road', zone: 'city' },
    product: { model: 'CNC-200', serialNumber: `SN-${unique()}`, purchaseDate: '2024-03-15' },
    problemDescription: 'Spindle stops after 10 minutes with alarm E-31',
    requestedType: 'consultation',
    severity: 'major',
    urgency: 'normal',
    ...overrides,
  };
}

const POLICY = {
  agreement: 'gold',
  clocks: { reply: { targetMinutes: 480, calendarId: 'cn-standard', pauseInStates: [], escalationChain: [{ afterMinutesOverdue: 0, level: 'dispatcher' }] } },
};
const CALENDAR = {
  timeZone: 'Europe/Berlin',
  mode: 'business_hours',
  week: { mon: [{ start: '08:00', end: '16:00' }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
  holidays: ['2025-12-25'],
};

/** Resolves a case the way downstream work would (the HTTP API has no command for it). */
async function resolveDirectly(id: string): Promise<void> {
  const repository = intake.app.get(ServiceRequestRepository);
  const request = (await repository.findById('acme', id))!;
  request.startWork({ kind: 'agent', reference: `answer-${id}` });
  request.completeWork({ reference: `answer-${id}` });
  request.resolve({ summary: 'explained the alarm' });
  await repository.save(request);
}

describe('every route of the OpenAPI document', () => {
  it('answers with success, without `_` fields, with declared statuses; every response has a schema', async () => {
    const walk = new ApiWalk(document);
    const call = async (
      method: string,
      template: string,
      params: Record<string, string> = {},
      options: { roles?: Role[]; body?: unknown; query?: string; headers?: Record<string, string> } = {},
    ) => {
      const url = fillPath(template, params) + (options.query ? `?${options.query}` : '');
      const response = await intake.request(method, url, { roles: options.roles ?? ['agent'], body: options.body, headers: options.headers });
      return walk.record(method, template, response) as Promise<Record<string, unknown>>;
    };
    const SR = '/api/v1/service-requests';

    // A repair waits for the entitlement; a consultation goes through to the end; another is cancelled.
    const repairBody = registration({ requestedType: 'repair' });
    const repair = await call('POST', SR, {}, { body: repairBody });
    const id = repair.id as string;
    await call('GET', SR);
    await call('GET', `${SR}/{id}`, { id });
    await call('PATCH', `${SR}/{id}/entitlement`, { id }, { body: { entitlement: 'in_warranty' } });
    await call('POST', `${SR}/{id}/information`, { id }, { body: { text: 'alarm also at low speed' } });

    const consultation = (await call('POST', SR, {}, { body: registration() })).id as string;
    await resolveDirectly(consultation);
    await call('POST', `${SR}/{id}/confirm`, { id: consultation });
    await call('POST', `${SR}/{id}/close`, { id: consultation }, { body: { reason: 'manual' } });
    await call('POST', `${SR}/{id}/reopen`, { id: consultation }, { body: { reason: 'customer_dispute' } });
    const cancelled = (await call('POST', SR, {}, { body: registration() })).id as string;
    await call('POST', `${SR}/{id}/cancel`, { id: cancelled }, { body: { reason: 'solved by phone' } });
    await call('GET', `${SR}/{id}/timeline`, { id });

    // The agent's own work: a quality problem on the repair, an answered consultation, a reviewed suggestion.
    await call('POST', `${SR}/{id}/quality-problem`, { id }, { body: {} });
    const question = (await call('POST', SR, {}, { body: registration() })).id as string;
    await call('POST', `${SR}/{id}/answer`, { id: question }, { body: { answer: 'Reset the drive, then restart.' } });
    const suggestion = (await call('POST', SR, {}, { body: registration({ requestedType: 'suggestion' }) })).id as string;
    await call('POST', `${SR}/{id}/review`, { id: suggestion }, { body: { owner: 'Product management', reviewDate: '2027-01-15' } });
    await call('POST', `${SR}/{id}/review/reply`, { id: suggestion }, { body: { reply: 'Adopted' } });

    const customer = repairBody.customer as { customerId: string };
    const product = repairBody.product as { serialNumber: string };
    await call('GET', '/api/v1/customers/{customerId}/archive', { customerId: customer.customerId }, { query: 'reason=walk' });
    await call('GET', '/api/v1/assets/{serial}/archive', { serial: product.serialNumber }, { query: 'reason=walk' });
    await call('GET', '/api/v1/archive-reads', {}, { roles: ['manager'] });

    const manager: Role[] = ['manager'];
    await call('GET', '/api/v1/sla/policies', {}, { roles: manager });
    await call('GET', '/api/v1/sla/policies/{id}', { id: 'default' }, { roles: manager });
    await call('PUT', '/api/v1/sla/policies/{id}', { id: `walk-${unique()}` }, { roles: manager, body: POLICY });
    await call('GET', '/api/v1/sla/calendars', {}, { roles: manager });
    await call('GET', '/api/v1/sla/calendars/{id}', { id: 'cn-standard' }, { roles: manager });
    await call('PUT', '/api/v1/sla/calendars/{id}', { id: `walk-${unique()}` }, { roles: manager, body: CALENDAR });
    await call('GET', '/api/v1/sla/escalation-contacts', {}, { roles: manager });
    await call('PUT', '/api/v1/sla/escalation-contacts', {}, {
      roles: manager,
      body: { levels: [{ level: 'service_manager', role: 'manager', people: [{ id: 'mgr-wang', name: 'Wang Fang', email: 'wang.fang@example.com' }] }] },
    });
    await call('GET', '/api/v1/sla/case-handling', {}, { roles: manager });
    await call('PUT', '/api/v1/sla/case-handling', {}, { roles: manager, body: { duplicateWindowHours: 48 } });

    // The tenant registry's admin API (libs/tenancy), as the operator.
    await call('POST', '/api/v1/admin/tenants', {}, { roles: ['operator'], body: { id: `walk-${unique()}`, name: 'Walk Co.' } });
    await call('GET', '/api/v1/admin/tenants', {}, { roles: ['operator'] });

    // The reply clock starts from the registered event: wait until it runs, then reply.
    const clocksOf = () => intake.request('GET', `/api/v1/sla/cases/${id}/clocks`);
    await until(async () => ((await (await clocksOf()).json()) as { items: unknown[] }).items.length > 0, 30_000, 'the reply clock of the repair case');
    await call('GET', '/api/v1/sla/cases/{caseId}/clocks', { caseId: id });
    await call('GET', '/api/v1/escalations', {}, { roles: ['manager'], query: 'role=dispatcher' });
    await call('POST', '/api/v1/sla/cases/{caseId}/reply', { caseId: id });

    // And the error answers are problem details without `_` fields too.
    await call('GET', `${SR}/{id}`, { id: randomUUID() });
    await call('POST', `${SR}/{id}/cancel`, { id }, { body: {} });

    expect(walk.unsucceeded()).toEqual([]);
    expect(walk.underscoreLeaks()).toEqual([]);
    expect(walk.undeclaredStatuses()).toEqual([]);
    expect(operationsWithoutSchemas(document)).toEqual([]);
  });
});

describe('ETag and If-Match', () => {
  const SR = '/api/v1/service-requests';

  it('a case answers its version as ETag; a command with a stale If-Match is 412 and changes nothing; the current one succeeds', async () => {
    const created = await intake.request('POST', SR, { body: registration() });
    const { id, version } = (await created.json()) as { id: string; version: number };
    expect(created.headers.get('etag')).toBe(`"${version}"`);
    const read = await intake.request('GET', `${SR}/${id}`);
    const etag = read.headers.get('etag')!;
    expect(etag).toBe(`"${version}"`);

    const changed = await intake.request('POST', `${SR}/${id}/information`, { body: { text: 'first' }, headers: { 'if-match': etag } });
    expect(changed.status).toBe(200);
    const newEtag = changed.headers.get('etag');
    expect(newEtag).toBe(`"${version + 1}"`);

    const stale = await intake.request('POST', `${SR}/${id}/cancel`, { body: { reason: 'too late' }, headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    expect(await stale.json()).toMatchObject({ status: 412, code: 'PRECONDITION_FAILED' });
    expect(await (await intake.request('GET', `${SR}/${id}`)).json()).toMatchObject({ status: 'acknowledged', version: version + 1 });

    const malformed = await intake.request('POST', `${SR}/${id}/cancel`, { body: { reason: 'x' }, headers: { 'if-match': '"abc"' } });
    expect(malformed.status).toBe(400);
    const current = await intake.request('POST', `${SR}/${id}/cancel`, { body: { reason: 'customer solved it' }, headers: { 'if-match': newEtag! } });
    expect(current.status).toBe(200);
    expect(current.headers.get('etag')).toBe(`"${version + 2}"`);
  });

  it('the reply clock: a stale If-Match is 412 and leaves it running; the version read stops it and answers the new ETag', async () => {
    const created = await intake.request('POST', SR, { body: registration() });
    const { id } = (await created.json()) as { id: string };
    const clocks = `/api/v1/sla/cases/${id}/clocks`;
    const replyClock = async () => ((await (await intake.request('GET', clocks)).json()) as { items: Array<{ name: string; status: string; version: number }> }).items.find((c) => c.name === 'reply');
    await until(async () => (await replyClock()) !== undefined, 20_000, 'reply clock not started');

    const stale = await intake.request('POST', `/api/v1/sla/cases/${id}/reply`, { headers: { 'if-match': `"${(await replyClock())!.version + 100}"` } });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect((await replyClock())!.status).toBe('running');

    // The clock also follows the case's status (its own consumer), so the version read may move on
    // before the reply arrives: a client retries with the version it reads again.
    let answer: Response | undefined;
    let read = 0;
    await until(async () => {
      read = (await replyClock())!.version;
      answer = await intake.request('POST', `/api/v1/sla/cases/${id}/reply`, { headers: { 'if-match': `"${read}"` } });
      return answer.status !== 412;
    }, 20_000, 'reply with the current version never succeeded');
    expect(answer!.status).toBe(200);
    expect(answer!.headers.get('etag')).toBe(`"${read + 1}"`);
    expect(await answer!.json()).toMatchObject({ status: 'stopped', version: read + 1 });
  });

  it.each([
    ['policies', POLICY],
    ['calendars', CALENDAR],
  ])('SLA %s: a default reads as version 0, "0" creates once, a stale If-Match is 412 and changes nothing', async (kind, body) => {
    const tenant = `etag-${unique()}`;
    const as = (method: string, url: string, options: { body?: unknown; headers?: Record<string, string> } = {}) =>
      intake.request(method, url, { roles: ['manager'], tenant, ...options });
    const defaultId = kind === 'policies' ? 'default' : 'cn-standard';
    const inherited = await as('GET', `/api/v1/sla/${kind}/${defaultId}`);
    expect(inherited.headers.get('etag')).toBe('"0"');
    expect(await inherited.json()).toMatchObject({ tenantId: '*', version: 0 });

    const url = `/api/v1/sla/${kind}/own-${unique()}`;
    const created = await as('PUT', url, { body, headers: { 'if-match': '"0"' } });
    expect(created.status).toBe(200);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(await created.json()).toMatchObject({ tenantId: tenant, version: 1 });
    const createdAgain = await as('PUT', url, { body, headers: { 'if-match': '"0"' } });
    expect(createdAgain.status).toBe(412);

    const replaced = await as('PUT', url, { body, headers: { 'if-match': '"1"' } });
    expect(replaced.headers.get('etag')).toBe('"2"');
    const stale = await as('PUT', url, { body, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ code: 'PRECONDITION_FAILED' });
    const read = await as('GET', url);
    expect(read.headers.get('etag')).toBe('"2"');

    // Without If-Match a put still applies to whatever is current (existing clients).
    const blind = await as('PUT', url, { body });
    expect(blind.headers.get('etag')).toBe('"3"');
  });
});
