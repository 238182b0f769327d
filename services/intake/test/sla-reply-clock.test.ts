import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TOPICS, SERVICE_REQUEST_ESCALATED_V1, SERVICE_REQUEST_SLA_BREACHED_V1 } from '@aftercare/contracts';
import { configureHttpApp } from '@aftercare/http';
import { LeaseStore } from '@aftercare/persistence';
import { assertValidEvent, listenInProcess, until } from '@aftercare/testing';
import { AppModule } from '../src/app.module';
import { RegisterCase } from '../src/service-request/application/register-case';
import type { Severity, Urgency } from '../src/service-request/domain';
import { ServiceRequestRepository } from '../src/service-request/infrastructure/service-request.repository';
import { SlaScheduler } from '../src/sla/application/sla-scheduler';
import { SLA_CLOCK_JOB, SlaClockStore, type ClaimedClock, type SlaClockDocument } from '../src/sla/infrastructure/sla-clock.store';
import { startIntake, stopIntake, type IntakeTestApp } from './support/intake-app';

/*
 * The reply clock end to end against the real stack: cases are registered with a `receivedAt`
 * in the past (a case received 25 h ago has breached its 24 h reply clock at once), or under a
 * tenant policy with a reply target of a few seconds. No fake time, and no fixed sleeps: "nothing
 * more happened" is checked after the schedulers report further finished scans.
 */

const SCAN_MS = 300;
const LEASE_MS = 1500;
const H = 3_600_000;
const EVENTS = TOPICS.intakeServiceRequestEvents.name;

let harness: IntakeTestApp;

beforeAll(async () => {
  harness = await startIntake('sla-reply', {
    watch: [EVENTS],
    env: { SLA_SCAN_INTERVAL_MS: String(SCAN_MS), SLA_CLAIM_LEASE_MS: String(LEASE_MS) },
    // Cases are registered through the use case directly: their tenants are registered up front.
    tenants: ['crash-co', 'twins', 'quick', 'urgent-co'],
  });
}, 90_000);

afterAll(async () => {
  await stopIntake(harness);
});

/** Response bodies are read loosely: the assertions check their shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (response: Response): Promise<any> => response.json();

async function registerCase(
  app: INestApplication,
  tenantId: string,
  receivedAt: Date,
  classification: { severity: Severity; urgency: Urgency } = { severity: 'major', urgency: 'normal' },
): Promise<string> {
  const unique = randomUUID().slice(0, 8);
  const { serviceRequest } = await app.get(RegisterCase).execute({
    tenantId,
    channel: 'phone',
    receivedAt,
    customer: {
      customerId: `cust-${unique}`,
      name: 'Acme Pumps Ltd',
      phone: '+86 21 5555 0101',
      address: '12 Harbour Road, Shanghai',
      zone: 'city',
    },
    product: { model: 'P-200', serialNumber: `SN-${unique}` },
    problemDescription: 'Pump leaks at the shaft seal',
    requestedType: 'repair',
    severity: classification.severity,
    urgency: classification.urgency,
  });
  return serviceRequest.id;
}

const eventsOf = (type: string, caseId: string) =>
  harness.probe.on(harness.topic(EVENTS)).filter((m) => m.headers.ce_type === type && m.key === caseId);

async function clockOf(caseId: string): Promise<SlaClockDocument | null> {
  return harness.app.get(SlaClockStore).documents.findOne({ _id: `${caseId}:reply` });
}

async function waitForClock(caseId: string, predicate: (d: SlaClockDocument) => boolean, what: string, timeoutMs = 20_000): Promise<SlaClockDocument> {
  let document: SlaClockDocument | null = null;
  await until(async () => !!(document = await clockOf(caseId)) && predicate(document), timeoutMs, () => `${what}: ${JSON.stringify(document)}`);
  return document!;
}

/**
 * Lets every running scheduler finish `count` more scans (so at least one started after the call),
 * then waits until the cases' outbox is drained: whatever those scans recorded has been published.
 */
async function afterScans(apps: INestApplication[] = [harness.app], count = 3): Promise<void> {
  await Promise.all(apps.map((app) => app.get(SlaScheduler).afterPasses(count)));
  const cases = harness.app.get(ServiceRequestRepository);
  await until(async () => (await cases.backlog()) === 0, 20_000, 'the case outbox was not drained');
}

/** The case's breaches and escalation level as stored: what any further event would come from. */
async function recordedOn(tenantId: string, caseId: string): Promise<{ breaches: number; level: number }> {
  const stored = await harness.app.get(ServiceRequestRepository).findById(tenantId, caseId);
  return { breaches: stored?.slaBreaches.length ?? -1, level: stored?.escalationLevel ?? -1 };
}

/** Waits for the case's breach and first escalation, then lets several scans pass and checks nothing more came. */
async function expectExactlyOneBreachAndEscalation(tenantId: string, caseId: string, apps?: INestApplication[]): Promise<void> {
  await harness.probe.waitFor((m) => m.key === caseId && m.headers.ce_type === SERVICE_REQUEST_ESCALATED_V1, { timeoutMs: 30_000 });
  await harness.probe.waitFor((m) => m.key === caseId && m.headers.ce_type === SERVICE_REQUEST_SLA_BREACHED_V1, { timeoutMs: 10_000 });
  await afterScans(apps);
  expect(await recordedOn(tenantId, caseId)).toEqual({ breaches: 1, level: 1 });
  expect(eventsOf(SERVICE_REQUEST_SLA_BREACHED_V1, caseId)).toHaveLength(1);
  expect(eventsOf(SERVICE_REQUEST_ESCALATED_V1, caseId)).toHaveLength(1);
}

/** Clock ids under a live scheduler lease now. */
const leasedClocks = () => harness.app.get(LeaseStore).heldKeys(`${SLA_CLOCK_JOB}|`, new Date());

describe('intake runs the reply clock', () => {
  it('a case received 25 h ago breaches its 24 h reply clock: one breach event and one escalation, still one after a restart', async () => {
    const receivedAt = new Date(Date.now() - 25 * H);
    const caseId = await registerCase(harness.app, 'acme', receivedAt);

    await expectExactlyOneBreachAndEscalation('acme', caseId);
    const breached = assertValidEvent<{ clock: string; dueAt: string; status: string }>(eventsOf(SERVICE_REQUEST_SLA_BREACHED_V1, caseId)[0]);
    expect(breached.data).toMatchObject({ clock: 'reply', dueAt: new Date(receivedAt.getTime() + 24 * H).toISOString() });
    const escalated = assertValidEvent<{ level: number; previousLevel: number; reason: string }>(eventsOf(SERVICE_REQUEST_ESCALATED_V1, caseId)[0]);
    expect(escalated.data).toMatchObject({ level: 1, previousLevel: 0, reason: 'sla_breach' });

    const clock = await waitForClock(caseId, (d) => d.escalationStep === 1 && d.breachNotified, 'clock stored as breached and escalated once');
    expect(clock.clock.breachedAt).toEqual(new Date(receivedAt.getTime() + 24 * H));
    // Next look: the second level (service manager), 4 h after the deadline.
    expect(clock.nextCheckAt).toEqual(new Date(receivedAt.getTime() + 28 * H + 1));
    expect(await leasedClocks()).not.toContain(`${SLA_CLOCK_JOB}|${clock._id}`);

    const stored = await harness.app.get(ServiceRequestRepository).findById('acme', caseId);
    expect(stored?.slaBreaches).toHaveLength(1);
    expect(stored?.escalationLevel).toBe(1);

    await harness.restart();
    await afterScans();
    expect(await recordedOn('acme', caseId)).toEqual({ breaches: 1, level: 1 });
    expect(eventsOf(SERVICE_REQUEST_SLA_BREACHED_V1, caseId)).toHaveLength(1);
    expect(eventsOf(SERVICE_REQUEST_ESCALATED_V1, caseId)).toHaveLength(1);
  }, 90_000);

  it('a crash between the case write and the clock write does not fire twice: the claim expires and the re-run finds the breach recorded', async () => {
    const store = harness.app.get(SlaClockStore);
    const complete = store.complete.bind(store);
    let crashes = 0;
    let completions = 0;
    const spy = jest.spyOn(store, 'complete').mockImplementation(async (claimed, change) => {
      if (claimed.item.tenantId === 'crash-co') {
        if (crashes === 0) {
          crashes++;
          throw new Error('simulated crash after the case was saved');
        }
        completions++;
      }
      return complete(claimed, change);
    });
    try {
      const caseId = await registerCase(harness.app, 'crash-co', new Date(Date.now() - 25 * H));
      await until(() => crashes === 1, 20_000, 'the scheduler never reached the clock write');
      // The case already holds the breach and the escalation; the clock does not know yet.
      const afterCrash = await harness.app.get(ServiceRequestRepository).findById('crash-co', caseId);
      expect(afterCrash?.slaBreaches).toHaveLength(1);
      expect((await clockOf(caseId))?.breachNotified).toBe(false);

      await waitForClock(caseId, (d) => d.breachNotified && d.escalationStep === 1, 'clock completed after the lease expired', LEASE_MS * 10);
      expect(completions).toBeGreaterThanOrEqual(1);
      expect(await leasedClocks()).not.toContain(`${SLA_CLOCK_JOB}|${caseId}:reply`);
      await expectExactlyOneBreachAndEscalation('crash-co', caseId);
    } finally {
      spy.mockRestore();
    }
  }, 60_000);

  it('two instances on the same database and topics: every breach fires once, and a due clock is claimed by one of them only', async () => {
    const second = await NestFactory.create(AppModule.register(harness.config), { logger: ['error'] });
    configureHttpApp(second, { name: 'intake', description: 'second intake under test' });
    await listenInProcess(second);
    try {
      const caseIds = await Promise.all(
        Array.from({ length: 6 }, (_, i) => registerCase(i % 2 ? second : harness.app, 'twins', new Date(Date.now() - 25 * H - i * 60_000))),
      );
      for (const caseId of caseIds) {
        await harness.probe.waitFor((m) => m.key === caseId && m.headers.ce_type === SERVICE_REQUEST_ESCALATED_V1, { timeoutMs: 30_000 });
      }
      await afterScans([harness.app, second]);
      for (const caseId of caseIds) {
        expect(await recordedOn('twins', caseId)).toEqual({ breaches: 1, level: 1 });
        expect(eventsOf(SERVICE_REQUEST_SLA_BREACHED_V1, caseId)).toHaveLength(1);
        expect(eventsOf(SERVICE_REQUEST_ESCALATED_V1, caseId)).toHaveLength(1);
      }

      // The claim itself: both instances race for the same due clocks; each is won by one claim only.
      const stores = [harness.app.get(SlaClockStore), second.get(SlaClockStore)];
      const leases = [harness.app.get(LeaseStore), second.get(LeaseStore)];
      expect(leases[0].instanceId).not.toBe(leases[1].instanceId);
      // The clock is due, but under a lease until far in the future, so the running schedulers
      // leave it alone; the racers pass "after" that lease.
      const id = `race-${randomUUID()}:reply`;
      const { version: _v, createdAt: _c, updatedAt: _u, ...template } = (await clockOf(caseIds[0]))!;
      expect(await stores[0].insert({ ...template, _id: id, caseId: 'none', nextCheckAt: new Date(0) })).toBe(true);
      expect(await leases[0].acquire(`${SLA_CLOCK_JOB}|${id}`, 'nobody', new Date(), 500 * H)).not.toBeNull();
      const later = new Date(Date.now() + 1000 * H);
      const claims: Array<{ store: SlaClockStore; claimed: ClaimedClock }> = [];
      // A running scheduler's own pass may hold the job's pass lease at the moment of a race, and
      // then every racer gets nothing: race again until the clock is claimed.
      await until(
        async () => {
          await Promise.all(
            [...stores, ...stores, ...stores].map((store) =>
              store.passDue(later, { limit: 1000, leaseMs: 60_000 }, async (claimed) => void claims.push({ store, claimed })),
            ),
          );
          return claims.some((c) => c.claimed.item._id === id);
        },
        30_000,
        'no racer claimed the due clock',
      );
      try {
        const won = claims.map((c) => c.claimed.item._id);
        expect(won).toContain(id);
        expect(new Set(won).size).toBe(won.length);
        expect(leases.map((l) => l.instanceId)).toContain(claims.find((c) => c.claimed.item._id === id)!.claimed.lease.owner.split('/')[0]);
      } finally {
        await Promise.all(claims.map((c) => c.store.release(c.claimed)));
      }
    } finally {
      await second.close();
    }
  }, 120_000);

  it('a case replied in time does not breach; one not replied does, under a tenant policy of a few seconds', async () => {
    const policy = {
      clocks: { reply: { targetMinutes: 0.1, calendarId: '24x7', pauseInStates: [], escalationChain: [{ afterMinutesOverdue: 0, level: 'dispatcher' }] } },
    };
    const put = await harness.request('PUT', '/api/v1/sla/policies/quick-reply', { roles: ['manager'], tenant: 'quick', body: policy });
    expect(put.status).toBe(200);

    const replied = await registerCase(harness.app, 'quick', new Date());
    const silent = await registerCase(harness.app, 'quick', new Date());
    const cancelled = await registerCase(harness.app, 'quick', new Date());
    await waitForClock(replied, () => true, 'reply clock started');
    const reply = await harness.request('POST', `/api/v1/sla/cases/${replied}/reply`, { roles: ['agent'], tenant: 'quick' });
    expect(reply.status).toBe(200);
    expect(await json(reply)).toMatchObject({ status: 'stopped', metTarget: true, policyId: 'quick-reply', targetMinutes: 0.1 });

    // A cancelled case needs no reply: the cancelled event stops its clock.
    await waitForClock(cancelled, () => true, 'reply clock started');
    const repository = harness.app.get(ServiceRequestRepository);
    const toCancel = (await repository.findById('quick', cancelled))!;
    toCancel.cancel({ reason: 'customer withdrew the request', cancelledBy: 'customer' });
    await repository.save(toCancel);
    await waitForClock(cancelled, (d) => d.clock.stoppedAt !== null, 'clock stopped by the cancelled event');

    // The control: the case nobody replied to breaches after its 6 s.
    await expectExactlyOneBreachAndEscalation('quick', silent);
    expect((await clockOf(silent))?.clock.policyId).toBe('quick-reply');
    // By now the replied and cancelled cases are past their 6 s as well.
    await afterScans();
    expect(await recordedOn('quick', replied)).toEqual({ breaches: 0, level: 0 });
    expect(await recordedOn('quick', cancelled)).toEqual({ breaches: 0, level: 0 });
    expect(eventsOf(SERVICE_REQUEST_SLA_BREACHED_V1, replied)).toHaveLength(0);
    expect(eventsOf(SERVICE_REQUEST_ESCALATED_V1, replied)).toHaveLength(0);
    expect(eventsOf(SERVICE_REQUEST_SLA_BREACHED_V1, cancelled)).toHaveLength(0);
    const stoppedByEvent = await clockOf(cancelled);
    expect(stoppedByEvent?.clock.breachedAt).toBeNull();
    expect(stoppedByEvent?.clock.history.at(-1)).toMatchObject({ kind: 'stopped', detail: 'case cancelled' });

    const clocks = await harness.request('GET', `/api/v1/sla/cases/${replied}/clocks`, { roles: ['dispatcher'], tenant: 'quick' });
    expect((await json(clocks)).items).toEqual([expect.objectContaining({ name: 'reply', status: 'stopped', metTarget: true, nextCheckAt: null })]);
    // Another tenant does not see the case's clock, nor can it reply for it.
    expect((await json(await harness.request('GET', `/api/v1/sla/cases/${replied}/clocks`, { roles: ['agent'], tenant: 'acme' }))).items).toEqual([]);
    expect((await harness.request('POST', `/api/v1/sla/cases/${replied}/reply`, { roles: ['agent'], tenant: 'acme' })).status).toBe(404);
  }, 60_000);

  it('a priority change retargets the running clock to the policy of the new priority', async () => {
    const p1 = {
      priority: 'P1',
      clocks: { reply: { targetMinutes: 0.1, calendarId: '24x7', pauseInStates: [], escalationChain: [{ afterMinutesOverdue: 0, level: 'dispatcher' }] } },
    };
    expect((await harness.request('PUT', '/api/v1/sla/policies/p1-reply', { roles: ['manager'], tenant: 'urgent-co', body: p1 })).status).toBe(200);

    const caseId = await registerCase(harness.app, 'urgent-co', new Date(), { severity: 'minor', urgency: 'low' });
    const started = await waitForClock(caseId, () => true, 'reply clock started');
    expect(started.clock).toMatchObject({ policyId: 'default', targetMinutes: 1440 });

    const repository = harness.app.get(ServiceRequestRepository);
    const serviceRequest = (await repository.findById('urgent-co', caseId))!;
    expect(serviceRequest.reclassify({ severity: 'critical', urgency: 'high' })).toBe(true);
    await repository.save(serviceRequest);

    const retargeted = await waitForClock(caseId, (d) => d.clock.policyId === 'p1-reply', 'clock retargeted to the P1 policy');
    expect(retargeted.clock.targetMinutes).toBe(0.1);
    expect(retargeted.clock.history.map((h) => h.kind)).toContain('retargeted');
    await expectExactlyOneBreachAndEscalation('urgent-co', caseId);
    const breached = assertValidEvent<{ priority: string }>(eventsOf(SERVICE_REQUEST_SLA_BREACHED_V1, caseId)[0]);
    expect(breached.data.priority).toBe('P1');
  }, 60_000);
});

describe('SLA admin API', () => {
  const reply8h = {
    agreement: 'gold',
    clocks: { reply: { targetMinutes: 480, calendarId: 'cn-standard', pauseInStates: [], escalationChain: [{ afterMinutesOverdue: 0, level: 'dispatcher' }] } },
  };

  it('lists the seeded defaults, puts and gets a tenant policy', async () => {
    const list = await harness.request('GET', '/api/v1/sla/policies', { roles: ['dispatcher'], tenant: 'admin-co' });
    expect(list.status).toBe(200);
    const ids = (await json(list)).items.map((p: { id: string; tenantId: string }) => `${p.tenantId}/${p.id}`);
    expect(ids).toEqual(expect.arrayContaining(['*/default', '*/default-premium-reply', '*/default-city-arrival']));

    const put = await harness.request('PUT', '/api/v1/sla/policies/gold-reply', { roles: ['manager'], tenant: 'admin-co', body: reply8h });
    expect(put.status).toBe(200);
    expect(await json(put)).toMatchObject({ id: 'gold-reply', tenantId: 'admin-co', agreement: 'gold' });

    const get = await harness.request('GET', '/api/v1/sla/policies/gold-reply', { roles: ['manager'], tenant: 'admin-co' });
    expect(get.status).toBe(200);
    expect(await json(get)).toMatchObject({ id: 'gold-reply', tenantId: 'admin-co', clocks: { reply: { targetMinutes: 480 } } });
    const after = (await json(await harness.request('GET', '/api/v1/sla/policies', { roles: ['manager'], tenant: 'admin-co' }))).items;
    expect(after[0]).toMatchObject({ id: 'gold-reply', tenantId: 'admin-co' });

    // Other tenants neither see it nor get it.
    expect((await harness.request('GET', '/api/v1/sla/policies/gold-reply', { roles: ['manager'], tenant: 'other-co' })).status).toBe(404);
    const defaults = await harness.request('GET', '/api/v1/sla/policies/default', { roles: ['manager'], tenant: 'other-co' });
    expect(await json(defaults)).toMatchObject({ id: 'default', tenantId: '*', clocks: { reply: { targetMinutes: 1440, calendarId: '24x7' } } });
  });

  it('refuses an invalid policy with 422 and the problems', async () => {
    const bad = { clocks: { reply: { targetMinutes: 0, calendarId: 'mars-time', pauseInStates: [], escalationChain: [] } } };
    const response = await harness.request('PUT', '/api/v1/sla/policies/bad', { roles: ['manager'], tenant: 'admin-co', body: bad });
    expect(response.status).toBe(422);
    const problem = await json(response);
    expect(problem.code).toBe('SLA_INVALID_POLICY');
    expect(problem.problems).toEqual(
      expect.arrayContaining([expect.stringContaining('targetMinutes must be > 0'), expect.stringContaining("unknown calendar 'mars-time'")]),
    );
    const garbage = await harness.request('PUT', '/api/v1/sla/policies/bad', { roles: ['manager'], tenant: 'admin-co', body: { clocks: 'soon' } });
    expect(garbage.status).toBe(422);
    expect((await json(garbage)).problems).toEqual(['clocks must be an object of clock definitions']);
    expect((await harness.request('GET', '/api/v1/sla/policies/bad', { roles: ['manager'], tenant: 'admin-co' })).status).toBe(404);
  });

  it('only managers write; managers and dispatchers read', async () => {
    expect((await harness.request('PUT', '/api/v1/sla/policies/x', { roles: ['dispatcher'], tenant: 'admin-co', body: reply8h })).status).toBe(403);
    expect((await harness.request('PUT', '/api/v1/sla/calendars/x', { roles: ['agent'], tenant: 'admin-co', body: {} })).status).toBe(403);
    expect((await harness.request('GET', '/api/v1/sla/policies', { roles: ['agent'], tenant: 'admin-co' })).status).toBe(403);
    expect((await harness.request('GET', '/api/v1/sla/calendars', { roles: ['technician'], tenant: 'admin-co' })).status).toBe(403);
    expect((await harness.request('GET', '/api/v1/sla/calendars', { roles: ['dispatcher'], tenant: 'admin-co' })).status).toBe(200);
  });

  it('puts and gets a tenant calendar, refuses an invalid one, and a policy may then use it', async () => {
    const calendar = {
      timeZone: 'Europe/Berlin',
      mode: 'business_hours',
      week: { mon: [{ start: '08:00', end: '16:00' }], tue: [{ start: '08:00', end: '16:00' }], wed: [], thu: [], fri: [], sat: [], sun: [] },
      holidays: ['2025-12-25'],
    };
    const put = await harness.request('PUT', '/api/v1/sla/calendars/berlin', { roles: ['manager'], tenant: 'admin-co', body: calendar });
    expect(put.status).toBe(200);
    const get = await harness.request('GET', '/api/v1/sla/calendars/berlin', { roles: ['dispatcher'], tenant: 'admin-co' });
    expect(await json(get)).toMatchObject({ id: 'berlin', timeZone: 'Europe/Berlin' });
    const list = (await json(await harness.request('GET', '/api/v1/sla/calendars', { roles: ['manager'], tenant: 'admin-co' }))).items;
    expect(list.map((c: { id: string; tenantId: string }) => `${c.tenantId}/${c.id}`)).toEqual(['admin-co/berlin', '*/24x7', '*/cn-standard']);

    const invalid = await harness.request('PUT', '/api/v1/sla/calendars/broken', {
      roles: ['manager'],
      tenant: 'admin-co',
      body: { ...calendar, timeZone: 'Mars/Olympus', week: { ...calendar.week, mon: [{ start: '16:00', end: '08:00' }] } },
    });
    expect(invalid.status).toBe(422);
    expect((await json(invalid)).problems).toEqual(
      expect.arrayContaining([expect.stringContaining("'Mars/Olympus'"), expect.stringContaining('week.mon[0] ends (08:00) before it starts (16:00)')]),
    );

    const berlinPolicy = { ...reply8h, agreement: 'berlin', clocks: { reply: { ...reply8h.clocks.reply, calendarId: 'berlin' } } };
    expect((await harness.request('PUT', '/api/v1/sla/policies/berlin-reply', { roles: ['manager'], tenant: 'admin-co', body: berlinPolicy })).status).toBe(200);
    // Another tenant does not have that calendar.
    expect((await harness.request('PUT', '/api/v1/sla/policies/berlin-reply', { roles: ['manager'], tenant: 'other-co', body: berlinPolicy })).status).toBe(422);
  });
});
