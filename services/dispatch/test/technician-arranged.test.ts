/**
 * Technician arranged within 24 h (source 004 §3) against the real stack: the clock runs from
 * the case's routing until a technician accepts the order; nobody accepting breaches it once and
 * climbs the tenant's escalation chain, each step an escalated.v2 event (v1 cannot name the
 * reason) and a notification request naming the person. Its own app: the scans go forward in
 * time from the order's routing, as they do in a running service.
 */
import { randomUUID } from 'node:crypto';
import {
  NOTIFICATION_REQUESTED_V1,
  TOPICS,
  WORK_ORDER_CREATED_V1,
  WORK_ORDER_ESCALATED_V1,
  WORK_ORDER_ESCALATED_V2,
  WORK_ORDER_TECHNICIAN_ARRANGEMENT_OVERDUE_V1,
  type NotificationRequestedV1,
  type WorkOrderCreatedV1,
  type WorkOrderEscalatedV1,
  type WorkOrderEscalatedV2,
  type WorkOrderTechnicianArrangementOverdueV1,
} from '@aftercare/contracts';
import { assertValidEvent, eventually, type ReceivedMessage } from '@aftercare/testing';
import { DeadlineScanner } from '../src/deadlines/deadline-scanner';
import { WorkOrderRepository } from '../src/work-order/infrastructure/work-order.repository';
import { routedCase, startDispatch, stopDispatch, type DispatchTestApp } from './support/dispatch-app';
import { NAMED_ESCALATION_CONTACTS, publishTenantSettings, tenantSettings } from './support/tenant-settings';

const EVENTS = TOPICS.dispatchWorkOrderEvents.name;
const NOTIFICATIONS = TOPICS.notificationRequests.name;
const MINUTE = 60_000;
let h: DispatchTestApp;

beforeAll(async () => {
  // The background scanner stays out of the way (one pass an hour): the test scans at chosen instants.
  h = await startDispatch('technician-arranged', { watch: [EVENTS, NOTIFICATIONS], env: { DEADLINE_SCAN_INTERVAL_MS: '3600000' } });
}, 120_000);

afterAll(async () => {
  await stopDispatch(h);
});

const created = (caseId: string) => (m: ReceivedMessage) => m.topic === h.topic(EVENTS) && m.headers.ce_type === WORK_ORDER_CREATED_V1 && m.headers.ce_caseid === caseId;

describe('technician arranged within 24 h of routing (source 004 §3)', () => {
  it('an order nobody accepts breaches 24 h after routing, once, and climbs dispatcher → service manager → deputy GM, each person notified once', async () => {
    const tenantId = `t-${randomUUID().slice(0, 8)}`;
    // No policy of the tenant's own: the default technician_arranged clock, 24 h of calendar time.
    await publishTenantSettings(h, tenantSettings(tenantId, 1, { escalationContacts: NAMED_ESCALATION_CONTACTS }));
    const now = Date.now();
    const routedAt = now - 24 * 60 * MINUTE - 30 * MINUTE;
    // Routing + 24 h exactly, on the 24x7 calendar.
    const due = routedAt + 24 * 60 * MINUTE;
    const routed = routedCase({ tenantId, priority: 'P3', routedAt: new Date(routedAt).toISOString(), receivedAt: new Date(routedAt).toISOString() });
    await h.publishRouted(routed);
    const [createdMessage] = await h.probe.waitFor(created(routed.caseId));
    const workOrderId = assertValidEvent<WorkOrderCreatedV1>(createdMessage).data.workOrderId;
    const view = await h.request('GET', `/work-orders/${encodeURIComponent(workOrderId)}`, { tenant: tenantId, roles: ['manager'] });
    expect(view.status).toBe(200);
    const { clocks } = (await view.json()) as { clocks: { technicianArranged: { name: string; startedAt: string; deadline: string; policyId: string } } };
    expect(clocks.technicianArranged).toMatchObject({
      name: 'technician_arranged',
      policyId: 'default',
      startedAt: new Date(routedAt).toISOString(),
      deadline: new Date(due).toISOString(),
    });

    const scanner = h.app.get(DeadlineScanner);
    const mine = (type: string) => (m: ReceivedMessage) => m.topic === h.topic(EVENTS) && m.headers.ce_type === type && m.headers.ce_caseid === routed.caseId;
    const escalatedTo = (level: string) => (m: ReceivedMessage) =>
      mine(WORK_ORDER_ESCALATED_V2)(m) && (JSON.parse(String(m.value)) as WorkOrderEscalatedV2).level === level;
    const climb = async (at: number, level: string): Promise<void> => {
      await eventually(async () => {
        await scanner.scan(new Date(at));
        expect(h.probe.messages.filter(escalatedTo(level))).toHaveLength(1);
      });
    };
    // Half an hour past the deadline: the breach (30 minutes late) and the dispatcher.
    await climb(now, 'dispatcher');
    const [breach] = await h.probe.waitFor(mine(WORK_ORDER_TECHNICIAN_ARRANGEMENT_OVERDUE_V1));
    expect(assertValidEvent<WorkOrderTechnicianArrangementOverdueV1>(breach).data).toMatchObject({
      workOrderId,
      technicianArrangedDeadline: new Date(due).toISOString(),
      acceptedAt: null,
      minutesLate: 30,
      status: 'created',
      detectedAt: new Date(now).toISOString(),
    });
    // The default chain on a 24x7 clock: the service manager 4 h after the deadline, the deputy GM 24 h after it.
    await climb(due + 4 * 60 * MINUTE + MINUTE, 'service_manager');
    await climb(due + 24 * 60 * MINUTE + MINUTE, 'deputy_gm');
    await scanner.scan(new Date(due + 50 * 60 * MINUTE));

    const steps = h.probe.messages.filter(mine(WORK_ORDER_ESCALATED_V2)).map((m) => assertValidEvent<WorkOrderEscalatedV2>(m).data);
    expect(steps.map((e) => [e.reason, e.level, e.step])).toEqual([
      ['technician_not_arranged', 'dispatcher', 1],
      ['technician_not_arranged', 'service_manager', 2],
      ['technician_not_arranged', 'deputy_gm', 3],
    ]);
    expect(h.probe.messages.filter(mine(WORK_ORDER_TECHNICIAN_ARRANGEMENT_OVERDUE_V1))).toHaveLength(1);
    // v1 never carries the reason it cannot name.
    expect(h.probe.messages.filter(mine(WORK_ORDER_ESCALATED_V1)).map((m) => (JSON.parse(String(m.value)) as WorkOrderEscalatedV1).reason)).not.toContain(
      'technician_not_arranged',
    );

    const notArranged = (m: ReceivedMessage) =>
      m.topic === h.topic(NOTIFICATIONS) &&
      m.headers.ce_type === NOTIFICATION_REQUESTED_V1 &&
      m.headers.ce_caseid === routed.caseId &&
      (JSON.parse(String(m.value)) as NotificationRequestedV1).escalation?.reason === 'technician_not_arranged';
    const notifications = (await h.probe.waitFor(notArranged, { count: 3 })).map((m) => assertValidEvent<NotificationRequestedV1>(m).data);
    expect(notifications.map((n) => [n.escalation?.level, n.escalation?.step, n.escalation?.personId, n.recipient.name])).toEqual([
      ['dispatcher', 1, 'disp-zhao', 'Zhao Lei'],
      ['service_manager', 2, 'mgr-wang', 'Wang Fang'],
      ['deputy_gm', 3, 'dgm-chen', 'Chen Jie'],
    ]);
    expect(h.probe.messages.filter(notArranged)).toHaveLength(3);

    // Listed for the service manager's role, read from the v2 event.
    const atManager = await eventually(async () => {
      const response = await h.request('GET', '/escalations?role=service_manager', { tenant: tenantId, roles: ['manager'] });
      const page = (await response.json()) as { items: Array<{ reason: string; step: number; workOrderId: string }> };
      expect(page.items.filter((e) => e.reason === 'technician_not_arranged')).toHaveLength(1);
      return page.items;
    });
    expect(atManager.find((e) => e.reason === 'technician_not_arranged')).toMatchObject({ step: 2, workOrderId });

    // The month figure counts it: one routed order, none arranged in time (an empty period counts nothing).
    const orders = h.app.get(WorkOrderRepository);
    expect(await orders.technicianArrangedFigure(tenantId, new Date(routedAt - MINUTE), new Date(routedAt + MINUTE))).toEqual({ onTime: 0, total: 1, pending: 0 });
    expect(await orders.technicianArrangedFigure(tenantId, new Date(routedAt + MINUTE), new Date(routedAt + 2 * MINUTE))).toEqual({ onTime: 0, total: 0, pending: 0 });
  });
});
