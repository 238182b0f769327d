import { DEFAULT_POLICIES, resolveClock } from '@aftercare/sla';
import { ALICE, at, BOB, eventNames, eventsNamed, hours, minutes, newOrder, T0 } from './__fixtures__/work-order.fixtures';
import { WorkOrder } from './work-order';

/**
 * Technician arranged within 24 h (source 004 §3): the clock starts when the case is routed and
 * stops when a technician accepts the order. Arrival and completion run on long calendar-time
 * clocks here so that only this clock breaches.
 */
const calendarTime = (name: 'arrival' | 'completion', hoursTarget: number) => ({ name, targetMinutes: hoursTarget * 60, calendarId: '24x7', pauseInStates: [] });
const arranging = resolveClock(DEFAULT_POLICIES, { tenantId: 'tenant-a', caseType: 'repair' }, 'technician_arranged')!;
/** Routed 30 minutes before the order was created (the routed event's time). */
const ROUTED = at(-minutes(30));
const DUE = new Date(ROUTED.getTime() + hours(24));

function order(): WorkOrder {
  return newOrder({
    clocks: { arrival: calendarTime('arrival', 200), completion: calendarTime('completion', 300), startedAt: T0, technicianArranged: arranging, routedAt: ROUTED },
    arrivalDeadline: undefined,
    completionDeadline: undefined,
  });
}
const after = (d: Date, ms: number) => new Date(d.getTime() + ms);

describe('the technician-arranged clock of a work order', () => {
  it('comes from the default policy: 24 h of calendar time, climbing the default chain', () => {
    expect(arranging).toMatchObject({ targetMinutes: 1440, calendarId: '24x7', policyId: 'default' });
    expect(order().clocks.technicianArranged).toMatchObject({ startedAt: ROUTED, deadline: DUE });
  });

  it('unaccepted 24 h after routing: breached once, escalated to the dispatcher, then the service manager; acceptance ends the climb before the deputy GM', () => {
    const o = order();
    o.autoAssign([], { now: at(minutes(5)) });
    expect(o.nextDeadlineCheckAt).toEqual(after(DUE, 1));
    expect(o.checkDeadlines(DUE).technicianArranged).toBeNull();
    expect(o.checkDeadlines(after(DUE, 1)).technicianArranged).toEqual({ deadline: DUE, actualAt: null, minutesLate: 1 });
    expect(o.checkDeadlines(after(DUE, hours(1))).technicianArranged).toBeNull();
    expect(o.arrangementOverdueAt).toEqual(after(DUE, 1));
    expect(eventsNamed(o, 'technician-arrangement-overdue')).toEqual([expect.objectContaining({ acceptedAt: null, minutesLate: 1, status: 'created' })]);

    // The default chain on a 24x7 clock: the service manager 4 h after the breach, the deputy GM 24 h after it.
    expect(o.nextEscalationAt).toEqual(after(DUE, hours(4)));
    expect(o.climbEscalations(after(DUE, hours(4) + 1))).toEqual([{ reason: 'technician_not_arranged', step: 2, level: 'service_manager' }]);
    o.autoAssign([ALICE], { now: after(DUE, hours(5)) });
    o.accept({ technicianId: 'tech-alice', at: after(DUE, hours(6)) });
    expect(o.clocks.technicianArranged?.stoppedAt).toEqual(after(DUE, hours(6)));
    expect(o.climbEscalations(after(DUE, hours(30)))).toEqual([]);
    expect(o.nextEscalationAt).toBeNull();

    const notArranged = o.escalations.filter((e) => e.reason === 'technician_not_arranged');
    expect(notArranged.map((e) => [e.level ?? 'dispatcher', e.step ?? 1])).toEqual([
      ['dispatcher', 1],
      ['service_manager', 2],
    ]);
    // Published as escalated.v2 (v1 cannot name the reason), each naming its level and step.
    expect(eventsNamed(o, 'escalated').filter((e) => e.reason === 'technician_not_arranged').map((e) => [e.level, e.step])).toEqual([
      ['dispatcher', 1],
      ['service_manager', 2],
    ]);
  });

  it('accepted within 24 h: stopped in time, never breached, no check due for it', () => {
    const o = order();
    o.autoAssign([ALICE], { now: at(minutes(5)) });
    o.accept({ technicianId: 'tech-alice', at: at(hours(20)) });
    expect(o.checkDeadlines(after(DUE, hours(10))).technicianArranged).toBeNull();
    expect(eventNames(o)).not.toContain('technician-arrangement-overdue');
    expect(o.nextDeadlineCheckAt).toEqual(after(at(hours(200)), 1));
  });

  it('accepted late before any check: one breach naming the late acceptance, no escalation (nothing is left to arrange)', () => {
    const o = order();
    o.autoAssign([ALICE], { now: at(minutes(5)) });
    o.accept({ technicianId: 'tech-alice', at: after(DUE, hours(2)) });
    expect(o.checkDeadlines(after(DUE, hours(3))).technicianArranged).toEqual({ deadline: DUE, actualAt: after(DUE, hours(2)), minutesLate: 120 });
    expect(o.escalations.filter((e) => e.reason === 'technician_not_arranged')).toEqual([]);
  });

  it('a reassignment after acceptance does not restart it; a cancellation stops it without a breach', () => {
    const o = order();
    o.autoAssign([ALICE], { now: at(minutes(5)) });
    o.accept({ technicianId: 'tech-alice', at: at(hours(1)) });
    o.reassign({ technician: BOB, dispatcherId: 'd-1', context: { now: at(hours(2)) } });
    expect(o.status).toBe('assigned');
    expect(o.clocks.technicianArranged?.stoppedAt).toEqual(at(hours(1)));
    expect(o.checkDeadlines(after(DUE, hours(1))).technicianArranged).toBeNull();
    const c = order();
    c.autoAssign([], { now: at(minutes(5)) });
    c.cancel({ reason: 'Withdrawn', cancelledBy: 'agent-1', at: at(hours(2)) });
    expect(c.checkDeadlines(after(DUE, hours(1))).technicianArranged).toBeNull();
  });

  it('an order created with fixed deadlines has no such clock', () => {
    const o = newOrder();
    expect(o.clocks.technicianArranged).toBeUndefined();
    expect(o.checkDeadlines(at(hours(100))).technicianArranged).toBeNull();
  });
});
