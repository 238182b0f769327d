import { randomUUID } from 'node:crypto';
/**
 * dispatch's HTTP contract against the real stack: every route of the OpenAPI document is called
 * (technicians and orders created first and driven through both branches of the workflow, so every
 * command succeeds on real data); no answer holds a field whose name starts with `_`; every answer's
 * status and every response's schema are in the document. And the concurrency rules for work
 * orders and technicians: ETag from the version, a stale If-Match is 412 and changes nothing, the
 * legacy body `expectedVersion` still answers 409.
 */
import { TOPICS, WORK_ORDER_CREATED_V1 } from '@aftercare/contracts';
import { ApiWalk, fillPath, operationsWithoutSchemas, type OpenApiDocument } from '@aftercare/testing';
import {
  ALWAYS_ON_SHIFT,
  readOrder,
  routedCase,
  seedTechnicians,
  startDispatch,
  stopDispatch,
  type DispatchTestApp,
  type RequestOptions,
} from './support/dispatch-app';

jest.setTimeout(120_000);

const EVENTS = TOPICS.dispatchWorkOrderEvents.name;
let h: DispatchTestApp;
let document: OpenApiDocument;

beforeAll(async () => {
  h = await startDispatch('http-contract', { watch: [EVENTS] });
  document = (await (await fetch(`${h.baseUrl}/api/docs/openapi.json`)).json()) as OpenApiDocument;
}, 120_000);

afterAll(async () => {
  await stopDispatch(h);
});

/** Routes a new case and returns its order as first assigned. */
async function newOrder(): Promise<{ id: string; technicianId: string | null; version: number }> {
  const routed = routedCase();
  await h.publishRouted(routed);
  const [created] = await h.probe.waitFor((m) => m.topic === h.topic(EVENTS) && m.headers.ce_type === WORK_ORDER_CREATED_V1 && m.headers.ce_caseid === routed.caseId);
  const order = await readOrder(h, created.key as string);
  return { id: order.id, technicianId: order.technicianId, version: order.version };
}

const REPORT = {
  faultCause: 'Shaft seal worn',
  faultCategory: 'seal',
  resolution: 'Replaced the shaft seal',
  partsReplaced: [{ partNo: 'SEAL-CP200-01', quantity: 1, serialOut: 'S-OLD-1', serialIn: 'S-NEW-1' }],
  labourHours: 2,
  travelHours: 1,
  personTimes: 1,
  customerAcceptance: { name: 'Li Wei', signedAt: new Date().toISOString(), signatureRef: 'sig://acme/li-wei.png' },
};

function technician(id: string) {
  return {
    id,
    name: id,
    skills: ['repair', 'hydraulics'],
    productLines: ['CP'],
    zones: ['city'],
    baseLocation: { lat: 31.23, lng: 121.47 },
    shiftCalendar: ALWAYS_ON_SHIFT,
    capacity: 5,
  };
}

describe('every route of the OpenAPI document', () => {
  it('answers with success, without `_` fields, with declared statuses; every response has a schema', async () => {
    const walk = new ApiWalk(document);
    const call = async (method: string, template: string, params: Record<string, string>, options: RequestOptions & { query?: string } = {}) => {
      const url = fillPath(template, params) + (options.query ? `?${options.query}` : '');
      return walk.record(method, `/api/v1${template}`, await h.request(method, url, options)) as Promise<Record<string, unknown>>;
    };
    const WO = '/work-orders/{id}';
    const step = (id: string, name: string, options: RequestOptions = {}) =>
      call('POST', `${WO}/${name}`, { id }, { ...options, body: options.body ?? {} });
    const asTechnician = (technicianId: string, body: unknown = {}): RequestOptions => ({ roles: ['technician'], subject: technicianId, body });
    const status = async (id: string) => (await readOrder(h, id)).status;

    for (const id of ['walk-1', 'walk-2', 'walk-3']) await call('POST', '/technicians', {}, { body: technician(id) });
    await call('GET', '/technicians', {});
    await call('GET', '/technicians/{id}', { id: 'walk-1' });
    await call('PATCH', '/technicians/{id}', { id: 'walk-1' }, { body: { capacity: 6 } });

    // Order A: declined, reassigned by the dispatcher, then the visit with a parts wait, a rework and QC.
    const a = await newOrder();
    const first = a.technicianId as string;
    const afterDecline = await step(a.id, 'decline', asTechnician(first, { reason: 'van in the workshop' }));
    const second = afterDecline.technicianId as string;
    const third = ['walk-1', 'walk-2', 'walk-3'].find((t) => t !== first && t !== second)!;
    await step(a.id, 'assign', { body: { technicianId: third, reason: 'knows the site' } });
    const now = Date.now();
    await step(a.id, 'accept', asTechnician(third));
    await step(a.id, 'schedule', asTechnician(third, { windowStart: new Date(now + 3600_000).toISOString(), windowEnd: new Date(now + 7200_000).toISOString() }));
    await step(a.id, 'depart', asTechnician(third));
    await step(a.id, 'arrive', asTechnician(third));
    await step(a.id, 'start', asTechnician(third));
    await step(a.id, 'await-parts', asTechnician(third, { parts: [{ partNo: 'SEAL-CP200-01', quantity: 1, description: 'seal' }] }));
    await step(a.id, 'resume', asTechnician(third));
    await step(a.id, 'escalate', { body: { note: 'customer unhappy' } });
    await step(a.id, 'complete', asTechnician(third, { report: REPORT }));
    await step(a.id, 'rework', { body: { reason: 'still leaking' } });
    await step(a.id, 'complete', asTechnician(third, { report: REPORT }));
    await step(a.id, 'verify', { body: { remarks: 'QC ok' } });
    await step(a.id, 'close');
    expect(await status(a.id)).toBe('closed');
    await call('GET', `${WO}/costs`, { id: a.id }, { roles: ['manager'] });

    // Order B: the customer first asks for a later window, then takes an earlier one; misuse found; the carry-in branch.
    const b = await newOrder();
    const tech = b.technicianId as string;
    await step(b.id, 'accept', asTechnician(tech));
    await step(b.id, 'customer-wait', asTechnician(tech, { windowStart: new Date(now + 2 * 86_400_000).toISOString(), windowEnd: new Date(now + 2 * 86_400_000 + 7200_000).toISOString() }));
    await step(b.id, 'schedule', asTechnician(tech, { windowStart: new Date(now + 3600_000).toISOString(), windowEnd: new Date(now + 7200_000).toISOString() }));
    for (const name of ['depart', 'arrive', 'start']) await step(b.id, name, asTechnician(tech));
    await step(b.id, 'misuse', asTechnician(tech, { note: 'impeller blocked by debris the customer pumped against the manual' }));
    await step(b.id, 'carry-in', asTechnician(tech, { receiptNo: 'RCPT-1', promisedReturnDate: new Date(now + 3 * 86_400_000).toISOString() }));
    await step(b.id, 'start', asTechnician(tech));
    await step(b.id, 'repair-card', asTechnician(tech, { actualHours: 3, parts: [{ partNo: 'IMP-7', quantity: 1 }], notes: 'impeller' }));
    await step(b.id, 'repaired', { body: { remarks: 'bench test ok' } });
    await step(b.id, 'return', asTechnician(tech, { signature: { name: 'Li Wei', signedAt: new Date().toISOString(), signatureRef: 'sig://acme/r.png' } }));
    expect(await status(b.id)).toBe('returned');

    // Order C: cancelled.
    const c = await newOrder();
    await step(c.id, 'cancel', { body: { reason: 'customer withdrew' } });

    await call('GET', '/work-orders', {});
    await call('GET', '/work-orders/board', {});
    await call('GET', WO, { id: a.id });
    await call('GET', WO, { id: b.id });
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    await call('GET', '/appraisals', {}, { roles: ['manager'], query: `month=${month}` });
    await call('GET', '/escalations', {}, { roles: ['manager'], query: 'role=dispatcher' });
    // The tenant registry's admin API (libs/tenancy), as the operator.
    await call('POST', '/admin/tenants', {}, { roles: ['operator'], body: { id: `walk-${randomUUID().slice(0, 8)}`, name: 'Walk Co.' } });
    await call('GET', '/admin/tenants', {}, { roles: ['operator'] });

    // Error answers are problem details without `_` fields too.
    await call('GET', WO, { id: 'wo-missing' });
    await step(c.id, 'close');

    expect(walk.unsucceeded()).toEqual([]);
    expect(walk.underscoreLeaks()).toEqual([]);
    expect(walk.undeclaredStatuses()).toEqual([]);
    expect(operationsWithoutSchemas(document)).toEqual([]);
  });
});

describe('ETag and If-Match', () => {
  beforeAll(async () => {
    await seedTechnicians(h, [{ id: 'etag-1' }, { id: 'etag-2' }]);
  });

  it('a work order: a stale If-Match is 412 and changes nothing; a stale body expectedVersion stays 409; the current ETag succeeds', async () => {
    const order = await newOrder();
    const tech = order.technicianId as string;
    const read = await h.request('GET', `/work-orders/${order.id}`);
    const etag = read.headers.get('etag')!;
    expect(etag).toBe(`"${order.version}"`);

    const escalated = await h.request('POST', `/work-orders/${order.id}/escalate`, { body: { note: 'first' }, headers: { 'if-match': etag } });
    expect(escalated.status).toBe(200);
    expect(escalated.headers.get('etag')).toBe(`"${order.version + 1}"`);

    const stale = await h.request('POST', `/work-orders/${order.id}/accept`, { roles: ['technician'], subject: tech, body: {}, headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    expect(await stale.json()).toMatchObject({ status: 412, code: 'PRECONDITION_FAILED' });
    expect(await readOrder(h, order.id)).toMatchObject({ status: 'assigned', version: order.version + 1 });

    const legacy = await h.request('POST', `/work-orders/${order.id}/accept`, { roles: ['technician'], subject: tech, body: { expectedVersion: order.version } });
    expect(legacy.status).toBe(409);
    expect(((await legacy.json()) as { code: string }).code).toBe('CONCURRENT_MODIFICATION');

    const current = await h.request('POST', `/work-orders/${order.id}/accept`, {
      roles: ['technician'],
      subject: tech,
      body: {},
      headers: { 'if-match': escalated.headers.get('etag')! },
    });
    expect(current.status).toBe(200);
    expect(current.headers.get('etag')).toBe(`"${order.version + 2}"`);
  });

  it('a technician: a stale If-Match is 412 and changes nothing; the current ETag succeeds', async () => {
    const read = await h.request('GET', '/technicians/etag-2');
    const etag = read.headers.get('etag')!;
    const { version } = (await read.json()) as { version: number };
    expect(etag).toBe(`"${version}"`);

    const changed = await h.request('PATCH', '/technicians/etag-2', { body: { capacity: 7 }, headers: { 'if-match': etag } });
    expect(changed.status).toBe(200);
    const newEtag = changed.headers.get('etag')!;
    expect(newEtag).toBe(`"${version + 1}"`);

    const stale = await h.request('PATCH', '/technicians/etag-2', { body: { capacity: 2 }, headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(await (await h.request('GET', '/technicians/etag-2')).json()).toMatchObject({ capacity: 7, version: version + 1 });

    const current = await h.request('PATCH', '/technicians/etag-2', { body: { capacity: 2 }, headers: { 'if-match': newEtag } });
    expect(current.status).toBe(200);
    expect(current.headers.get('etag')).toBe(`"${version + 2}"`);
  });
});
