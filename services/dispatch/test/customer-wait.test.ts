/**
 * A customer who asks for a later appointment pauses the arrival clock until the agreed window
 * (issue 10, item 3), against the real stack. City repair called Monday 12 May 2025 10:00 on the
 * cn-standard calendar (08:30–12:00, 13:00–17:30, Shanghai): due on site Monday 17:00. At 11:00
 * (60 working minutes used) the customer asks for Tuesday 14:00–16:00: the order waits, the arrival
 * deadline moves to Wednesday 10:00 (300 minutes from the window's start), the scanner ends the
 * wait at the window's start however late it runs, and the breach comes at the moved deadline.
 * Past steps are replayed with chosen instants (`at`, scanner passes), never by sleeping.
 */
import {
  TOPICS,
  WORK_ORDER_ARRIVAL_DEADLINE_BREACHED_V1,
  WORK_ORDER_AWAITING_CUSTOMER_V1,
  WORK_ORDER_CREATED_V1,
  type WorkOrderArrivalDeadlineBreachedV1,
  type WorkOrderAwaitingCustomerV1,
} from '@aftercare/contracts';
import { assertValidEvent, type ReceivedMessage } from '@aftercare/testing';
import { DeadlineScanner } from '../src/deadlines/deadline-scanner';
import { WorkOrderCommands, type Actor } from '../src/work-order/application/work-order-commands';
import { WorkOrderRepository } from '../src/work-order/infrastructure/work-order.repository';
import { json, readOrder, routedCase, seedTechnicians, startDispatch, stopDispatch, TENANT, type DispatchTestApp, type OrderAnswer } from './support/dispatch-app';

const EVENTS = TOPICS.dispatchWorkOrderEvents.name;
let h: DispatchTestApp;

beforeAll(async () => {
  // The scanner's timer would check at the real now; this test runs its passes itself.
  h = await startDispatch('customer-wait', { watch: [EVENTS], env: { DEADLINE_SCAN_INTERVAL_MS: '3600000' } });
  await seedTechnicians(h, [{ id: 'tech-1', zones: ['city'] }]);
}, 120_000);

afterAll(async () => {
  await stopDispatch(h);
});

const ofType = (type: string, orderId: string) => (m: ReceivedMessage) => m.topic === h.topic(EVENTS) && m.headers.ce_type === type && m.key === orderId;
/** Shanghai local time in May 2025 (UTC+8); 12 May is a Monday. */
const sh = (day: number, hhmm: string) => new Date(`2025-05-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`);
const iso = (d: Date) => d.toISOString();
const technician: Actor = { tenantId: TENANT, subject: 'tech-1', roles: ['technician'] };

async function orderFor(routedAt: string): Promise<string> {
  const routed = routedCase({ routedAt, site: { address: '88 Riverside Road', zone: 'city' } });
  await h.publishRouted(routed);
  const [created] = await h.probe.waitFor((m) => m.topic === h.topic(EVENTS) && m.headers.ce_type === WORK_ORDER_CREATED_V1 && m.headers.ce_caseid === routed.caseId);
  return created.key as string;
}

describe('the customer asks for a later appointment', () => {
  it('moves the arrival deadline to 300 working minutes after the window starts, and the breach with it', async () => {
    const id = await orderFor(iso(sh(12, '10:00')));
    expect((await readOrder(h, id)).arrivalDeadline).toBe(iso(sh(12, '17:00')));
    const commands = h.app.get(WorkOrderCommands);
    const scanner = h.app.get(DeadlineScanner);
    await commands.accept(technician, id, { at: sh(12, '10:05') });
    await commands.awaitCustomer(technician, id, { windowStart: sh(13, '14:00'), windowEnd: sh(13, '16:00'), agreedWith: 'Li Wei', at: sh(12, '11:00') });

    const [waitMessage] = await h.probe.waitFor(ofType(WORK_ORDER_AWAITING_CUSTOMER_V1, id));
    expect(assertValidEvent<WorkOrderAwaitingCustomerV1>(waitMessage).data).toMatchObject({
      technicianId: 'tech-1',
      windowStart: iso(sh(13, '14:00')),
      windowEnd: iso(sh(13, '16:00')),
      agreedWith: 'Li Wei',
      arrivalDeadline: iso(sh(14, '10:00')),
      requestedAt: iso(sh(12, '11:00')),
    });
    const waiting = await readOrder(h, id);
    expect(waiting).toMatchObject({ status: 'awaiting_customer', arrivalDeadline: iso(sh(14, '10:00')), completionDeadline: null });
    expect(waiting.clocks.arrival).toMatchObject({ pausedReason: 'awaiting_customer', elapsedMinutes: 60, deadline: null });
    const stored = await h.app.get(WorkOrderRepository).documents.findOne({ _id: id } as never);
    expect(stored?.nextCheckAt).toEqual(sh(13, '14:00'));

    // Monday 18:00 (past the first deadline) and Tuesday 13:59: nothing is due.
    expect(await scanner.scan(sh(12, '18:00'))).toEqual({ checked: 0, changed: 0 });
    expect(await scanner.scan(sh(13, '13:59'))).toEqual({ checked: 0, changed: 0 });
    // The pass at 15:30 ends the wait at 14:00: scheduled again, the clock running from the window's start.
    expect(await scanner.scan(sh(13, '15:30'))).toEqual({ checked: 1, changed: 1 });
    const scheduled = await readOrder(h, id);
    expect(scheduled).toMatchObject({ status: 'scheduled', arrivalDeadline: iso(sh(14, '10:00')) });
    expect(scheduled.clocks.arrival).toMatchObject({ pausedReason: null, elapsedMinutes: 60, deadline: iso(sh(14, '10:00')) });
    expect(scheduled.clocks.arrival.history.at(-1)).toMatchObject({ kind: 'resumed', at: iso(sh(13, '14:00')) });

    // Exactly on the moved deadline: in time. A minute later: breached at Wednesday 10:00.
    expect(await scanner.scan(sh(14, '10:00'))).toEqual({ checked: 0, changed: 0 });
    expect(await scanner.scan(sh(14, '10:01'))).toEqual({ checked: 1, changed: 1 });
    const [breach] = await h.probe.waitFor(ofType(WORK_ORDER_ARRIVAL_DEADLINE_BREACHED_V1, id));
    expect(assertValidEvent<WorkOrderArrivalDeadlineBreachedV1>(breach).data).toMatchObject({
      arrivalDeadline: iso(sh(14, '10:00')),
      arrivedAt: null,
      minutesLate: 1,
      status: 'scheduled',
    });
  });

  it('over HTTP: the technician records the request (200, the order waiting, its new ETag); a window not later is 400, an order not accepted 409', async () => {
    const id = await orderFor(new Date().toISOString());
    const commands = h.app.get(WorkOrderCommands);
    const notAccepted = await h.request('POST', `/work-orders/${id}/customer-wait`, {
      roles: ['technician'],
      subject: 'tech-1',
      body: { windowStart: new Date(Date.now() + 86_400_000).toISOString(), windowEnd: new Date(Date.now() + 90_000_000).toISOString() },
    });
    expect(notAccepted.status).toBe(409);
    expect((await json<OrderAnswer>(notAccepted)).code).toBe('WORK_ORDER_ILLEGAL_TRANSITION');

    await commands.accept(technician, id, {});
    const past = await h.request('POST', `/work-orders/${id}/customer-wait`, {
      roles: ['technician'],
      subject: 'tech-1',
      body: { windowStart: new Date(Date.now() - 3_600_000).toISOString(), windowEnd: new Date(Date.now() + 3_600_000).toISOString() },
    });
    expect(past.status).toBe(400);
    expect((await json<OrderAnswer>(past)).errors?.map((e) => e.field)).toEqual(['windowStart']);

    const windowStart = new Date(Date.now() + 2 * 86_400_000);
    const windowEnd = new Date(windowStart.getTime() + 7_200_000);
    const response = await h.request('POST', `/work-orders/${id}/customer-wait`, {
      roles: ['technician'],
      subject: 'tech-1',
      body: { windowStart: windowStart.toISOString(), windowEnd: windowEnd.toISOString(), agreedWith: 'Li Wei' },
    });
    expect(response.status).toBe(200);
    const body = await json<OrderAnswer>(response);
    expect(response.headers.get('etag')).toBe(`"${body.version}"`);
    expect(body).toMatchObject({ status: 'awaiting_customer', appointment: { windowStart: windowStart.toISOString(), windowEnd: windowEnd.toISOString(), agreedWith: 'Li Wei' } });
    const [message] = await h.probe.waitFor(ofType(WORK_ORDER_AWAITING_CUSTOMER_V1, id));
    expect(assertValidEvent<WorkOrderAwaitingCustomerV1>(message).data).toMatchObject({ windowStart: windowStart.toISOString(), arrivalDeadline: body.arrivalDeadline });
  });
});
