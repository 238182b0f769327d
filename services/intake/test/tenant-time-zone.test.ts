import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CRM_SERVICE_REQUEST_RAISED_V1,
  EXAMPLES_DIR,
  INTAKE_MONTH_FIGURES_PUBLISHED_V1,
  TOPICS,
  type CrmServiceRequestRaisedV1,
  type IntakeMonthFiguresPublishedV1,
} from '@aftercare/contracts';
import { MonthFiguresJob } from '@aftercare/month-figures';
import { TenantRegistry } from '@aftercare/tenancy';
import { assertValidEvent } from '@aftercare/testing';
import { toRegisterCaseInput } from '../src/integration/inbound/crm-service-request.handler';
import { RegisterCase } from '../src/service-request/application/register-case';
import { startIntake, stopIntake, type IntakeTestApp } from './support/intake-app';

/** 22:00 on 30 November in New York, 11:00 on 1 December in Shanghai. */
const RECEIVED_AT = new Date('2026-12-01T03:00:00.000Z');
/** After New York's November closed (05:00Z); Shanghai's December is still open. */
const AFTER_NEW_YORKS_CLOSE = new Date('2026-12-01T12:00:00.000Z');

/**
 * The month in the tenant's time zone (issue 13): a tenant registered in America/New_York counts
 * a case received at 2026-12-01T03:00Z in November; one registered without a zone (the
 * deployment's Asia/Shanghai) counts the same instant in December.
 */
describe("month figures in the tenant's time zone (intake, libs/month-figures)", () => {
  let h: IntakeTestApp;
  const suffix = randomUUID().slice(0, 8);
  const newYork = `nyc-${suffix}`;
  const shanghai = `sha-${suffix}`;

  beforeAll(async () => {
    h = await startIntake('tenant-time-zone', { watch: [TOPICS.monthFigures.name, TOPICS.tenants.name] });
  });

  afterAll(async () => {
    await stopIntake(h);
  });

  const register = async (body: Record<string, unknown>) => {
    const response = await fetch(`${h.baseUrl}/api/v1/admin/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await h.unregisteredToken(['operator'], 'platform-ops', 'ops-alice')}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  const receiveCase = (tenantId: string) => {
    const example = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${CRM_SERVICE_REQUEST_RAISED_V1}.json`), 'utf8')) as CrmServiceRequestRaisedV1;
    const request = { ...example, customer: { ...example.customer, customerId: `CRM-C-${randomUUID()}` }, requestId: `CRM-${randomUUID()}`, raisedAt: RECEIVED_AT.toISOString() };
    request.product = { ...request.product, serialNumber: `SN-${randomUUID()}` };
    // Through the use case with a later "now": the CRM handler would hold a future raisedAt to the wall clock.
    return h.app.get(RegisterCase).execute(toRegisterCaseInput(tenantId, request, new Date('2027-01-01T00:00:00.000Z')));
  };

  const figuresOf = (tenantId: string) => (m: { topic: string; key: string | null; headers: Record<string, string> }) =>
    m.topic === h.topic(TOPICS.monthFigures.name) && m.key?.startsWith(`${tenantId}:`) === true && m.headers.ce_type === INTAKE_MONTH_FIGURES_PUBLISHED_V1;

  it('registers a tenant with its zone, refuses a zone that is not IANA, and carries the zone on the tenants topic', async () => {
    expect(await register({ id: newYork, name: 'New York Pumps', timeZone: 'America/New_York' })).toMatchObject({ status: 201, body: { id: newYork, timeZone: 'America/New_York' } });
    expect(await register({ id: shanghai, name: 'Shanghai Pumps' })).toMatchObject({ status: 201, body: { id: shanghai, timeZone: 'Asia/Shanghai' } });
    expect(await register({ id: `bad-${suffix}`, name: 'Bad', timeZone: 'Mars/Base' })).toMatchObject({
      status: 422,
      body: { code: 'TENANT_INVALID', errors: [{ field: 'timeZone' }] },
    });
    const [event] = await h.probe.waitFor((m) => m.topic === h.topic(TOPICS.tenants.name) && m.key === newYork);
    expect(assertValidEvent(event).data).toMatchObject({ tenantId: newYork, timeZone: 'America/New_York' });
    expect(await h.app.get(TenantRegistry).timeZoneOf(newYork)).toBe('America/New_York');
  });

  it('counts a case received at 2026-12-01T03:00Z in November for the New York tenant, and in December for the Shanghai one', async () => {
    await receiveCase(newYork);
    await receiveCase(shanghai);
    const pass = await h.app.get(MonthFiguresJob).scan(AFTER_NEW_YORKS_CLOSE);
    expect(pass.failed).toEqual([]);
    expect(pass.published).toEqual(expect.arrayContaining([`${newYork}|2026-11`, `${shanghai}|2026-11`]));
    expect(pass.published).not.toContain(`${newYork}|2026-12`);
    expect(pass.published).not.toContain(`${shanghai}|2026-12`);

    const monthsOf = async (tenantId: string) => {
      const messages = await h.probe.waitFor(figuresOf(tenantId), { count: 2 });
      return Object.fromEntries(messages.map((m) => assertValidEvent<IntakeMonthFiguresPublishedV1>(m).data).map((d) => [d.month, d.figures.casesRegistered]));
    };
    expect(await monthsOf(newYork)).toEqual({ '2026-11': 1, '2026-10': 0 });
    expect(await monthsOf(shanghai)).toEqual({ '2026-11': 0, '2026-10': 0 });
  });
});
