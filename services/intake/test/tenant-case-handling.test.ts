/**
 * Intake applies each tenant's case handling (issue 10, item 5), against the real stack: what a
 * manager puts through `/sla/case-handling` — a priority matrix cell, the duplicate window, a
 * routing override — decides the tenant's next cases; a tenant that set nothing keeps the
 * deployment's environment values (default matrix, 72 h window, default routing).
 */
import { randomUUID } from 'node:crypto';
import { SERVICE_REQUEST_ROUTED_V1, TOPICS, type ServiceRequestRoutedV1 } from '@aftercare/contracts';
import { assertValidEvent } from '@aftercare/testing';
import { phoneRequest } from './support/case-bodies';
import { startIntake, stopIntake, type IntakeTestApp } from './support/intake-app';

const EVENTS = TOPICS.intakeServiceRequestEvents.name;
let intake: IntakeTestApp;

beforeAll(async () => {
  intake = await startIntake('tenant-case-handling', { watch: [EVENTS] });
}, 120_000);

afterAll(() => stopIntake(intake));

interface CaseView {
  id: string;
  status: string;
  priority?: string | null;
  duplicateOf?: string | null;
}

/** A minor, normal-urgency repair of an asset intake does not know (the agent decides the entitlement). */
const repair = (customerId: string) => phoneRequest(customerId);

async function register(tenant: string, customerId: string): Promise<CaseView> {
  const response = await intake.request('POST', '/api/v1/service-requests', { tenant, roles: ['agent'], body: repair(customerId) });
  expect(response.status).toBe(201);
  return (await response.json()) as CaseView;
}

/** The agent decides the entitlement; the case is routed where the tenant's routing says. */
async function routedTarget(tenant: string, caseId: string): Promise<string> {
  const decided = await intake.request('PATCH', `/api/v1/service-requests/${caseId}/entitlement`, { tenant, roles: ['agent'], body: { entitlement: 'in_warranty' } });
  expect(decided.status).toBe(200);
  const [routed] = await intake.probe.waitFor((m) => m.topic === intake.topic(EVENTS) && m.key === caseId && m.headers.ce_type === SERVICE_REQUEST_ROUTED_V1);
  return assertValidEvent<ServiceRequestRoutedV1>(routed).data.target;
}

describe("a tenant's case handling", () => {
  it('sets the priority, the duplicate window and the routing of its next cases; another tenant keeps the deployment values', async () => {
    const tenant = `ch-${randomUUID().slice(0, 8)}`;
    const other = `ch-${randomUUID().slice(0, 8)}`;
    const before = await register(tenant, `c-${randomUUID()}`);
    expect(before.priority).toBe('P3');
    expect(await routedTarget(tenant, before.id)).toBe('dispatch');

    const put = await intake.request('PUT', '/api/v1/sla/case-handling', {
      tenant,
      roles: ['manager'],
      body: { priorityMatrix: { minor: { normal: 'P1' } }, duplicateWindowHours: 0, routingOverrides: { repair: 'agent' } },
    });
    expect(put.status).toBe(200);

    const customerId = `c-${randomUUID()}`;
    const first = await register(tenant, customerId);
    expect(first.priority).toBe('P1');
    // Same customer, serial and type a moment later: outside a window of 0 hours, so a case of its own.
    const second = await register(tenant, customerId);
    expect(second).toMatchObject({ priority: 'P1', duplicateOf: null });
    expect(second.status).not.toBe('rejected');
    expect(await routedTarget(tenant, first.id)).toBe('agent');

    const untouched = `c-${randomUUID()}`;
    const elsewhere = await register(other, untouched);
    expect(elsewhere.priority).toBe('P3');
    const again = await register(other, untouched);
    expect(again).toMatchObject({ status: 'rejected', duplicateOf: elsewhere.id });
    expect(await routedTarget(other, elsewhere.id)).toBe('dispatch');
  });
});
