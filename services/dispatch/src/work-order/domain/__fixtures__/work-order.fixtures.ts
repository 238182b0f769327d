/* Builders shared by the dispatch domain's unit tests (and the contracts lifecycle spec). */
import type { AssignableTechnician, ShiftCalendar } from '../../../technician/domain';
import type { ServiceReportInput } from '../service-report';
import type { WorkOrderStatus } from '../work-order.state-machine';
import { CreateWorkOrderInput, WorkOrder } from '../work-order';

/** Monday 12 May 2025, 10:00 in Shanghai. */
export const T0 = new Date('2025-05-12T02:00:00.000Z');
export const minutes = (n: number): number => n * 60_000;
export const hours = (n: number): number => n * 3_600_000;
export const days = (n: number): number => n * 86_400_000;
export const at = (offsetMs: number): Date => new Date(T0.getTime() + offsetMs);

/** People's Square, Shanghai. */
export const SITE = { address: '120 Renmin Ave, Huangpu, Shanghai', lat: 31.2304, lng: 121.4737, zone: 'city' as const };

export const OFFICE_HOURS: ShiftCalendar = {
  timeZone: 'Asia/Shanghai',
  weekly: {
    mon: [{ start: '08:00', end: '18:00' }],
    tue: [{ start: '08:00', end: '18:00' }],
    wed: [{ start: '08:00', end: '18:00' }],
    thu: [{ start: '08:00', end: '18:00' }],
    fri: [{ start: '08:00', end: '18:00' }],
  },
  daysOff: [],
};

/** A point `km` kilometres due north of the site. */
export function northOfSite(km: number): { lat: number; lng: number } {
  return { lat: SITE.lat + km / 111.195, lng: SITE.lng };
}

/** A technician who passes every hard filter for `orderInput()`, based 10 km from the site. */
export function tech(overrides: Partial<AssignableTechnician> & { id: string }): AssignableTechnician {
  return {
    tenantId: 'tenant-a',
    skills: ['refrigeration', 'electrical'],
    productLines: ['pumps', 'chillers'],
    zones: ['city', 'suburb'],
    baseLocation: northOfSite(10),
    shiftCalendar: OFFICE_HOURS,
    capacity: 5,
    active: true,
    openOrders: 0,
    ...overrides,
  };
}

export function orderInput(overrides: Partial<CreateWorkOrderInput> = {}): CreateWorkOrderInput {
  return {
    id: 'wo-1',
    tenantId: 'tenant-a',
    caseId: 'case-1',
    type: 'repair',
    priority: 'P2',
    site: SITE,
    product: { model: 'CP-200', line: 'pumps' },
    serialNo: 'SN-0001',
    requiredSkills: ['refrigeration'],
    arrivalDeadline: at(hours(6)),
    completionDeadline: at(hours(48)),
    at: T0,
    ...overrides,
  };
}

export function newOrder(overrides: Partial<CreateWorkOrderInput> = {}): WorkOrder {
  return WorkOrder.create(orderInput(overrides));
}

export function fullReport(overrides: Partial<ServiceReportInput> = {}): ServiceReportInput {
  return {
    faultCause: 'Worn mechanical seal',
    faultCategory: 'seal-leak',
    resolution: 'Replaced the mechanical seal and pressure-tested',
    partsReplaced: [{ partNo: 'SEAL-22', quantity: 1, serialOut: 'S-OLD-1', serialIn: 'S-NEW-1' }],
    labourHours: 1.5,
    travelHours: 0.5,
    personTimes: 1,
    customerAcceptance: { name: 'Li Wei', signedAt: at(hours(4)), signatureRef: 'sig/abc.png' },
    ...overrides,
  };
}

export const ALICE = tech({ id: 'tech-alice' });
export const BOB = tech({ id: 'tech-bob', baseLocation: northOfSite(20) });

/** Moves an order along the happy path (or the carry-in branch) to the given state. */
export function reach(status: WorkOrderStatus, order: WorkOrder = newOrder()): WorkOrder {
  const steps: Record<WorkOrderStatus, (o: WorkOrder) => void> = {
    created: () => undefined,
    assigned: (o) => o.autoAssign([ALICE, BOB], { now: at(minutes(5)) }),
    accepted: (o) => o.accept({ technicianId: o.technicianId as string, at: at(minutes(10)) }),
    declined: (o) => o.decline({ technicianId: o.technicianId as string, reason: 'Sick', at: at(minutes(10)) }),
    scheduled: (o) => o.schedule({ windowStart: at(hours(1)), windowEnd: at(hours(3)), at: at(minutes(15)) }),
    awaiting_customer: (o) => o.awaitCustomer({ windowStart: at(days(1)), windowEnd: at(days(1) + hours(2)), agreedWith: 'Li Wei', at: at(minutes(15)) }),
    en_route: (o) => o.departForSite({ at: at(minutes(30)) }),
    on_site: (o) => o.arriveOnSite({ at: at(hours(1)) }),
    in_progress: (o) => o.startWork({ at: at(minutes(65)) }),
    awaiting_parts: (o) => o.awaitParts({ parts: [{ partNo: 'SEAL-22', quantity: 1 }], at: at(minutes(90)) }),
    carried_in: (o) => o.carryIn({ receiptNo: 'R-1', promisedReturnDate: at(days(3)), at: at(minutes(80)) }),
    in_repair: (o) => o.startRepair({ at: at(hours(5)) }),
    repaired: (o) => {
      o.updateRepairCard({ actualHours: 2, parts: [{ partNo: 'MOTOR-7', quantity: 1 }], at: at(hours(7)) });
      o.markRepaired({ inspectedBy: 'supervisor-1', at: at(hours(8)) });
    },
    returned: (o) =>
      o.returnToCustomer({
        signature: { name: 'Li Wei', signedAt: at(days(1)), signatureRef: 'sig/return.png' },
        at: at(days(1)),
      }),
    completed: (o) => o.complete({ report: fullReport(), at: at(hours(4)) }),
    verified: (o) => o.verify({ verifiedBy: 'qc-1', at: at(hours(5)) }),
    closed: (o) => o.close({ closedBy: 'dispatcher-1', at: at(hours(6)) }),
    cancelled: (o) => o.cancel({ reason: 'Customer withdrew', cancelledBy: 'agent-1', at: at(minutes(20)) }),
  };
  const paths: Record<WorkOrderStatus, WorkOrderStatus[]> = {
    created: [],
    assigned: ['assigned'],
    accepted: ['assigned', 'accepted'],
    declined: ['assigned', 'declined'],
    scheduled: ['assigned', 'accepted', 'scheduled'],
    awaiting_customer: ['assigned', 'accepted', 'awaiting_customer'],
    en_route: ['assigned', 'accepted', 'scheduled', 'en_route'],
    on_site: ['assigned', 'accepted', 'scheduled', 'en_route', 'on_site'],
    in_progress: ['assigned', 'accepted', 'scheduled', 'en_route', 'on_site', 'in_progress'],
    awaiting_parts: ['assigned', 'accepted', 'scheduled', 'en_route', 'on_site', 'in_progress', 'awaiting_parts'],
    carried_in: ['assigned', 'accepted', 'scheduled', 'en_route', 'on_site', 'carried_in'],
    in_repair: ['assigned', 'accepted', 'scheduled', 'en_route', 'on_site', 'carried_in', 'in_repair'],
    repaired: ['assigned', 'accepted', 'scheduled', 'en_route', 'on_site', 'carried_in', 'in_repair', 'repaired'],
    returned: [
      'assigned',
      'accepted',
      'scheduled',
      'en_route',
      'on_site',
      'carried_in',
      'in_repair',
      'repaired',
      'returned',
    ],
    completed: ['assigned', 'accepted', 'scheduled', 'en_route', 'on_site', 'in_progress', 'completed'],
    verified: ['assigned', 'accepted', 'scheduled', 'en_route', 'on_site', 'in_progress', 'completed', 'verified'],
    closed: [
      'assigned',
      'accepted',
      'scheduled',
      'en_route',
      'on_site',
      'in_progress',
      'completed',
      'verified',
      'closed',
    ],
    cancelled: ['cancelled'],
  };
  for (const s of paths[status]) steps[s](order);
  if (order.status !== status) throw new Error(`fixture reached ${order.status}, not ${status}`);
  return order;
}

/** The event name of a work-order event type: `en-route` of `aftercare.dispatch.work-order.en-route.v1`. */
const eventName = (type: string): string => type.split('.')[3];

/** The event names (the part between `work-order.` and `.v1`) an order has recorded. */
export function eventNames(order: WorkOrder): string[] {
  return order.pendingEvents.map((e) => eventName(e.type));
}

export function lastEvent(order: WorkOrder): { type: string; data: Record<string, unknown>; caseId?: string } {
  const e = order.pendingEvents[order.pendingEvents.length - 1];
  return e as { type: string; data: Record<string, unknown>; caseId?: string };
}

export function eventsNamed(order: WorkOrder, name: string): Record<string, unknown>[] {
  return order.pendingEvents
    .filter((e) => eventName(e.type) === name)
    .map((e) => e.data as Record<string, unknown>);
}
