/**
 * Intake's reply clock climbs the tenant's escalation chain — dispatcher, service manager, deputy
 * GM — each step once, at the exact instant the policy says, and each step requests a
 * notification for the person the tenant names at that level (read from the real topic).
 */
import {
  NOTIFICATION_REQUESTED_V1,
  SERVICE_REQUEST_ESCALATED_V1,
  TOPICS,
  type NotificationRequestedV1,
  type ServiceRequestEscalatedV1,
} from '@aftercare/contracts';
import { assertValidEvent, eventually, type ReceivedMessage } from '@aftercare/testing';
import { SlaScheduler } from '../src/sla/application/sla-scheduler';
import { SlaClockStore } from '../src/sla/infrastructure/sla-clock.store';
import { startIntake, stopIntake, type IntakeTestApp } from './support/intake-app';
import { registerRepairReceivedAt } from './support/registered-case';

const EVENTS = TOPICS.intakeServiceRequestEvents.name;
const NOTIFICATIONS = TOPICS.notificationRequests.name;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const TENANT = 'escalating-co';
let h: IntakeTestApp;

const levels = [
  { level: 'dispatcher', role: 'dispatcher', people: [{ id: 'disp-zhao', name: 'Zhao Lei', phone: '+86 21 5555 0201' }] },
  { level: 'service_manager', role: 'manager', people: [{ id: 'mgr-wang', name: 'Wang Fang', email: 'wang.fang@example.com' }] },
  { level: 'deputy_gm', role: 'manager', people: [{ id: 'dgm-chen', name: 'Chen Jie', phone: '+86 21 5555 0001' }] },
];

beforeAll(async () => {
  // The background scan stays out of the way (one pass an hour): the test scans at chosen instants.
  h = await startIntake('reply-escalation', { watch: [EVENTS, NOTIFICATIONS], env: { SLA_SCAN_INTERVAL_MS: '3600000' }, tenants: [TENANT] });
  // The tenant names one person per level of the chain.
  const put = await h.request('PUT', '/api/v1/sla/escalation-contacts', { roles: ['manager'], tenant: TENANT, body: { levels } });
  expect(put.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await stopIntake(h);
});


const registerCase = (receivedAt: Date, classification?: { severity: 'critical' | 'major'; urgency: 'high' | 'normal' }) =>
  registerRepairReceivedAt(h, TENANT, receivedAt, classification);

describe("the reply clock's escalation reaches people", () => {
  it('a case not replied to within 24 h reaches the dispatcher at the deadline, the service manager 4 h and the deputy GM 24 h after it, each notified once by name', async () => {
    // Received three days ago on the hour: the default reply clock (24 h, calendar time) runs out
    // just after receivedAt + 24 h (on the deadline is in time); the default chain adds the
    // service manager 240 and the deputy GM 1440 minutes overdue.
    const receivedAt = new Date(Math.floor((Date.now() - 3 * 24 * HOUR) / HOUR) * HOUR);
    const deadline = receivedAt.getTime() + 24 * HOUR;
    const caseId = await registerCase(receivedAt);
    await eventually(async () => expect(await h.app.get(SlaClockStore).documents.findOne({ _id: `${caseId}:reply` })).not.toBeNull());

    const escalatedTo = (m: ReceivedMessage) => m.topic === h.topic(EVENTS) && m.key === caseId && m.headers.ce_type === SERVICE_REQUEST_ESCALATED_V1;
    // The customer's acknowledgement goes to the same topic: escalation requests carry `escalation`.
    const notified = (m: ReceivedMessage) =>
      m.topic === h.topic(NOTIFICATIONS) && m.headers.ce_caseid === caseId && (JSON.parse(String(m.value)) as NotificationRequestedV1).escalation !== undefined;
    const levelsReached = () => h.probe.messages.filter(escalatedTo).map((m) => (JSON.parse(String(m.value)) as ServiceRequestEscalatedV1).level);
    const scheduler = h.app.get(SlaScheduler);
    /** Scans at `at`, lets the case's outbox publish, and expects the levels reached so far. */
    const scanAt = async (at: number, reached: number[]): Promise<void> => {
      await scheduler.scanOnce(new Date(at));
      await eventually(async () => expect(levelsReached()).toEqual(reached));
    };

    await scanAt(deadline, []); // exactly on the deadline is in time
    await scanAt(deadline + 1, [1]);
    await scanAt(deadline + 240 * MINUTE - 1, [1]);
    await scanAt(deadline + 240 * MINUTE + 1, [1, 2]);
    await scanAt(deadline + 1440 * MINUTE - 1, [1, 2]);
    await scanAt(deadline + 1440 * MINUTE + 1, [1, 2, 3]);
    // The chain is exhausted: later passes send nothing more.
    await scanAt(deadline + 1440 * MINUTE + HOUR, [1, 2, 3]);

    const requests = (await h.probe.waitFor(notified, { count: 3 })).map((m) => assertValidEvent<NotificationRequestedV1>(m));
    expect(requests.map((r) => [r.data.escalation?.level, r.data.escalation?.step, r.data.escalation?.role, r.data.escalation?.personId, r.data.recipient.name, r.data.requestedAt])).toEqual([
      ['dispatcher', 1, 'dispatcher', 'disp-zhao', 'Zhao Lei', new Date(deadline + 1).toISOString()],
      ['service_manager', 2, 'manager', 'mgr-wang', 'Wang Fang', new Date(deadline + 240 * MINUTE + 1).toISOString()],
      ['deputy_gm', 3, 'manager', 'dgm-chen', 'Chen Jie', new Date(deadline + 1440 * MINUTE + 1).toISOString()],
    ]);
    expect(requests.every((r) => r.type === NOTIFICATION_REQUESTED_V1 && r.data.caseId === caseId && r.data.escalation?.reason === 'reply_deadline_breached')).toBe(true);
    expect(requests.every((r) => r.data.escalation?.workOrderId === null && r.data.template === 'case-escalated')).toBe(true);
    expect(h.probe.messages.filter(notified)).toHaveLength(3);
  }, 120_000);

  it('a P1 "production stopped" case is due for reply 2 h after receipt (design default), and escalates to the dispatcher just after', async () => {
    // Scans here go later than the test before's (the due index serves passes forward in time, as a running service makes them).
    const receivedAt = new Date(Math.floor((Date.now() - 3 * HOUR) / HOUR) * HOUR);
    const caseId = await registerCase(receivedAt, { severity: 'critical', urgency: 'high' });
    const clocks = h.app.get(SlaClockStore);
    const clock = await eventually(async () => {
      const stored = await clocks.documents.findOne({ _id: `${caseId}:reply` });
      expect(stored).not.toBeNull();
      return stored!;
    });
    expect(clock.clock).toMatchObject({ policyId: 'default-p1', targetMinutes: 120, deadline: new Date(receivedAt.getTime() + 2 * HOUR) });

    const deadline = receivedAt.getTime() + 2 * HOUR;
    await h.app.get(SlaScheduler).scanOnce(new Date(deadline + 1));
    const notified = (m: ReceivedMessage) =>
      m.topic === h.topic(NOTIFICATIONS) && m.headers.ce_caseid === caseId && (JSON.parse(String(m.value)) as NotificationRequestedV1).escalation !== undefined;
    const [request] = await h.probe.waitFor(notified);
    expect(assertValidEvent<NotificationRequestedV1>(request).data).toMatchObject({
      recipient: { name: 'Zhao Lei' },
      requestedAt: new Date(deadline + 1).toISOString(),
      escalation: { level: 'dispatcher', step: 1, personId: 'disp-zhao' },
    });
  }, 120_000);
});
