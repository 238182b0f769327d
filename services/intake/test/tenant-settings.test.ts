/**
 * One source of a tenant's settings: what a manager puts through intake's SLA admin API
 * (policies, calendars, escalation contacts, case handling) is published whole, at the next
 * revision, on the compacted settings topic every service reads (libs/tenant-settings).
 */
import { TENANT_SETTINGS_CHANGED_V1, TOPICS, type TenantSettingsChangedV1 } from '@aftercare/contracts';
import { assertValidEvent, type ReceivedMessage } from '@aftercare/testing';
import { startIntake, stopIntake, type IntakeTestApp } from './support/intake-app';

const SETTINGS = TOPICS.tenantSettings.name;
let harness: IntakeTestApp;

beforeAll(async () => {
  harness = await startIntake('tenant-settings', { watch: [SETTINGS] });
}, 120_000);

afterAll(async () => {
  await stopIntake(harness);
});

const settingsOf = (tenantId: string, revision: number) => (m: ReceivedMessage) =>
  m.topic === harness.topic(SETTINGS) && m.headers.ce_type === TENANT_SETTINGS_CHANGED_V1 && m.key === tenantId && JSON.parse(String(m.value)).revision === revision;

const arrival4h = {
  zone: 'city',
  clocks: { arrival: { targetMinutes: 240, calendarId: 'cn-standard', pauseInStates: ['awaiting_customer'], escalationChain: [{ afterMinutesOverdue: 0, level: 'dispatcher' }] } },
};
const levels = [
  { level: 'dispatcher', role: 'dispatcher', people: [{ id: 'disp-zhao', name: 'Zhao Lei', phone: '+86 21 5555 0201' }] },
  { level: 'service_manager', role: 'manager', people: [{ id: 'mgr-wang', name: 'Wang Fang', email: 'wang.fang@example.com' }] },
];

describe("a tenant's settings through intake's admin API", () => {
  it('a policy put is published with the tenant settings; contacts and case handling follow at the next revisions', async () => {
    const tenant = 'settings-co';
    const put = await harness.request('PUT', '/api/v1/sla/policies/city-arrival-4h', { roles: ['manager'], tenant, body: arrival4h });
    expect(put.status).toBe(200);
    const [first] = await harness.probe.waitFor(settingsOf(tenant, 1));
    const published = assertValidEvent<TenantSettingsChangedV1>(first);
    expect(published.tenantId).toBe(tenant);
    expect(published.data).toMatchObject({ tenantId: tenant, revision: 1, policies: [{ id: 'city-arrival-4h', tenantId: tenant, zone: 'city', clocks: arrival4h.clocks }], calendars: [] });

    const contacts = await harness.request('PUT', '/api/v1/sla/escalation-contacts', { roles: ['manager'], tenant, body: { levels }, headers: { 'if-match': '"1"' } });
    expect(contacts.status).toBe(200);
    expect(contacts.headers.get('etag')).toBe('"2"');
    const [second] = await harness.probe.waitFor(settingsOf(tenant, 2));
    expect(assertValidEvent<TenantSettingsChangedV1>(second).data).toMatchObject({ policies: [{ id: 'city-arrival-4h' }], escalationContacts: levels });

    const handling = await harness.request('PUT', '/api/v1/sla/case-handling', { roles: ['manager'], tenant, body: { duplicateWindowHours: 48, routingOverrides: { service_complaint: 'agent' } } });
    expect(handling.status).toBe(200);
    const [third] = await harness.probe.waitFor(settingsOf(tenant, 3));
    expect(assertValidEvent<TenantSettingsChangedV1>(third).data.caseHandling).toEqual({ duplicateWindowHours: 48, routingOverrides: { service_complaint: 'agent' } });

    const read = await harness.request('GET', '/api/v1/sla/escalation-contacts', { roles: ['dispatcher'], tenant });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"3"');
    expect(await read.json()).toEqual({
      revision: 3,
      levels: levels.map((l) => ({ ...l, people: l.people.map((p) => ({ phone: null, email: null, preferredChannel: null, ...p })) })),
    });
  });

  it('refuses bad settings with problem details naming the fields, and a stale If-Match with 412', async () => {
    const tenant = 'settings-bad';
    const bad = await harness.request('PUT', '/api/v1/sla/escalation-contacts', {
      roles: ['manager'],
      tenant,
      body: { levels: [{ level: 'Deputy GM', role: 'manager', people: [{ id: 'dgm', name: 'Chen' }] }] },
    });
    expect(bad.status).toBe(422);
    const problem = (await bad.json()) as { code: string; errors: Array<{ field: string }> };
    expect(problem.code).toBe('TENANT_SETTINGS_INVALID');
    expect(problem.errors.map((e) => e.field)).toEqual(['levels[0].level', 'levels[0].people[0]']);

    const unknown = await harness.request('PUT', '/api/v1/sla/case-handling', { roles: ['manager'], tenant, body: { silenceDays: 3 } });
    expect(unknown.status).toBe(422);

    const stale = await harness.request('PUT', '/api/v1/sla/case-handling', { roles: ['manager'], tenant, body: { duplicateWindowHours: 12 }, headers: { 'if-match': '"7"' } });
    expect(stale.status).toBe(412);
    const byDispatcher = await harness.request('PUT', '/api/v1/sla/case-handling', { roles: ['dispatcher'], tenant, body: {} });
    expect(byDispatcher.status).toBe(403);
  });
});
