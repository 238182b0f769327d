/**
 * Bad input never answers 5xx and never changes an order (issue 9 item 6): a nested object left
 * out or of the wrong kind, `expectedVersion: null`, every wrong value at every field of every
 * body the OpenAPI document describes, and a cursor the API did not give out.
 */
import { TOPICS, WORK_ORDER_CREATED_V1 } from '@aftercare/contracts';
import { ApiWalk, auditOpenApi, badBodies, fillPath, type OpenApiDocument } from '@aftercare/testing';
import { json, readOrder, routedCase, seedTechnicians, startDispatch, stopDispatch, type DispatchTestApp, type Problem } from './support/dispatch-app';

jest.setTimeout(300_000);

const EVENTS = TOPICS.dispatchWorkOrderEvents.name;
let h: DispatchTestApp;
let document: OpenApiDocument;

beforeAll(async () => {
  h = await startDispatch('bad-input', { watch: [EVENTS] });
  await seedTechnicians(h, [{ id: 'bad-1' }, { id: 'bad-2' }, { id: 'bad-3' }]);
  document = (await (await fetch(`${h.baseUrl}/api/docs/openapi.json`)).json()) as OpenApiDocument;
}, 120_000);

afterAll(async () => {
  await stopDispatch(h);
});

async function newOrder(): Promise<{ id: string; version: number; status: string }> {
  const routed = routedCase();
  await h.publishRouted(routed);
  const [created] = await h.probe.waitFor((m) => m.topic === h.topic(EVENTS) && m.headers.ce_type === WORK_ORDER_CREATED_V1 && m.headers.ce_caseid === routed.caseId);
  const order = await readOrder(h, created.key as string);
  return { id: order.id, version: order.version, status: order.status };
}

async function expectRefused(response: Response, field: string): Promise<void> {
  expect(response.status).toBe(400);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  const problem = await json<Problem>(response);
  expect(problem.code).toBe('VALIDATION_FAILED');
  expect(problem.errors?.map((e) => e.field)).toContain(field);
}

describe('the OpenAPI document as served', () => {
  it('passes the audit the unit spec runs on the document built without the stack', () => {
    expect(auditOpenApi(document as never)).toEqual([]);
  });
});

describe('a nested object left out or of the wrong kind', () => {
  it('complete with {} (no report) is 400 naming report; the order is unchanged', async () => {
    const order = await newOrder();
    for (const body of [{}, { report: null }, { report: [] }, { report: 'fixed' }, { report: [{ faultCause: 'x' }] }]) {
      await expectRefused(await h.request('POST', `/work-orders/${order.id}/complete`, { body }), 'report');
    }
    await expectRefused(
      await h.request('POST', `/work-orders/${order.id}/complete`, { body: { report: { customerAcceptance: [] } } }),
      'report.customerAcceptance',
    );
    expect(await readOrder(h, order.id)).toMatchObject({ status: order.status, version: order.version });
  });

  it('return without a signature (or with one of the wrong kind) is 400 naming signature; the order is unchanged', async () => {
    const order = await newOrder();
    for (const body of [{}, { signature: null }, { signature: ['Li Wei'] }, { signature: 'Li Wei' }]) {
      await expectRefused(await h.request('POST', `/work-orders/${order.id}/return`, { body }), 'signature');
    }
    await expectRefused(await h.request('POST', `/work-orders/${order.id}/await-parts`, { body: { parts: [null] } }), 'parts');
    expect(await readOrder(h, order.id)).toMatchObject({ status: order.status, version: order.version });
  });
});

describe('null for an optional field', () => {
  it('expectedVersion: null is 400, not "no version"; the order is unchanged', async () => {
    const order = await newOrder();
    await expectRefused(await h.request('POST', `/work-orders/${order.id}/escalate`, { body: { note: 'help', expectedVersion: null } }), 'expectedVersion');
    await expectRefused(await h.request('PATCH', '/technicians/bad-1', { body: { capacity: 3, expectedVersion: null } }), 'expectedVersion');
    await expectRefused(await h.request('PATCH', '/technicians/bad-1', { body: { baseLocation: null } }), 'baseLocation');
    expect(await readOrder(h, order.id)).toMatchObject({ status: order.status, version: order.version });
  });
});

describe('every wrong value at every field of every documented body', () => {
  it('answers 4xx problem details with a documented status, never 5xx', async () => {
    const order = await newOrder();
    const walk = new ApiWalk(document);
    const failures: string[] = [];
    for (const bad of badBodies(document as never, 3)) {
      const template = bad.path.replace(/^\/api\/v1/, '');
      const id = template.startsWith('/technicians') ? 'bad-2' : order.id;
      const response = await h.request(bad.method.toUpperCase(), fillPath(template, { id }), { body: bad.body });
      const contentType = response.headers.get('content-type') ?? '';
      await walk.record(bad.method, bad.path, response);
      if (response.status >= 500) failures.push(`${bad.key} with ${bad.what}: ${response.status}`);
      else if (response.status >= 400 && !contentType.includes('application/problem+json')) failures.push(`${bad.key} with ${bad.what}: ${contentType}`);
    }
    expect(walk.calls.length).toBeGreaterThan(300);
    expect(failures).toEqual([]);
    expect(walk.undeclaredStatuses()).toEqual([]);
  });
});

describe('cursors', () => {
  it('page through the roster with the cursors given out; a changed or foreign cursor is 422 INVALID_CURSOR, one not of the cursor shape 400', async () => {
    const first = await json<{ items: Array<{ id: string }>; nextCursor: string | null }>(await h.request('GET', '/technicians?limit=2'));
    expect(first.items.map((t) => t.id)).toEqual(['bad-1', 'bad-2']);
    expect(first.nextCursor).not.toBeNull();
    const second = await json<{ items: Array<{ id: string }>; nextCursor: string | null }>(
      await h.request('GET', `/technicians?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`),
    );
    expect(second.items.map((t) => t.id)[0]).toBe('bad-3');

    const [payload, signature] = first.nextCursor!.split('.');
    const forged = `${Buffer.from(JSON.stringify(['bad-0'])).toString('base64url')}.${signature}`;
    for (const [list, cursor] of [
      ['/technicians', forged],
      ['/technicians', `${payload}.${signature!.slice(0, -2)}AA`],
      ['/work-orders', first.nextCursor!],
    ] as const) {
      const response = await h.request('GET', `${list}?cursor=${encodeURIComponent(cursor)}`);
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect((await json<Problem>(response)).code).toBe('INVALID_CURSOR');
    }
    const malformed = await h.request('GET', '/technicians?cursor=not-a-cursor');
    expect(malformed.status).toBe(400);
    expect((await json<Problem>(malformed)).code).toBe('VALIDATION_FAILED');
  });
});
