/**
 * Each tenant's confirmation silence (issue 10, item 5), against the real stack: the silence a
 * manager puts through `/sla/case-handling` is fixed on a case when it is resolved, and the
 * confirmation-by-silence job confirms it then; a tenant without one keeps the deployment's
 * CONFIRMATION_SILENCE_DAYS (7). A later change of the setting applies to cases resolved after it.
 * The resolutions lie in the future so only the passes this test runs, at exact instants, see them.
 */
import { randomUUID } from 'node:crypto';
import { SERVICE_REQUEST_EVENT_TYPES, TOPICS } from '@aftercare/contracts';
import { assertValidEvent } from '@aftercare/testing';
import { ConfirmBySilence } from '../src/service-request/application/confirm-by-silence';
import { ServiceRequestRepository } from '../src/service-request/infrastructure/service-request.repository';
import { phoneRequest } from './support/case-bodies';
import { startIntake, stopIntake, type IntakeTestApp } from './support/intake-app';

const EVENTS = TOPICS.intakeServiceRequestEvents.name;
const DAY = 86_400_000;
const RESOLVED_AT = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 2, 2, 9, 0, 0));
const after = (days: number, ms = 0) => new Date(RESOLVED_AT.getTime() + days * DAY + ms);

let intake: IntakeTestApp;

beforeAll(async () => {
  intake = await startIntake('tenant-confirmation-silence', { watch: [EVENTS], env: { CONFIRMATION_SCAN_INTERVAL_MS: '0' } });
}, 120_000);

afterAll(() => stopIntake(intake));

async function setSilence(tenant: string, confirmationSilenceDays: number): Promise<void> {
  const put = await intake.request('PUT', '/api/v1/sla/case-handling', { tenant, roles: ['manager'], body: { confirmationSilenceDays } });
  expect(put.status).toBe(200);
}

/** A consultation the agent answers; resolved at RESOLVED_AT. */
async function resolvedConsultation(tenant: string): Promise<string> {
  const customerId = `c-${randomUUID()}`;
  const created = await intake.request('POST', '/api/v1/service-requests', {
    tenant,
    body: phoneRequest(customerId, { problemDescription: 'How do I set the cutting speed?', requestedType: 'consultation', urgency: 'low' }),
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const cases = intake.app.get(ServiceRequestRepository);
  const request = (await cases.findById(tenant, id))!;
  request.startWork({ kind: 'agent', reference: 'call back' });
  request.completeWork({ reference: 'call back', at: RESOLVED_AT });
  request.resolve({ summary: 'explained the setting', at: RESOLVED_AT });
  await cases.save(request);
  return id;
}

async function silenceShownFor(tenant: string, id: string): Promise<number | null> {
  const response = await intake.request('GET', `/api/v1/service-requests/${id}`, { tenant });
  expect(response.status).toBe(200);
  return ((await response.json()) as { resolution: { confirmationSilenceDays: number | null } }).resolution.confirmationSilenceDays;
}

const statusOf = async (tenant: string, id: string) => (await intake.app.get(ServiceRequestRepository).findById(tenant, id))!.status;

async function confirmationOf(id: string): Promise<{ confirmedBy: string; confirmedAt: string; resolvedAt: string }> {
  const [confirmed] = await intake.probe.waitFor((m) => m.key === id && m.headers.ce_type === SERVICE_REQUEST_EVENT_TYPES.confirmed);
  return assertValidEvent<{ confirmedBy: string; confirmedAt: string; resolvedAt: string }>(confirmed).data;
}

describe("a tenant's confirmation silence", () => {
  it('confirms its case at resolve + its days; the other tenant keeps the deployment default; a change applies to later resolutions', async () => {
    const tenantA = `cs-${randomUUID().slice(0, 8)}`;
    const tenantB = `cs-${randomUUID().slice(0, 8)}`;
    await setSilence(tenantA, 3);
    const caseA = await resolvedConsultation(tenantA);
    const caseB = await resolvedConsultation(tenantB);
    // Changed after caseA was resolved: only cases resolved from now on wait 10 days.
    await setSilence(tenantA, 10);
    const laterA = await resolvedConsultation(tenantA);
    // The case shows the silence fixed on it: the tenant's at the time, else the deployment's 7.
    expect(await silenceShownFor(tenantA, caseA)).toBe(3);
    expect(await silenceShownFor(tenantB, caseB)).toBe(7);
    expect(await silenceShownFor(tenantA, laterA)).toBe(10);
    const job = intake.app.get(ConfirmBySilence);

    expect(await job.scanOnce(after(3, -1))).toBe(0);
    expect(await statusOf(tenantA, caseA)).toBe('resolved');

    expect(await job.scanOnce(after(3))).toBe(1);
    expect(await confirmationOf(caseA)).toMatchObject({ confirmedBy: 'silence', confirmedAt: after(3).toISOString(), resolvedAt: RESOLVED_AT.toISOString() });
    expect(await statusOf(tenantB, caseB)).toBe('resolved');
    expect(await statusOf(tenantA, laterA)).toBe('resolved');

    expect(await job.scanOnce(after(7, -1))).toBe(0);
    expect(await job.scanOnce(after(7))).toBe(1);
    expect(await confirmationOf(caseB)).toMatchObject({ confirmedBy: 'silence', confirmedAt: after(7).toISOString(), resolvedAt: RESOLVED_AT.toISOString() });
    expect(await statusOf(tenantA, laterA)).toBe('resolved');

    expect(await job.scanOnce(after(10, -1))).toBe(0);
    expect(await job.scanOnce(after(10))).toBe(1);
    expect(await confirmationOf(laterA)).toMatchObject({ confirmedBy: 'silence', confirmedAt: after(10).toISOString(), resolvedAt: RESOLVED_AT.toISOString() });
  });
});
