/*
 * Whole life cycles of work orders, every command with its moment given: together they record
 * every event type of the work order, in each of its variants. The contracts spec validates their
 * events against the schemas; the wire spec compares them with the payloads published before the
 * aggregate recorded domain facts (`work-order.wire-events.golden.json`).
 */
import { DEFAULT_POLICIES, resolveClock } from '@aftercare/sla';
import { Technician } from '../../../technician/domain';
import type { CompletedRepair } from '../repeat-repair';
import { WorkOrder } from '../work-order';
import { ALICE, at, BOB, days, fullReport, hours, minutes, newOrder, reach, T0, tech } from './work-order.fixtures';

const t = (iso: string) => new Date(iso);

/** The three orders of the contracts spec: field path, carry-in with repeat repair, missed deadlines. */
function contractOrders(): WorkOrder[] {
  const calendar = {
    timeZone: 'Asia/Shanghai',
    weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [{ start: '08:00', end: '18:00' }]])),
    daysOff: [],
  };
  const technician = (id: string, lat: number, lng: number, zones: ('city' | 'suburb' | 'remote')[]) =>
    Technician.register({
      id,
      tenantId: 'acme-service',
      name: id,
      skills: ['pump-mechanical'],
      productLines: ['centrifugal-pumps'],
      zones,
      baseLocation: { lat, lng },
      shiftCalendar: calendar,
      capacity: 4,
    });
  const wang = technician('tech-wang-fang', 31.2304, 121.4737, ['city']);
  const li = technician('tech-li-na', 31.1443, 121.8083, ['city', 'suburb']);
  const remote = technician('tech-zhou-min', 30.9, 121.9, ['remote']);
  const input = {
    tenantId: 'acme-service',
    type: 'repair' as const,
    priority: 'P1' as const,
    site: { address: '88 Riverside Road, Pudong, Shanghai', lat: 31.2397, lng: 121.4998, zone: 'city' as const },
    product: { model: 'CP-200', line: 'centrifugal-pumps' },
    serialNo: 'CP200-2024-00871',
    requiredSkills: ['pump-mechanical'],
    arrivalDeadline: t('2025-03-10T14:00:00Z'),
    completionDeadline: t('2025-03-12T10:00:00Z'),
  };
  const report = {
    faultCause: 'Mechanical seal worn by dry running',
    faultCategory: 'seal-leak',
    resolution: 'Replaced the mechanical seal',
    partsReplaced: [{ partNo: 'SEAL-22', quantity: 1, serialOut: 'SL-1', serialIn: 'SL-2' }],
    labourHours: 2.5,
    travelHours: 1,
    customerAcceptance: { name: 'Li Wei', signedAt: t('2025-03-11T06:40:00Z'), signatureRef: 'sig/1.png' },
  };

  // 1. Field path: no candidate, assigned, declined, overridden, parts, rework, verified, closed.
  const a = WorkOrder.create({ ...input, id: 'wo-a', caseId: 'sr-a', at: t('2025-03-10T08:04:00Z') });
  a.autoAssign([remote], { now: t('2025-03-10T08:04:00Z') });
  a.autoAssign([wang, li, remote], { now: t('2025-03-10T08:20:00Z') });
  a.decline({ technicianId: a.technicianId as string, reason: 'Busy', at: t('2025-03-10T08:26:00Z') });
  a.overrideAssign({ technician: li, dispatcherId: 'disp-1', reason: 'Knows the site', context: { now: t('2025-03-10T08:31:00Z') } });
  a.accept({ technicianId: 'tech-li-na', at: t('2025-03-10T08:33:00Z') });
  a.schedule({ windowStart: t('2025-03-10T11:00:00Z'), windowEnd: t('2025-03-10T13:00:00Z'), agreedWith: 'Li Wei', at: t('2025-03-10T08:40:00Z') });
  a.schedule({ windowStart: t('2025-03-10T12:00:00Z'), windowEnd: t('2025-03-10T13:00:00Z'), at: t('2025-03-10T09:40:00Z') });
  a.departForSite({ estimatedArrivalAt: null, at: t('2025-03-10T11:50:00Z') });
  a.arriveOnSite({ at: t('2025-03-10T12:32:00Z') });
  a.startWork({ at: t('2025-03-10T12:40:00Z') });
  a.awaitParts({ parts: [{ partNo: 'SEAL-22', quantity: 1, description: 'Seal' }, { partNo: 'GSK', quantity: 2 }], at: t('2025-03-10T13:15:00Z') });
  a.resumeWork({ at: t('2025-03-11T05:10:00Z') });
  a.escalate({ note: 'Need a second pair of hands', raisedBy: 'tech-li-na', at: t('2025-03-11T05:20:00Z') });
  a.complete({ report, at: t('2025-03-11T06:45:00Z') });
  a.requireRework({ inspectedBy: 'qc-1', reason: 'Weeping seal', at: t('2025-03-11T08:00:00Z') });
  a.complete({ report: { ...report, partsReplaced: [] }, at: t('2025-03-11T09:30:00Z') });
  a.verify({ verifiedBy: 'qc-1', at: t('2025-03-11T10:00:00Z') });
  a.close({ closedBy: 'disp-1', at: t('2025-03-11T10:05:00Z') });

  // 2. Carry-in on the same asset, completed late, a repeat repair of order 1.
  const b = WorkOrder.create({ ...input, id: 'wo-b', caseId: 'sr-b', priority: 'P2', arrivalDeadline: t('2025-03-21T09:00:00Z'), completionDeadline: t('2025-03-22T09:00:00Z'), at: t('2025-03-21T02:10:00Z') });
  b.autoAssign([wang, li], { now: t('2025-03-21T02:15:00Z'), lastTechnicianId: 'tech-li-na', repeatRepair: true });
  b.accept({ technicianId: b.technicianId as string, at: t('2025-03-21T02:20:00Z') });
  b.schedule({ windowStart: t('2025-03-21T05:00:00Z'), windowEnd: t('2025-03-21T07:00:00Z'), at: t('2025-03-21T02:30:00Z') });
  b.departForSite({ at: t('2025-03-21T04:40:00Z') });
  b.arriveOnSite({ at: t('2025-03-21T05:05:00Z') });
  b.carryIn({ receiptNo: 'RCPT-1', promisedReturnDate: t('2025-03-24T09:00:00Z'), at: t('2025-03-21T06:00:00Z') });
  b.startRepair({ at: t('2025-03-22T01:30:00Z') });
  b.updateRepairCard({ actualHours: 4.5, parts: [{ partNo: 'SEAL-22', quantity: 1 }], notes: null, at: t('2025-03-22T07:00:00Z') });
  b.markRepaired({ inspectedBy: 'disp-1', at: t('2025-03-22T09:30:00Z') });
  b.returnToCustomer({ signature: { name: 'Li Wei', signedAt: t('2025-03-24T10:15:00Z'), signatureRef: 'sig/2.png' }, at: t('2025-03-24T10:15:00Z') });
  b.complete({ report: { ...report, customerAcceptance: undefined }, at: t('2025-03-24T10:20:00Z') });
  b.checkRepeatRepair([a.toCompletedRepair() as CompletedRepair], { at: t('2025-03-24T10:21:00Z') });

  // 3. Deadlines missed while waiting, then cancelled — after a dispatcher's reassignment.
  const c = WorkOrder.create({ ...input, id: 'wo-c', caseId: 'sr-c', type: 'maintenance', at: t('2025-03-10T02:00:00Z') });
  c.autoAssign([li], { now: t('2025-03-10T02:05:00Z') });
  c.accept({ technicianId: 'tech-li-na', at: t('2025-03-10T02:07:00Z') });
  c.reassign({ technician: wang, dispatcherId: 'disp-1', reason: 'Li Na is off sick', context: { now: t('2025-03-10T02:09:00Z') } });
  c.checkDeadlines(t('2025-03-10T15:00:00Z'));
  c.checkDeadlines(t('2025-03-13T09:30:00Z'));
  c.cancel({ reason: 'Postponed', cancelledBy: 'agent-1', at: t('2025-03-13T10:00:00Z') });
  return [a, b, c];
}

/** Variants the contract orders do not reach: policy clocks, late arrival, workshop twists, reassignments. */
function variantOrders(): WorkOrder[] {
  const criteria = { tenantId: 'tenant-a', caseType: 'repair', zone: 'city' as const };
  const clocks = {
    arrival: resolveClock(DEFAULT_POLICIES, criteria, 'arrival')!,
    completion: resolveClock(DEFAULT_POLICIES, criteria, 'completion')!,
    startedAt: T0,
  };
  const sh = (day: number, hhmm: string) => new Date(`2025-05-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`);

  // Policy clocks: paused while awaiting parts, breached after resuming, held for QC, reworked.
  const d = newOrder({ id: 'wo-d', clocks, arrivalDeadline: undefined, completionDeadline: undefined });
  d.autoAssign([ALICE, BOB], { now: at(minutes(5)) });
  d.accept({ technicianId: 'tech-alice', at: at(minutes(10)) });
  d.schedule({ windowStart: at(minutes(50)), windowEnd: at(hours(2)), at: at(minutes(15)) });
  d.departForSite({ estimatedArrivalAt: at(minutes(55)), at: at(minutes(30)) });
  d.arriveOnSite({ at: sh(12, '11:00') });
  d.startWork({ at: sh(12, '11:05') });
  d.awaitParts({ parts: [{ partNo: 'SEAL-22', quantity: 1 }], neededBy: sh(14, '12:00'), at: sh(12, '11:30') });
  d.checkDeadlines(sh(19, '09:00'));
  d.resumeWork({ at: sh(19, '10:00') });
  d.checkDeadlines(sh(20, '17:45'));
  d.complete({ report: fullReport(), at: sh(21, '10:00') });
  d.requireRework({ inspectedBy: 'qc-1', reason: 'Still leaking', at: sh(21, '14:05') });
  d.complete({ report: fullReport({ personTimes: 2 }), at: sh(22, '15:05') });
  d.verify({ verifiedBy: 'qc-1', remarks: 'Dry now', at: sh(23, '09:00') });
  d.close({ closedBy: 'dispatcher-1', at: sh(23, '10:00') });

  // A late arrival with policy clocks, then cancelled on site.
  const e = newOrder({ id: 'wo-e', clocks, arrivalDeadline: undefined, completionDeadline: undefined });
  e.autoAssign([ALICE, BOB], { now: at(minutes(5)) });
  e.accept({ technicianId: 'tech-alice', at: at(minutes(10)) });
  e.schedule({ windowStart: at(hours(30)), windowEnd: at(hours(32)), agreedWith: ' Mr Li ', at: at(minutes(15)) });
  e.departForSite({ at: at(minutes(30)) });
  e.arriveOnSite({ at: sh(13, '09:00') });
  e.cancel({ reason: 'Withdrawn', cancelledBy: 'agent-1', at: sh(13, '10:00') });

  // Failed runs escalate once; an override onto a busy technician; reassigned from scheduled.
  const f = newOrder({ id: 'wo-f', priority: 'P1' });
  f.autoAssign([tech({ id: 'x', active: false }), tech({ id: 'y', zones: ['remote'], skills: [] })], { now: at(minutes(5)) });
  f.autoAssign([], { now: at(minutes(35)) });
  f.overrideAssign({ technician: tech({ id: 'tech-dan', capacity: 1, openOrders: 1, zones: ['suburb'] }), dispatcherId: 'dispatcher-7', reason: ' Customer asked for Dan ', context: { now: at(minutes(40)) } });
  f.accept({ technicianId: 'tech-dan', at: at(minutes(45)) });
  f.schedule({ windowStart: at(hours(1)), windowEnd: at(hours(3)), at: at(minutes(50)) });
  f.reassign({ technician: BOB, dispatcherId: 'd-1', context: { now: at(hours(1)) } });
  f.escalate({ note: ' Customer unreachable ', raisedBy: 'tech-bob', at: at(hours(2)) });
  f.checkDeadlines(at(hours(7)));
  f.cancel({ reason: 'Duplicate', cancelledBy: 'agent-2', at: at(hours(8)) });

  // Carry-in returned late, the card written twice, completed with its own acceptance.
  const g = reach('in_repair', newOrder({ id: 'wo-g' }));
  g.updateRepairCard({ actualHours: 1, parts: [], at: at(hours(6)) });
  g.updateRepairCard({ actualHours: 2.5, parts: [{ partNo: 'MOTOR-7', quantity: 1, serialIn: ' M-2 ', serialOut: 'M-1' }], notes: ' rewound ', at: at(hours(7)) });
  g.markRepaired({ inspectedBy: ' supervisor-1 ', remarks: 'ok', at: at(hours(8)) });
  g.returnToCustomer({ signature: { name: ' Li Wei ', signedAt: at(days(4)), signatureRef: 'sig/r.png' }, at: at(days(4)) });
  g.complete({ report: fullReport(), at: at(days(4) + minutes(5)) });
  g.checkDeadlines(at(days(5)));

  // The happy path of the fixtures, and a cancellation of work in progress.
  const h = reach('closed', newOrder({ id: 'wo-h' }));
  const i = reach('awaiting_parts', newOrder({ id: 'wo-i', type: 'installation' }));
  i.cancel({ reason: 'Customer withdrew', cancelledBy: 'agent-1', at: at(hours(3)) });
  // The customer asks for a later window: the policy clocks wait for it; on site within it.
  const j = newOrder({ id: 'wo-j', clocks, arrivalDeadline: undefined, completionDeadline: undefined });
  j.autoAssign([ALICE, BOB], { now: at(minutes(5)) });
  j.accept({ technicianId: 'tech-alice', at: at(minutes(10)) });
  j.awaitCustomer({ windowStart: sh(13, '14:00'), windowEnd: sh(13, '16:00'), agreedWith: ' Li Wei ', at: sh(12, '11:00') });
  j.checkDeadlines(sh(13, '14:05'));
  j.departForSite({ at: sh(13, '14:10') });
  j.arriveOnSite({ at: sh(13, '15:00') });
  j.flagMisuse({ note: ' Pump run dry against the manual ', flaggedBy: 'tech-alice', at: sh(13, '15:20') });
  // Nobody takes the order for a day: the technician-arranged clock (24 h from routing) breaches
  // and climbs to the service manager; a technician accepts it late.
  const k = newOrder({
    id: 'wo-k',
    clocks: { ...clocks, technicianArranged: resolveClock(DEFAULT_POLICIES, criteria, 'technician_arranged')!, routedAt: T0 },
    arrivalDeadline: undefined,
    completionDeadline: undefined,
  });
  k.autoAssign([], { now: at(minutes(5)) });
  k.checkDeadlines(at(hours(24) + 1));
  k.climbEscalations(at(hours(28) + 1));
  k.autoAssign([ALICE], { now: at(hours(29)) });
  k.accept({ technicianId: 'tech-alice', at: at(hours(29) + minutes(5)) });
  return [d, e, f, g, h, i, j, k];
}

/** Every life cycle: each order with the events it recorded still pending. */
export function lifecycleOrders(): WorkOrder[] {
  return [...contractOrders(), ...variantOrders()];
}
