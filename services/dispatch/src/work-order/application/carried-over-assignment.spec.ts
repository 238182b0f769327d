import { DEFAULT_POLICIES, resolveClock } from '@aftercare/sla';
import { at, hours, minutes, newOrder } from '../domain/__fixtures__/work-order.fixtures';
import type { WorkOrder } from '../domain';
import type { DispatchDay } from '../infrastructure/dispatch-day';
import type { WorkOrderRepository } from '../infrastructure/work-order.repository';
import type { Assignment } from './assignment';
import { CarriedOverAssignment } from './carried-over-assignment';

const calendarTime = (name: 'arrival' | 'completion', hoursTarget: number) => ({ name, targetMinutes: hoursTarget * 60, calendarId: '24x7', pauseInStates: [] });
const ROUTED = at(-minutes(30));
const DUE = new Date(ROUTED.getTime() + hours(24));
const after = (d: Date, ms: number) => new Date(d.getTime() + ms);

/** An order nobody accepted: its technician-arranged clock breached (step 1 sent) a day after routing. */
function unarrangedOrder(): WorkOrder {
  const order = newOrder({
    clocks: {
      arrival: calendarTime('arrival', 200),
      completion: calendarTime('completion', 300),
      startedAt: at(0),
      technicianArranged: resolveClock(DEFAULT_POLICIES, { tenantId: 'tenant-a', caseType: 'repair' }, 'technician_arranged')!,
      routedAt: ROUTED,
    },
    arrivalDeadline: undefined,
    completionDeadline: undefined,
  });
  order.checkDeadlines(after(DUE, 1));
  return order;
}

describe('offering a carried-over order at shift start', () => {
  it('climbs the escalation steps due in the same pass before it saves (the scanner hands the order over instead of checking it)', async () => {
    const order = unarrangedOrder();
    const saved: WorkOrder[] = [];
    const orders = { findById: async () => order, save: async (o: WorkOrder) => void saved.push(o) } as unknown as WorkOrderRepository;
    const day = { carryOverUntil: () => false, carryOverAssignmentDueAt: () => after(DUE, hours(4)) } as unknown as DispatchDay;
    const assignment = { assign: async () => ({ decision: { winnerTechnicianId: null }, hold: null }), undo: async () => undefined } as unknown as Assignment;

    // 4 h after the breach on a 24x7 clock the service manager is due (the default chain).
    expect(await new CarriedOverAssignment(orders, assignment, day).offer([{ tenantId: order.tenantId, id: order.id }], after(DUE, hours(5)))).toBe(1);

    expect(saved).toEqual([order]);
    expect(order.escalations.filter((e) => e.reason === 'technician_not_arranged').map((e) => [e.level ?? 'dispatcher', e.step ?? 1])).toEqual([
      ['dispatcher', 1],
      ['service_manager', 2],
    ]);
  });
});
