import { WORK_ORDER_EVENT_TYPES } from '@aftercare/contracts';
import { thrownDomainError } from '@aftercare/ddd';
import { clockStatus, DEFAULT_POLICIES, resolveClock } from '@aftercare/sla';
import { ALICE, at, BOB, eventsNamed, hours, lastEvent, minutes, newOrder, reach, T0 } from './__fixtures__/work-order.fixtures';
import { WorkOrder } from './work-order';

/**
 * A customer who asks for a later appointment pauses the arrival clock until the agreed window
 * (issue 10, item 3; the `awaiting_customer` state the default policies pause in). City repair on
 * cn-standard (08:30–12:00, 13:00–17:30, Shanghai), called Monday 12 May 2025 10:00: arrival due
 * 6 working hours later, Monday 17:00.
 */
const criteria = { tenantId: 'tenant-a', caseType: 'repair', zone: 'city' as const };
const policyClocks = { arrival: resolveClock(DEFAULT_POLICIES, criteria, 'arrival')!, completion: resolveClock(DEFAULT_POLICIES, criteria, 'completion')! };
/** Shanghai local time of 2025-05 (UTC+8); 12 May is a Monday. */
const sh = (day: number, hhmm: string) => new Date(`2025-05-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`);

/** Accepted at 10:05; at 11:00 (60 working minutes used) the customer asks for Tuesday 14:00–16:00. */
function waiting(): WorkOrder {
  const o = newOrder({ clocks: { ...policyClocks, startedAt: T0 }, arrivalDeadline: undefined, completionDeadline: undefined });
  o.autoAssign([ALICE, BOB], { now: at(minutes(2)) });
  o.accept({ technicianId: 'tech-alice', at: at(minutes(5)) });
  o.awaitCustomer({ windowStart: sh(13, '14:00'), windowEnd: sh(13, '16:00'), agreedWith: ' Li Wei ', at: sh(12, '11:00') });
  return o;
}

describe('the customer asks for a later appointment', () => {
  it('pauses the arrival and completion clocks; the arrival deadline moves to 300 working minutes after the window starts', () => {
    const o = waiting();
    expect(o.status).toBe('awaiting_customer');
    expect(o.appointment).toMatchObject({ windowStart: sh(13, '14:00'), windowEnd: sh(13, '16:00'), agreedWith: 'Li Wei', agreedAt: sh(12, '11:00') });
    expect(o.clocks.arrival).toMatchObject({ pausedReason: 'awaiting_customer', elapsedMinutes: 60 });
    expect(o.clocks.completion).toMatchObject({ pausedReason: 'awaiting_customer', elapsedMinutes: 60 });
    // Tuesday 14:00–17:30 is 210 minutes, Wednesday 08:30–10:00 the other 90.
    expect(o.arrivalDeadline).toEqual(sh(14, '10:00'));
    expect(o.customerWaitEndsAt).toEqual(sh(13, '14:00'));
    expect(lastEvent(o)).toMatchObject({
      type: WORK_ORDER_EVENT_TYPES.awaitingCustomer,
      data: {
        technicianId: 'tech-alice',
        windowStart: sh(13, '14:00').toISOString(),
        windowEnd: sh(13, '16:00').toISOString(),
        agreedWith: 'Li Wei',
        arrivalDeadline: sh(14, '10:00').toISOString(),
        requestedAt: sh(12, '11:00').toISOString(),
      },
    });
  });

  it('breaches nothing while the customer waits, although the first deadline (Monday 17:00) is long gone', () => {
    const o = waiting();
    expect(o.nextDeadlineCheckAt).toEqual(sh(13, '14:00'));
    expect(o.checkDeadlines(sh(13, '09:00'))).toEqual({ arrival: null, completion: null, technicianArranged: null });
    expect(o.status).toBe('awaiting_customer');
    expect(o.endCustomerWaitIfDue(sh(13, '13:59'))).toBe(false);
  });

  it('ends the wait at the window’s start however late it is noticed: the clock runs from 14:00, and breaches at Wednesday 10:00', () => {
    const o = waiting();
    expect(o.endCustomerWaitIfDue(sh(13, '15:30'))).toBe(true);
    expect(o.status).toBe('scheduled');
    expect(o.customerWaitEndsAt).toBeNull();
    expect(o.clocks.arrival.history.at(-1)).toMatchObject({ kind: 'resumed', at: sh(13, '14:00') });
    expect(o.arrivalDeadline).toEqual(sh(14, '10:00'));
    expect(o.endCustomerWaitIfDue(sh(13, '16:00'))).toBe(false);
    expect(o.checkDeadlines(sh(14, '10:00')).arrival).toBeNull();
    expect(o.checkDeadlines(sh(14, '10:01')).arrival).toEqual({ deadline: sh(14, '10:00'), actualAt: null, minutesLate: 1 });
  });

  it('a deadline check long after the window ends the wait at its start and reports the breach at the moved deadline', () => {
    const o = waiting();
    const result = o.checkDeadlines(sh(14, '11:00'));
    expect(result.arrival).toEqual({ deadline: sh(14, '10:00'), actualAt: null, minutesLate: 60 });
    expect(o.status).toBe('scheduled');
    expect(eventsNamed(o, 'arrival-deadline-breached')[0]).toMatchObject({ arrivalDeadline: sh(14, '10:00').toISOString(), status: 'scheduled' });
  });

  it('arriving within the window is on time', () => {
    const o = waiting();
    o.departForSite({ at: sh(13, '14:10') });
    o.arriveOnSite({ at: sh(13, '15:00') });
    expect(o.arrivalBreachedAt).toBeNull();
    expect(o.clocks.arrival).toMatchObject({ stoppedAt: sh(13, '15:00'), elapsedMinutes: 120 });
    expect(eventsNamed(o, 'on-site')[0]).toMatchObject({ onTime: true, arrivalDeadline: sh(14, '10:00').toISOString() });
  });

  it('setting off before the window ends the wait then: the clock runs from the departure', () => {
    const o = waiting();
    o.departForSite({ at: sh(13, '09:00') });
    expect(o.status).toBe('en_route');
    expect(o.clocks.arrival.history.at(-1)).toMatchObject({ kind: 'resumed', at: sh(13, '09:00') });
    // 300 minutes from Tuesday 09:00: 180 before lunch, 120 after.
    expect(o.arrivalDeadline).toEqual(sh(13, '15:00'));
  });

  it('an earlier window agreed after all ends the wait at once', () => {
    const o = waiting();
    o.schedule({ windowStart: sh(12, '15:00'), windowEnd: sh(12, '16:00'), at: sh(12, '13:00') });
    expect(o.status).toBe('scheduled');
    expect(clockStatus(o.clocks.arrival)).toBe('running');
    // Paused 11:00–13:00: 300 minutes left from 13:00, 270 on Monday and 30 on Tuesday.
    expect(o.arrivalDeadline).toEqual(sh(13, '09:00'));
    expect(lastEvent(o).data).toMatchObject({ rescheduled: true });
  });

  it('asking again moves the window; the clock stays paused', () => {
    const o = waiting();
    o.awaitCustomer({ windowStart: sh(15, '09:00'), windowEnd: sh(15, '10:00'), at: sh(12, '16:00') });
    expect(o.clocks.arrival).toMatchObject({ pausedReason: 'awaiting_customer', elapsedMinutes: 60 });
    expect(o.customerWaitEndsAt).toEqual(sh(15, '09:00'));
    // Thursday 09:00–12:00 is 180, 13:00–15:00 the other 120.
    expect(o.arrivalDeadline).toEqual(sh(15, '15:00'));
    expect(eventsNamed(o, 'awaiting-customer')).toHaveLength(2);
  });

  it('refuses a window that is not later, or that ends before it starts, and an order not yet accepted', () => {
    const o = waiting();
    const notLater = thrownDomainError(() => o.awaitCustomer({ windowStart: sh(12, '16:00'), windowEnd: sh(12, '17:00'), at: sh(12, '16:00') }));
    expect(notLater.fieldErrors.map((f) => f.field)).toEqual(['windowStart']);
    const inverted = thrownDomainError(() => o.awaitCustomer({ windowStart: sh(14, '10:00'), windowEnd: sh(14, '09:00'), at: sh(12, '16:00') }));
    expect(inverted.fieldErrors.map((f) => f.field)).toEqual(['windowEnd']);
    expect(thrownDomainError(() => reach('assigned').awaitCustomer({ windowStart: at(hours(30)), windowEnd: at(hours(31)), at: at(hours(1)) })).code).toBe(
      'WORK_ORDER_ILLEGAL_TRANSITION',
    );
  });

  it('reads `scheduled` in the status fields of v1 events; a cancellation keeps the domain status', () => {
    const o = waiting();
    o.escalate({ note: 'Customer unsure about the window', raisedBy: 'tech-alice', at: sh(12, '12:00') });
    expect(lastEvent(o).data).toMatchObject({ reason: 'technician_request', status: 'scheduled' });
    o.cancel({ reason: 'Customer withdrew', cancelledBy: 'agent-1', at: sh(12, '13:00') });
    expect(o.cancellation?.previousStatus).toBe('awaiting_customer');
    expect(lastEvent(o).data).toMatchObject({ previousStatus: 'scheduled' });
    expect(o.nextDeadlineCheckAt).toBeNull();
  });

  it('a reassignment ends the wait: the new technician agrees their own visit', () => {
    const o = waiting();
    o.reassign({ technician: BOB, dispatcherId: 'dispatcher-1', reason: 'Alice on leave', context: { now: sh(12, '12:00') } });
    expect(o.status).toBe('assigned');
    expect(o.appointment).toBeNull();
    expect(clockStatus(o.clocks.arrival)).toBe('running');
  });

  it('fixed deadlines never pause: the wait changes no deadline', () => {
    const o = reach('awaiting_customer');
    expect(o.arrivalDeadline).toEqual(at(hours(6)));
    expect(clockStatus(o.clocks.arrival)).toBe('running');
  });

  it('survives the snapshot round trip', () => {
    const back = WorkOrder.fromSnapshot(waiting().toSnapshot());
    expect(back.customerWaitEndsAt).toEqual(sh(13, '14:00'));
    expect(back.endCustomerWaitIfDue(sh(13, '14:00'))).toBe(true);
    expect(back.arrivalDeadline).toEqual(sh(14, '10:00'));
  });
});
