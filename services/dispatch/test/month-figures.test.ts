/**
 * dispatch's month figures v2 on the real stack (ADR 0043): technician arranged within 24 h of
 * the orders routed in the month reaches the published figures. Cases are routed at past instants
 * and accepted with `at`; the publication runs at chosen instants, never by waiting. An order
 * routed on the month's last evening is still within its deadline at the close: counted once it
 * is decided, by the next publication.
 */
import { DISPATCH_MONTH_FIGURES_PUBLISHED_V2, TOPICS, WORK_ORDER_CREATED_V1, type DispatchMonthFiguresPublishedV2 } from '@aftercare/contracts';
import { MonthFiguresPublisher } from '@aftercare/month-figures';
import { closesAt } from '@aftercare/monthly-report/calendar';
import { TenantRegistry } from '@aftercare/tenancy';
import { assertValidEvent, type ReceivedMessage } from '@aftercare/testing';
import { WorkOrderCommands } from '../src/work-order/application/work-order-commands';
import { readOrder, routedCase, seedTechnicians, startDispatch, stopDispatch, TENANT, type DispatchTestApp } from './support/dispatch-app';

const EVENTS = TOPICS.dispatchWorkOrderEvents.name;
const FIGURES = TOPICS.monthFigures.name;
const MONTH = '2025-05';
let h: DispatchTestApp;

beforeAll(async () => {
  // The scanners' timers would look at the real now; the test publishes at chosen instants.
  h = await startDispatch('month-figures', { watch: [EVENTS, FIGURES], env: { DEADLINE_SCAN_INTERVAL_MS: '3600000', MONTH_FIGURES_SCAN_INTERVAL_MS: '0' } });
  await seedTechnicians(h, [{ id: 'tech-1', zones: ['city'] }]);
}, 120_000);

afterAll(async () => {
  await stopDispatch(h);
});

/** Shanghai local time (UTC+8). */
const sh = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);

async function route(at: Date): Promise<string> {
  const routed = routedCase({ routedAt: at.toISOString(), site: { address: '88 Riverside Road', zone: 'city' } });
  await h.publishRouted(routed);
  const [created] = await h.probe.waitFor((m) => m.topic === h.topic(EVENTS) && m.headers.ce_type === WORK_ORDER_CREATED_V1 && m.headers.ce_caseid === routed.caseId);
  return created.key as string;
}

async function accept(id: string, at: Date): Promise<void> {
  const { technicianId } = await readOrder(h, id);
  expect(technicianId).toBe('tech-1');
  await h.app.get(WorkOrderCommands).accept({ tenantId: TENANT, subject: 'tech-1', roles: ['technician'] }, id, { at });
}

const figuresOfMay = (m: ReceivedMessage) => m.topic === h.topic(FIGURES) && m.key === `${TENANT}:${MONTH}` && m.headers.ce_type === DISPATCH_MONTH_FIGURES_PUBLISHED_V2;

describe("dispatch's month figures v2: technician arranged within 24 h (source 004 §3)", () => {
  it('publishes accepted-by-the-deadline over decided orders routed in the month, and again once a pending one is decided', async () => {
    expect(await h.app.get(TenantRegistry).timeZoneOf(TENANT)).toBe('Asia/Shanghai');
    // Accepted five minutes after routing: on time.
    await accept(await route(sh('2025-05-12', '10:00')), sh('2025-05-12', '10:05'));
    // Accepted 30 h after routing: late.
    await accept(await route(sh('2025-05-20', '10:00')), sh('2025-05-21', '16:00'));
    // Routed on the month's last evening, nobody accepts it: due 1 June 22:00.
    await route(sh('2025-05-31', '22:00'));
    // Routed in June: not May's.
    await route(sh('2025-06-01', '09:00'));

    const publisher = h.app.get(MonthFiguresPublisher);
    const atTheClose = new Date(closesAt(MONTH, 'Asia/Shanghai').getTime() + 3_600_000);
    expect(await publisher.publish(TENANT, MONTH, atTheClose)).toBe('published');
    const [first] = await h.probe.waitFor(figuresOfMay);
    const published = assertValidEvent<DispatchMonthFiguresPublishedV2>(first).data;
    expect(published).toMatchObject({ tenantId: TENANT, month: MONTH, publishedAt: atTheClose.toISOString() });
    // The last evening's order is still within its deadline: not counted yet.
    expect(published.figures.technicianArranged).toEqual({ onTime: 1, due: 2 });

    // After its deadline it is decided (late): the month is published again, a revision of the report.
    const afterItsDeadline = sh('2025-06-02', '00:00');
    expect(await publisher.publish(TENANT, MONTH, afterItsDeadline)).toBe('republished');
    const events = (await h.probe.waitFor(figuresOfMay, { count: 2 })).map((m) => assertValidEvent<DispatchMonthFiguresPublishedV2>(m).data);
    expect(events[1]).toMatchObject({ publishedAt: afterItsDeadline.toISOString(), figures: { technicianArranged: { onTime: 1, due: 3 } } });
    expect(await publisher.publish(TENANT, MONTH, sh('2025-06-03', '00:00'))).toBe('unchanged');
  });
});
