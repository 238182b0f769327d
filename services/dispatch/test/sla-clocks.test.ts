/**
 * SLA clocks against the real stack (libs/sla default policies, docs/domain.md story 5): a case routed
 * in the past becomes an order whose arrival and completion clocks start at the routing; the
 * technician arrives on time, starts, and waits for parts for a week. The completion clock is
 * paused meanwhile, so the deadline scanner finds nothing although the original deadline is long
 * gone; after the parts arrive the clock resumes with the time it had left and breaches — once —
 * when that runs out. The steps are replayed with past instants (`at`), never by sleeping; the
 * scanner's own timer is slowed down and its passes are run at chosen instants.
 */
import {
  TOPICS,
  WORK_ORDER_COMPLETED_V1,
  WORK_ORDER_COMPLETION_OVERDUE_V1,
  WORK_ORDER_CREATED_V1,
  WORK_ORDER_ESCALATED_V1,
  WORK_ORDER_ARRIVAL_DEADLINE_BREACHED_V1,
  type WorkOrderCompletionOverdueV1,
} from '@aftercare/contracts';
import { assertValidEvent, until, type ReceivedMessage } from '@aftercare/testing';
import { DeadlineScanner } from '../src/deadlines/deadline-scanner';
import { WorkOrderCommands, type Actor } from '../src/work-order/application/work-order-commands';
import { WorkOrderRepository } from '../src/work-order/infrastructure/work-order.repository';
import { readOrder, routedCase, seedTechnicians, startDispatch, stopDispatch, TENANT, type DispatchTestApp } from './support/dispatch-app';

const EVENTS = TOPICS.dispatchWorkOrderEvents.name;
let h: DispatchTestApp;

beforeAll(async () => {
  // The scanner's timer would check at the real now; this test runs its passes itself.
  h = await startDispatch('sla-clocks', { watch: [EVENTS], env: { DEADLINE_SCAN_INTERVAL_MS: '3600000' } });
  await seedTechnicians(h, [{ id: 'tech-1', zones: ['city'] }]);
}, 120_000);

afterAll(async () => {
  await stopDispatch(h);
});

const ofType = (type: string, orderId: string) => (m: ReceivedMessage) => m.topic === h.topic(EVENTS) && m.headers.ce_type === type && m.key === orderId;
/** Shanghai local time in May 2025 (UTC+8); 12 May is a Monday. */
const sh = (day: number, hhmm: string) => new Date(`2025-05-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`);
const iso = (d: Date) => d.toISOString();

interface ClockView {
  pausedReason: string | null;
  deadline: string | null;
  breachedAt: string | null;
  stoppedAt: string | null;
  elapsedMinutes: number;
  pauseInStates: string[];
  history: Array<{ kind: string }>;
}
const clocksOf = (order: unknown) => (order as { clocks: { arrival: ClockView; completion: ClockView } }).clocks;

describe('the completion clock pauses while the order awaits parts', () => {
  it('does not breach during a week-long wait, then breaches once when the remaining time runs out', async () => {
    // City repair, routed Monday 10:00: arrival due 17:00 (6 working hours), completion Wednesday 10:00.
    const routed = routedCase({ routedAt: iso(sh(12, '10:00')), site: { address: '88 Riverside Road', zone: 'city' } });
    await h.publishRouted(routed);
    const [created] = await h.probe.waitFor(
      (m) => m.topic === h.topic(EVENTS) && m.headers.ce_type === WORK_ORDER_CREATED_V1 && m.headers.ce_caseid === routed.caseId,
    );
    const id = created.key as string;
    expect(assertValidEvent<{ arrivalDeadline: string; completionDeadline: string }>(created).data).toMatchObject({
      arrivalDeadline: iso(sh(12, '17:00')),
      completionDeadline: iso(sh(14, '10:00')),
    });
    expect((await readOrder(h, id)).technicianId).toBe('tech-1');

    const commands = h.app.get(WorkOrderCommands);
    const scanner = h.app.get(DeadlineScanner);
    const technician: Actor = { tenantId: TENANT, subject: 'tech-1', roles: ['technician'] };
    await commands.accept(technician, id, { at: sh(12, '10:05') });
    await commands.schedule(technician, id, { windowStart: sh(12, '10:30'), windowEnd: sh(12, '11:30'), at: sh(12, '10:10') });
    await commands.depart(technician, id, { at: sh(12, '10:20') });
    await commands.arrive(technician, id, { at: sh(12, '11:00') });
    await commands.start(technician, id, { at: sh(12, '11:05') });
    const waiting = await commands.awaitParts(technician, id, { parts: [{ partNo: 'SEAL-CP200-01', quantity: 1 }], at: sh(12, '11:30') });
    expect(waiting.status).toBe('awaiting_parts');

    // While paused: no deadline, nothing for the scanner — not even at the real now, a year and a half later.
    const paused = await readOrder(h, id);
    expect(paused.completionDeadline).toBeNull();
    expect(clocksOf(paused).completion).toMatchObject({ pausedReason: 'awaiting_parts', deadline: null, breachedAt: null, elapsedMinutes: 90 });
    expect(clocksOf(paused).arrival).toMatchObject({ stoppedAt: iso(sh(12, '11:00')), breachedAt: null });
    const stored = await h.app.get(WorkOrderRepository).documents.findOne({ _id: id } as never);
    expect(stored?.nextCheckAt).toBeNull();
    expect(await scanner.scan(sh(19, '09:00'))).toEqual({ checked: 0, changed: 0 });
    expect(await scanner.scan(new Date())).toEqual({ checked: 0, changed: 0 });

    // Parts delivered the next Monday 10:00: 960 − 90 = 870 working minutes left → Tuesday 17:30.
    await commands.resume(technician, id, { at: sh(19, '10:00') });
    const resumed = await readOrder(h, id);
    expect(resumed.completionDeadline).toBe(iso(sh(20, '17:30')));
    expect(clocksOf(resumed).completion).toMatchObject({ pausedReason: null, deadline: iso(sh(20, '17:30')), elapsedMinutes: 90 });
    expect(clocksOf(resumed).completion.history.map((e) => e.kind)).toEqual(['started', 'paused', 'resumed']);

    // Exactly on the deadline: in time. A quarter of an hour later: overdue, escalated — once.
    expect(await scanner.scan(sh(20, '17:30'))).toEqual({ checked: 0, changed: 0 });
    expect(await scanner.scan(sh(20, '17:45'))).toEqual({ checked: 1, changed: 1 });
    const [overdueMessage] = await h.probe.waitFor(ofType(WORK_ORDER_COMPLETION_OVERDUE_V1, id));
    expect(assertValidEvent<WorkOrderCompletionOverdueV1>(overdueMessage).data).toMatchObject({
      completionDeadline: iso(sh(20, '17:30')),
      completedAt: null,
      minutesLate: 15,
      status: 'in_progress',
      detectedAt: iso(sh(20, '17:45')),
    });
    await h.probe.waitFor(ofType(WORK_ORDER_ESCALATED_V1, id));
    // Half an hour later nothing new; still open weeks later, the chain's later levels (service
    // manager, deputy GM) once, then nothing more. Once the outbox is drained, nothing else was published.
    expect((await scanner.scan(sh(21, '09:00'))).changed).toBe(0);
    expect((await scanner.scan(new Date())).changed).toBe(1);
    expect((await scanner.scan(new Date())).changed).toBe(0);
    const orders = h.app.get(WorkOrderRepository);
    await until(async () => (await orders.backlog()) === 0, 20_000, 'the work order outbox was not drained');
    expect((await readOrder(h, id)).escalations.map((e) => [e.reason, e.level, e.step])).toEqual([
      ['completion_overdue', 'dispatcher', 1],
      ['completion_overdue', 'service_manager', 2],
      ['completion_overdue', 'deputy_gm', 3],
    ]);
    expect(h.probe.messages.filter(ofType(WORK_ORDER_COMPLETION_OVERDUE_V1, id))).toHaveLength(1);
    await h.probe.waitFor(ofType(WORK_ORDER_ESCALATED_V1, id), { count: 3 });
    expect(h.probe.messages.filter(ofType(WORK_ORDER_ESCALATED_V1, id))).toHaveLength(3);
    expect(h.probe.messages.filter(ofType(WORK_ORDER_ARRIVAL_DEADLINE_BREACHED_V1, id))).toHaveLength(0);

    // The completed order shows its clocks: held for QC with the breach on record.
    const completed = await commands.complete(technician, id, {
      at: sh(21, '10:00'),
      report: {
        faultCause: 'Shaft seal worn',
        faultCategory: 'seal',
        resolution: 'Replaced the seal',
        partsReplaced: [{ partNo: 'SEAL-CP200-01', quantity: 1 }],
        labourHours: 2,
        travelHours: 1,
        personTimes: 2,
        customerAcceptance: { name: 'Li Wei', signedAt: sh(21, '10:00'), signatureRef: 'sig://acme/li-wei.png' },
      },
    });
    expect(completed.status).toBe('completed');
    await h.probe.waitFor(ofType(WORK_ORDER_COMPLETED_V1, id));
    const view = await readOrder(h, id);
    expect(clocksOf(view).completion).toMatchObject({
      pausedReason: 'completed_pending_qc',
      breachedAt: iso(sh(20, '17:30')),
      pauseInStates: ['awaiting_parts', 'awaiting_customer'],
    });
    expect(view.completionOverdueAt).toBe(iso(sh(20, '17:45')));
    expect(h.probe.messages.filter(ofType(WORK_ORDER_COMPLETION_OVERDUE_V1, id))).toHaveLength(1);
  });
});
