/**
 * Intake's escalations are listed per role of the chain: each step the reply clock climbs
 * (dispatcher → service manager → deputy GM) is listed once for its level, from the
 * clock-escalated event published in the case write (read in `intake.timeline`, ADR 0056; real topic and
 * store), for the case's tenant only, and a redelivered event lists nothing twice.
 */
import { SERVICE_REQUEST_CLOCK_ESCALATED_V1, TOPICS, type ServiceRequestClockEscalatedV1 } from '@aftercare/contracts';
import { assertValidEvent, eventually, type ReceivedMessage } from '@aftercare/testing';
import { ServiceRequestRepository } from '../src/service-request/infrastructure/service-request.repository';
import { SlaScheduler } from '../src/sla/application/sla-scheduler';
import { SlaClockStore } from '../src/sla/infrastructure/sla-clock.store';
import { startIntake, stopIntake, type IntakeTestApp } from './support/intake-app';
import { registerRepairReceivedAt } from './support/registered-case';

const EVENTS = TOPICS.intakeServiceRequestEvents.name;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const TENANT = 'listing-co';
const OTHER_TENANT = 'other-co';
let h: IntakeTestApp;

interface ListedEscalation {
  id: string;
  caseId: string;
  level: string;
  clock: string;
  step: number;
  status: string;
  priority: string | null;
  escalatedAt: string;
}
interface EscalationPage {
  items: ListedEscalation[];
  nextCursor: string | null;
}

beforeAll(async () => {
  // The background scan stays out of the way (one pass an hour): the test scans at chosen instants.
  h = await startIntake('case-escalations', { watch: [EVENTS], env: { SLA_SCAN_INTERVAL_MS: '3600000' }, tenants: [TENANT, OTHER_TENANT] });
}, 120_000);

afterAll(async () => {
  await stopIntake(h);
});

async function list(role: string, tenant = TENANT, extra = ''): Promise<EscalationPage> {
  const response = await h.request('GET', `/api/v1/escalations?role=${role}${extra}`, { tenant, roles: ['dispatcher'] });
  expect(response.status).toBe(200);
  return (await response.json()) as EscalationPage;
}

describe('intake escalations listed per role', () => {
  it('a P3 case past its reply deadline is listed for the dispatcher, then the service manager, then the deputy GM, once each, for its tenant only', async () => {
    // Received three days ago on the hour: the default reply clock (24 h, calendar time) runs out
    // just after receivedAt + 24 h; the default chain adds the service manager 240 and the deputy
    // GM 1440 minutes overdue. Major and low urgency make it P3.
    const receivedAt = new Date(Math.floor((Date.now() - 3 * 24 * HOUR) / HOUR) * HOUR);
    const caseId = await registerRepairReceivedAt(h, TENANT, receivedAt, { severity: 'major', urgency: 'low' });
    expect(await h.app.get(ServiceRequestRepository).findById(TENANT, caseId)).toMatchObject({ priority: 'P3', status: 'acknowledged' });
    await eventually(async () => expect(await h.app.get(SlaClockStore).documents.findOne({ _id: `${caseId}:reply` })).not.toBeNull());

    const deadline = receivedAt.getTime() + 24 * HOUR;
    const steps = [
      { level: 'dispatcher', step: 1, at: deadline + 1 },
      { level: 'service_manager', step: 2, at: deadline + 240 * MINUTE + 1 },
      { level: 'deputy_gm', step: 3, at: deadline + 1440 * MINUTE + 1 },
    ];
    const scheduler = h.app.get(SlaScheduler);
    for (const [i, { level, step, at }] of steps.entries()) {
      await scheduler.scanOnce(new Date(at));
      const page = await eventually(async () => {
        const listed = await list(level);
        expect(listed.items).toHaveLength(1);
        return listed;
      });
      expect(page).toEqual({
        items: [{ id: expect.any(String), caseId, level, clock: 'reply', step, status: 'acknowledged', priority: 'P3', escalatedAt: new Date(at).toISOString() }],
        nextCursor: null,
      });
      // The levels not reached yet list nothing.
      for (const later of steps.slice(i + 1)) expect((await list(later.level)).items).toEqual([]);
    }

    // Another tenant sees none of it.
    for (const { level } of steps) expect(await list(level, OTHER_TENANT)).toEqual({ items: [], nextCursor: null });

    // Kafka delivers the dispatcher's step again (same event id): listed once still. A later event
    // of the same case (same key, so same partition, read after it) shows the redelivery was read.
    const clockEscalated = (m: ReceivedMessage) => m.topic === h.topic(EVENTS) && m.key === caseId && m.headers.ce_type === SERVICE_REQUEST_CLOCK_ESCALATED_V1;
    const published = await h.probe.waitFor(clockEscalated, { count: 3 });
    const atDispatcher = published.find((m) => assertValidEvent<ServiceRequestClockEscalatedV1>(m).data.level === 'dispatcher')!;
    await h.probe.send(atDispatcher.topic, { key: atDispatcher.key!, value: atDispatcher.value!, headers: atDispatcher.headers });
    const later = { ...assertValidEvent<ServiceRequestClockEscalatedV1>(atDispatcher).data, step: 4, level: 'regional_director', escalatedAt: new Date(deadline + 2880 * MINUTE).toISOString() };
    await h.publishEvent(EVENTS, { type: SERVICE_REQUEST_CLOCK_ESCALATED_V1, source: '/aftercare/intake', subject: caseId, tenantId: TENANT, caseId, data: later });
    await eventually(async () => expect((await list('regional_director')).items).toHaveLength(1));
    for (const { level } of steps) expect((await list(level)).items.map((e) => e.step)).toEqual([steps.find((s) => s.level === level)!.step]);
  }, 120_000);

  it('refuses a level that is no level name and a cursor it did not give out, without a 5xx', async () => {
    for (const role of ['Service%20Manager', '', '_x', 'a'.repeat(41)]) {
      const response = await h.request('GET', `/api/v1/escalations?role=${role}`, { tenant: TENANT, roles: ['manager'] });
      expect({ role, status: response.status }).toEqual({ role, status: 400 });
    }
    const missing = await h.request('GET', '/api/v1/escalations', { tenant: TENANT, roles: ['manager'] });
    expect(missing.status).toBe(400);
    const shapeless = await h.request('GET', '/api/v1/escalations?role=dispatcher&cursor=not-a-cursor', { tenant: TENANT, roles: ['manager'] });
    expect(shapeless.status).toBe(400);
    const forged = await h.request('GET', `/api/v1/escalations?role=dispatcher&cursor=${'A'.repeat(10)}.${'B'.repeat(43)}`, { tenant: TENANT, roles: ['manager'] });
    expect(forged.status).toBe(422);
    expect(((await forged.json()) as { code: string }).code).toBe('INVALID_CURSOR');
    const agent = await h.request('GET', '/api/v1/escalations?role=dispatcher', { tenant: TENANT, roles: ['agent'] });
    expect(agent.status).toBe(403);
  }, 60_000);
});
