/**
 * Bad input never answers 5xx and never changes a case (issue 9 items 6 and 8): `null` for an
 * optional field, every wrong value at every field of every body the OpenAPI document describes,
 * and a cursor the API did not give out for that list.
 */
import { randomUUID } from 'node:crypto';
import { ApiWalk, auditOpenApi, badBodies, fillPath, type OpenApiDocument } from '@aftercare/testing';
import { startIntake, stopIntake, type IntakeTestApp } from './support/intake-app';

jest.setTimeout(300_000);

interface Problem {
  code?: string;
  errors?: Array<{ field: string; message: string }>;
}

let intake: IntakeTestApp;
let document: OpenApiDocument;

beforeAll(async () => {
  intake = await startIntake('bad-input');
  document = (await (await fetch(`${intake.baseUrl}/api/docs/openapi.json`)).json()) as OpenApiDocument;
}, 120_000);

afterAll(async () => {
  await stopIntake(intake);
});

function registration(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    channel: 'phone',
    customer: { customerId: `C-${randomUUID().slice(0, 8)}`, name: 'Shanghai Precision Tools Co.', phone: '+86 21 5555 0101', zone: 'city' },
    problemDescription: 'Spindle stops after 10 minutes with alarm E-31',
    requestedType: 'consultation',
    severity: 'major',
    urgency: 'normal',
    ...overrides,
  };
}

async function register(): Promise<{ id: string; version: number; status: string }> {
  const response = await intake.request('POST', '/api/v1/service-requests', { body: registration() });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; version: number; status: string };
}

async function expectRefused(response: Response, field: string): Promise<void> {
  expect(response.status).toBe(400);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  const problem = (await response.json()) as Problem;
  expect(problem.code).toBe('VALIDATION_FAILED');
  expect(problem.errors?.map((e) => e.field)).toContain(field);
}

describe('the OpenAPI document as served', () => {
  it('passes the audit the unit spec runs on the document built without the stack', () => {
    expect(auditOpenApi(document as never)).toEqual([]);
  });
});

describe('null for an optional field', () => {
  it('is 400 naming the field, not "left out"; nothing is registered or changed', async () => {
    const before = (await (await intake.request('GET', '/api/v1/service-requests', { roles: ['manager'] })).json()) as { items: unknown[] };
    for (const [field, body] of [
      ['externalRef', registration({ externalRef: null })],
      ['product', registration({ product: null })],
      ['attachments', registration({ attachments: null })],
      ['customer.email', registration({ customer: { name: 'Li Wei', phone: '+86 21 5555 0101', email: null } })],
    ] as const) {
      await expectRefused(await intake.request('POST', '/api/v1/service-requests', { body }), field);
    }
    const after = (await (await intake.request('GET', '/api/v1/service-requests', { roles: ['manager'] })).json()) as { items: unknown[] };
    expect(after.items).toHaveLength(before.items.length);

    const registered = await register();
    await expectRefused(
      await intake.request('PATCH', `/api/v1/service-requests/${registered.id}/entitlement`, { body: { entitlement: 'contract', contractId: null } }),
      'contractId',
    );
    const read = (await (await intake.request('GET', `/api/v1/service-requests/${registered.id}`)).json()) as { version: number };
    expect(read.version).toBe(registered.version);
  });
});

describe('every wrong value at every field of every documented body', () => {
  it('answers 4xx problem details with a documented status, never 5xx', async () => {
    const registered = await register();
    const walk = new ApiWalk(document);
    const failures: string[] = [];
    for (const bad of badBodies(document as never, 3)) {
      const template = bad.path.replace(/^\/api\/v1/, '');
      const url = fillPath(template, { id: template.startsWith('/sla/') ? 'walk-config' : registered.id, caseId: registered.id });
      const roles = template.startsWith('/sla/') ? ['manager' as const] : ['agent' as const];
      const response = await intake.request(bad.method.toUpperCase(), `/api/v1${url}`, { roles, body: bad.body });
      const contentType = response.headers.get('content-type') ?? '';
      await walk.record(bad.method, bad.path, response);
      if (response.status >= 500) failures.push(`${bad.key} with ${bad.what}: ${response.status}`);
      else if (response.status >= 400 && !contentType.includes('application/problem+json')) failures.push(`${bad.key} with ${bad.what}: ${contentType}`);
    }
    expect(walk.calls.length).toBeGreaterThan(200);
    expect(failures).toEqual([]);
    expect(walk.undeclaredStatuses()).toEqual([]);
  });
});

describe('cursors', () => {
  it('a changed cursor, or one of another list, is 422 INVALID_CURSOR; the one given out pages on', async () => {
    for (let i = 0; i < 3; i++) await register();
    const first = (await (await intake.request('GET', '/api/v1/service-requests?limit=2', { roles: ['manager'] })).json()) as {
      items: Array<{ id: string }>;
      nextCursor: string;
    };
    const next = await intake.request('GET', `/api/v1/service-requests?limit=2&cursor=${first.nextCursor}`, { roles: ['manager'] });
    expect(next.status).toBe(200);
    const [payload, signature] = first.nextCursor.split('.') as [string, string];
    const [at, id] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as [string, string];
    const moved = Buffer.from(JSON.stringify([at, `${id}z`])).toString('base64url');

    const reads = await intake.request('GET', '/api/v1/archive-reads?limit=1', { roles: ['manager'] });
    expect(reads.status).toBe(200);
    for (const [list, cursor] of [
      ['/api/v1/service-requests', `${moved}.${signature}`],
      [`/api/v1/customers/C-1/archive?reason=${encodeURIComponent('a call')}`, `${moved}.${signature}`],
      ['/api/v1/archive-reads', first.nextCursor],
    ] as const) {
      const separator = list.includes('?') ? '&' : '?';
      const response = await intake.request('GET', `${list}${separator}cursor=${cursor}`, { roles: ['manager'] });
      expect({ list, status: response.status, code: ((await response.json()) as Problem).code }).toEqual({ list, status: 422, code: 'INVALID_CURSOR' });
    }
  });
});
