/**
 * Tenant settings against the real stack: dispatch resolves its clocks from the tenant's
 * policies as published on the settings topic (by intake's SLA admin API, here by a probe
 * sending what intake sends), and an order past its deadline climbs the tenant's escalation
 * chain — dispatcher, service manager, deputy GM — each step once, each with a notification
 * request naming the person.
 */
import { randomUUID } from 'node:crypto';
import {
  NOTIFICATION_REQUESTED_V1,
  TOPICS,
  WORK_ORDER_CREATED_V1,
  WORK_ORDER_ESCALATED_V1,
  type NotificationRequestedV1,
  type TenantSettingsChangedV1,
  type WorkOrderCreatedV1,
  type WorkOrderEscalatedV1,
} from '@aftercare/contracts';
import { assertValidEvent, eventually, type ReceivedMessage } from '@aftercare/testing';
import { DeadlineScanner } from '../src/deadlines/deadline-scanner';
import { routedCase, startDispatch, stopDispatch, type DispatchTestApp } from './support/dispatch-app';
import { NAMED_ESCALATION_CONTACTS, publishTenantSettings, tenantSettings } from './support/tenant-settings';

const EVENTS = TOPICS.dispatchWorkOrderEvents.name;
const NOTIFICATIONS = TOPICS.notificationRequests.name;
const MINUTE = 60_000;
let h: DispatchTestApp;

beforeAll(async () => {
  // The background scanner stays out of the way (one pass an hour): the test scans at chosen instants.
  h = await startDispatch('escalation-chain', { watch: [EVENTS, NOTIFICATIONS], env: { DEADLINE_SCAN_INTERVAL_MS: '3600000' } });
}, 120_000);

afterAll(async () => {
  await stopDispatch(h);
});

const chain = [
  { afterMinutesOverdue: 0, level: 'dispatcher' },
  { afterMinutesOverdue: 240, level: 'service_manager' },
  { afterMinutesOverdue: 1440, level: 'deputy_gm' },
];

const contacts = NAMED_ESCALATION_CONTACTS;
const publishSettings = (settings: TenantSettingsChangedV1) => publishTenantSettings(h, settings);
const settingsOf = tenantSettings;

const created = (caseId: string) => (m: ReceivedMessage) => m.topic === h.topic(EVENTS) && m.headers.ce_type === WORK_ORDER_CREATED_V1 && m.headers.ce_caseid === caseId;

describe("the tenant's policies", () => {
  it('a changed arrival policy (4 working hours in the city) sets the deadline of the next work order', async () => {
    const tenantId = `t-${randomUUID().slice(0, 8)}`;
    // Tuesday 2026-12-01 09:00 in Shanghai (cn-standard: 08:30–12:00, 13:00–17:30).
    const calledAt = '2026-12-01T01:00:00.000Z';
    const city = { address: '120 Renmin Ave, Huangpu, Shanghai', zone: 'city' as const };
    const before = routedCase({ tenantId, routedAt: calledAt, receivedAt: calledAt, site: city });
    await h.publishRouted(before);
    const [first] = await h.probe.waitFor(created(before.caseId));
    // The default: 6 working hours, 09:00 → 16:00.
    expect(assertValidEvent<WorkOrderCreatedV1>(first).data.arrivalDeadline).toBe('2026-12-01T08:00:00.000Z');

    await publishSettings(
      settingsOf(tenantId, 1, {
        policies: [
          {
            id: 'city-arrival-4h',
            tenantId,
            zone: 'city',
            clocks: { arrival: { targetMinutes: 240, calendarId: 'cn-standard', pauseInStates: ['awaiting_customer'], escalationChain: chain } },
          },
        ],
      }),
    );
    const after = routedCase({ tenantId, routedAt: calledAt, receivedAt: calledAt, site: city });
    await h.publishRouted(after);
    const [next] = await h.probe.waitFor(created(after.caseId));
    // 4 working hours: 09:00–12:00 and 13:00–14:00.
    expect(assertValidEvent<WorkOrderCreatedV1>(next).data.arrivalDeadline).toBe('2026-12-01T06:00:00.000Z');
  });
});

describe('the escalation chain', () => {
  it('a P3 case unassigned past its deadline reaches the dispatcher, then the service manager, then the deputy GM, each once, each person notified', async () => {
    const tenantId = `t-${randomUUID().slice(0, 8)}`;
    await publishSettings(
      settingsOf(tenantId, 1, {
        policies: [
          { id: 'p3-arrival', tenantId, priority: 'P3', clocks: { arrival: { targetMinutes: 60, calendarId: '24x7', pauseInStates: [], escalationChain: chain } } },
        ],
        escalationContacts: contacts,
      }),
    );
    const now = Date.now();
    const routedAt = new Date(now - 2 * 60 * MINUTE).toISOString();
    const deadline = now - 60 * MINUTE;
    // Nobody is on this tenant's roster: the order stays unassigned.
    const routed = routedCase({ tenantId, priority: 'P3', routedAt, receivedAt: routedAt });
    await h.publishRouted(routed);
    const [createdMessage] = await h.probe.waitFor(created(routed.caseId));
    expect(assertValidEvent<WorkOrderCreatedV1>(createdMessage).data.arrivalDeadline).toBe(new Date(deadline).toISOString());

    const scanner = h.app.get(DeadlineScanner);
    const escalated = (level: string) => (m: ReceivedMessage) =>
      m.topic === h.topic(EVENTS) &&
      m.headers.ce_type === WORK_ORDER_ESCALATED_V1 &&
      m.headers.ce_caseid === routed.caseId &&
      (JSON.parse(String(m.value)) as WorkOrderEscalatedV1).reason === 'arrival_deadline_breached' &&
      ((JSON.parse(String(m.value)) as WorkOrderEscalatedV1).level ?? 'dispatcher') === level;
    const notified = (m: ReceivedMessage) =>
      m.topic === h.topic(NOTIFICATIONS) &&
      m.headers.ce_caseid === routed.caseId &&
      (JSON.parse(String(m.value)) as NotificationRequestedV1).escalation?.reason === 'arrival_deadline_breached';

    const climb = async (at: number, level: string): Promise<void> => {
      await eventually(async () => {
        await scanner.scan(new Date(at));
        expect(h.probe.messages.filter(escalated(level))).toHaveLength(1);
      });
    };
    await climb(now, 'dispatcher');
    await climb(deadline + 240 * MINUTE + MINUTE, 'service_manager');
    await climb(deadline + 1440 * MINUTE + MINUTE, 'deputy_gm');
    // Later passes send nothing more: the chain is exhausted. The last one is also past the
    // completion deadline (2 working days on cn-standard: after a weekend or a public holiday when
    // the test runs late in the week, so read from the order, not assumed), by at most an hour of
    // working time: that clock reaches the dispatcher only.
    const completionDeadline = Date.parse(assertValidEvent<WorkOrderCreatedV1>(createdMessage).data.completionDeadline);
    await scanner.scan(new Date(Math.max(deadline + 3000 * MINUTE, completionDeadline + MINUTE)));

    const notifications = await h.probe.waitFor(notified, { count: 3 });
    const requests = notifications.map((m) => assertValidEvent<NotificationRequestedV1>(m));
    expect(requests.map((r) => [r.data.escalation?.level, r.data.escalation?.step, r.data.escalation?.personId, r.data.recipient.name])).toEqual([
      ['dispatcher', 1, 'disp-zhao', 'Zhao Lei'],
      ['service_manager', 2, 'mgr-wang', 'Wang Fang'],
      ['deputy_gm', 3, 'dgm-chen', 'Chen Jie'],
    ]);
    expect(requests.every((r) => r.type === NOTIFICATION_REQUESTED_V1 && r.data.purpose === 'status_update')).toBe(true);
    for (const level of ['dispatcher', 'service_manager', 'deputy_gm']) expect(h.probe.messages.filter(escalated(level))).toHaveLength(1);
    expect(h.probe.messages.filter(notified)).toHaveLength(3);

    // Listed per role of the chain, newest first, paged.
    const list = async (query: string) => {
      const response = await h.request('GET', `/escalations?${query}`, { tenant: tenantId, roles: ['manager'] });
      expect(response.status).toBe(200);
      return (await response.json()) as { items: Array<{ level: string; step: number; reason: string; caseId: string }>; nextCursor: string | null };
    };
    // Nobody accepted the order within 24 h of routing either: that clock climbed the same chain
    // (breached at the pass 25 h after routing, 27 h overdue at the last pass: both later levels).
    const atDeputy = await eventually(async () => {
      const page = await list('role=deputy_gm');
      expect(page.items).toHaveLength(2);
      return page;
    });
    expect(atDeputy.items.map((e) => [e.reason, e.step, e.level, e.caseId]).sort()).toEqual([
      ['arrival_deadline_breached', 3, 'deputy_gm', routed.caseId],
      ['technician_not_arranged', 3, 'deputy_gm', routed.caseId],
    ]);
    expect((await list('role=service_manager')).items.map((e) => [e.reason, e.step]).sort()).toEqual([
      ['arrival_deadline_breached', 2],
      ['technician_not_arranged', 2],
    ]);
    // The dispatcher had four: nobody to assign (at once), the arrival breach, and — a day later —
    // the completion deadline and no technician arranged within 24 h. One at a time, newest first.
    const walk = async () => {
      const items: Array<{ reason: string; escalatedAt: string }> = [];
      let cursor: string | null = null;
      do {
        const page = await list(`role=dispatcher&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        items.push(...(page.items as unknown as Array<{ reason: string; escalatedAt: string }>));
        cursor = page.nextCursor;
      } while (cursor);
      return items;
    };
    const atDispatcher = await eventually(async () => {
      const items = await walk();
      expect(items).toHaveLength(4);
      return items;
    });
    expect(atDispatcher.map((e) => e.reason).sort()).toEqual(['arrival_deadline_breached', 'completion_overdue', 'no_candidate', 'technician_not_arranged']);
    const times = atDispatcher.map((e) => Date.parse(e.escalatedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });
});
