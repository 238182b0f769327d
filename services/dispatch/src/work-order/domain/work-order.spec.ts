import { WORK_ORDER_CREATED_V1, WORK_ORDER_EVENT_TYPES } from '@aftercare/contracts';
import { thrownDomainError } from '@aftercare/ddd';
import {
  ALICE,
  at,
  BOB,
  days,
  eventNames,
  eventsNamed,
  fullReport,
  hours,
  lastEvent,
  minutes,
  newOrder,
  northOfSite,
  orderInput,
  reach,
  T0,
  tech,
} from './__fixtures__/work-order.fixtures';
import { clockStatus, DEFAULT_POLICIES, metTarget, resolveClock } from '@aftercare/sla';
import { WorkOrder } from './work-order';
import { COMPLETED_HOLD } from './work-order.clocks';

const caught = thrownDomainError;

describe('WorkOrder.create', () => {
  it('creates the order in `created` and records `created` with everything a consumer needs', () => {
    const o = newOrder();
    expect(o.status).toBe('created');
    expect(o.version).toBe(0);
    expect(o.pendingEvents).toHaveLength(1);
    expect(o.pendingEvents[0]).toEqual({
      type: WORK_ORDER_CREATED_V1,
      caseId: 'case-1',
      occurredAt: T0,
      data: {
        workOrderId: 'wo-1',
        caseId: 'case-1',
        tenantId: 'tenant-a',
        type: 'repair',
        priority: 'P2',
        site: { address: '120 Renmin Ave, Huangpu, Shanghai', lat: 31.2304, lng: 121.4737, zone: 'city' },
        product: { model: 'CP-200', line: 'pumps' },
        serialNo: 'SN-0001',
        requiredSkills: ['refrigeration'],
        arrivalDeadline: '2025-05-12T08:00:00.000Z',
        completionDeadline: '2025-05-14T02:00:00.000Z',
        createdAt: '2025-05-12T02:00:00.000Z',
      },
    });
  });

  it('names every malformed field (400)', () => {
    const e = caught(() =>
      WorkOrder.create({
        ...orderInput(),
        id: ' ',
        caseId: '',
        type: 'consultation' as never,
        priority: 'P9' as never,
        site: { address: '', lat: 91, lng: 181, zone: 'downtown' as never },
        product: { model: '', line: ' ' },
        serialNo: '',
        requiredSkills: ['ok', ''],
        arrivalDeadline: new Date('nope'),
      }),
    );
    expect(e.code).toBe('WORK_ORDER_INVALID');
    expect(e.kind).toBe('invalid');
    expect(e.fieldErrors.map((f) => f.field)).toEqual([
      'id',
      'caseId',
      'serialNo',
      'type',
      'priority',
      'site.address',
      'site.lat',
      'site.lng',
      'site.zone',
      'product.model',
      'product.line',
      'requiredSkills',
      'arrivalDeadline',
    ]);
  });

  it('refuses a completion deadline before the arrival deadline', () => {
    const e = caught(() => newOrder({ completionDeadline: at(hours(1)) }));
    expect(e.fieldErrors.map((f) => f.field)).toEqual(['completionDeadline']);
  });

  it('trims text and de-duplicates skills', () => {
    const o = newOrder({ caseId: ' case-1 ', serialNo: ' SN-0001 ', requiredSkills: ['a', ' a', 'b'] });
    expect(o.caseId).toBe('case-1');
    expect(o.serialNo).toBe('SN-0001');
    expect(o.requiredSkills).toEqual(['a', 'b']);
  });
});

describe('every recorded event', () => {
  it('is typed aftercare.dispatch.work-order.<name>.v1, carries the order’s caseId and the base fields', () => {
    const o = reach('closed');
    expect(o.pendingEvents.length).toBeGreaterThan(5);
    for (const e of o.pendingEvents) {
      expect(Object.values(WORK_ORDER_EVENT_TYPES)).toContain(e.type);
      expect(e.caseId).toBe('case-1');
      expect(e.data).toMatchObject({ workOrderId: 'wo-1', caseId: 'case-1', tenantId: 'tenant-a' });
    }
    expect(eventNames(o)).toEqual([
      'created',
      'assigned',
      'accepted',
      'scheduled',
      'en-route',
      'on-site',
      'started',
      'completed',
      'verified',
      'closed',
    ]);
  });

  it('serialises to plain JSON without loss (instants as ISO strings)', () => {
    const o = reach('closed');
    for (const e of o.pendingEvents) expect(JSON.parse(JSON.stringify(e.data))).toEqual(e.data);
  });
});

describe('automatic assignment', () => {
  it('assigns the best candidate and records the decision with every candidate', () => {
    const o = newOrder();
    const d = o.autoAssign([BOB, ALICE, tech({ id: 'tech-carol', zones: ['remote'] })], { now: at(minutes(5)) });
    expect(o.status).toBe('assigned');
    expect(o.technicianId).toBe('tech-alice');
    expect(d).toMatchObject({
      attempt: 1,
      override: false,
      decidedBy: null,
      winnerTechnicianId: 'tech-alice',
      config: { averageSpeedKmh: 40, minutesPerQueuedJob: 60 },
      repeatRepair: false,
      lastTechnicianId: null,
    });
    expect(d.candidates.map((c) => c.technicianId)).toEqual(['tech-alice', 'tech-bob', 'tech-carol']);
    expect(d.winnerScore).toBe(d.candidates[0].score);
    expect(o.assignmentDecisions).toEqual([d]);
    expect(lastEvent(o).data).toMatchObject({
      technicianId: 'tech-alice',
      override: false,
      decidedBy: null,
      reason: null,
      attempt: 1,
      score: d.winnerScore,
      canMeetDeadline: true,
      evaluatedCandidates: 3,
      eligibleCandidates: 2,
      assignedAt: at(minutes(5)).toISOString(),
    });
  });

  it('passes continuity and repeat-repair context into the decision', () => {
    const o = newOrder();
    const d = o.autoAssign([ALICE, tech({ id: 'tech-zed', baseLocation: ALICE.baseLocation })], {
      now: T0,
      lastTechnicianId: 'tech-zed',
    });
    expect(d.winnerTechnicianId).toBe('tech-zed');
    const o2 = newOrder();
    const d2 = o2.autoAssign([ALICE, tech({ id: 'tech-zed', baseLocation: ALICE.baseLocation })], {
      now: T0,
      lastTechnicianId: 'tech-zed',
      repeatRepair: true,
    });
    expect(d2).toMatchObject({ winnerTechnicianId: 'tech-alice', repeatRepair: true, lastTechnicianId: 'tech-zed' });
  });

  it('with no candidate: stays unassigned, records `unassigned` with rejection counts and escalates', () => {
    const o = newOrder();
    const d = o.autoAssign(
      [tech({ id: 'x', active: false }), tech({ id: 'y', zones: ['remote'], skills: [] })],
      { now: at(minutes(5)) },
    );
    expect(o.status).toBe('created');
    expect(o.technicianId).toBeNull();
    expect(d.winnerTechnicianId).toBeNull();
    expect(d.winnerScore).toBeNull();
    expect(eventNames(o)).toEqual(['created', 'unassigned', 'escalated']);
    expect(eventsNamed(o, 'unassigned')[0]).toEqual({
      workOrderId: 'wo-1',
      caseId: 'case-1',
      tenantId: 'tenant-a',
      attempt: 1,
      evaluatedCandidates: 2,
      rejections: { skill: 1, product_line: 0, zone: 1, off_shift: 0, capacity: 0, inactive: 1, declined: 0 },
      decidedAt: at(minutes(5)).toISOString(),
    });
    expect(eventsNamed(o, 'escalated')[0]).toMatchObject({
      reason: 'no_candidate',
      escalatedTo: 'dispatcher',
      status: 'created',
      technicianId: null,
    });
    expect(o.escalated).toBe(true);
  });

  it('escalates once per run of failed attempts, again after a later failure following an assignment', () => {
    const o = newOrder();
    o.autoAssign([], { now: at(minutes(5)) });
    o.autoAssign([], { now: at(minutes(35)) });
    expect(eventsNamed(o, 'unassigned')).toHaveLength(2);
    expect(eventsNamed(o, 'escalated')).toHaveLength(1);
    o.autoAssign([ALICE], { now: at(minutes(40)) });
    o.decline({ technicianId: 'tech-alice', reason: 'Van broke down', at: at(minutes(45)) });
    o.autoAssign([ALICE], { now: at(minutes(50)) });
    expect(eventsNamed(o, 'escalated')).toHaveLength(2);
    expect(o.assignmentDecisions.map((d) => d.attempt)).toEqual([1, 2, 3, 4]);
  });

  it('decline → back to reassignment; the declining technician is not offered it again', () => {
    const o = reach('assigned');
    expect(o.technicianId).toBe('tech-alice');
    o.decline({ technicianId: 'tech-alice', reason: ' Too far ', at: at(minutes(10)) });
    expect(o.status).toBe('declined');
    expect(o.technicianId).toBeNull();
    expect(lastEvent(o).data).toMatchObject({ technicianId: 'tech-alice', reason: 'Too far', declineCount: 1 });
    const d = o.autoAssign([ALICE, BOB], { now: at(minutes(15)) });
    expect(d.winnerTechnicianId).toBe('tech-bob');
    expect(d.candidates.find((c) => c.technicianId === 'tech-alice')?.rejectedBecause).toEqual(['declined']);
    o.decline({ technicianId: 'tech-bob', reason: 'Off sick', at: at(minutes(20)) });
    expect(o.declinedTechnicianIds).toEqual(['tech-alice', 'tech-bob']);
    expect(o.declines.map((x) => x.reason)).toEqual(['Too far', 'Off sick']);
    o.autoAssign([ALICE, BOB], { now: at(minutes(25)) });
    expect(o.status).toBe('declined');
    expect(eventNames(o).slice(-2)).toEqual(['unassigned', 'escalated']);
  });

  it('an automatic run in a state that cannot be assigned fails before ranking and records nothing', () => {
    const o = reach('in_progress');
    const decisions = o.assignmentDecisions.length;
    expect(caught(() => o.autoAssign([], { now: T0 })).code).toBe('WORK_ORDER_ILLEGAL_TRANSITION');
    expect(o.assignmentDecisions).toHaveLength(decisions);
    expect(eventNames(o)).not.toContain('unassigned');
  });

  it('only the assigned technician may accept or decline (422)', () => {
    const o = reach('assigned');
    for (const fn of [
      () => o.accept({ technicianId: 'tech-bob' }),
      () => o.decline({ technicianId: 'tech-bob', reason: 'x' }),
    ]) {
      const e = caught(fn);
      expect(e.code).toBe('WORK_ORDER_NOT_ASSIGNEE');
      expect(e.kind).toBe('rule');
      expect(e.details).toEqual({ technicianId: 'tech-bob', assignedTechnicianId: 'tech-alice' });
    }
    expect(o.status).toBe('assigned');
  });

  it('a decline needs a reason', () => {
    const o = reach('assigned');
    expect(caught(() => o.decline({ technicianId: 'tech-alice', reason: ' ' })).fieldErrors.map((f) => f.field)).toEqual(['reason']);
  });
});

describe('dispatcher override', () => {
  it('assigns the named technician, recording override: true, who and why, and the filters it bypassed', () => {
    const o = newOrder();
    const busy = tech({ id: 'tech-dan', capacity: 1, openOrders: 1, zones: ['suburb'] });
    const d = o.overrideAssign({
      technician: busy,
      dispatcherId: 'dispatcher-7',
      reason: 'Customer asked for Dan',
      context: { now: at(minutes(3)) },
    });
    expect(o.status).toBe('assigned');
    expect(o.technicianId).toBe('tech-dan');
    expect(d).toMatchObject({
      override: true,
      decidedBy: 'dispatcher-7',
      reason: 'Customer asked for Dan',
      winnerTechnicianId: 'tech-dan',
      winnerScore: 0,
    });
    expect(d.candidates).toHaveLength(1);
    expect(d.candidates[0].rejectedBecause).toEqual(['zone', 'capacity']);
    expect(lastEvent(o).data).toMatchObject({
      technicianId: 'tech-dan',
      override: true,
      decidedBy: 'dispatcher-7',
      reason: 'Customer asked for Dan',
      evaluatedCandidates: 1,
      eligibleCandidates: 0,
    });
  });

  it('may give the order back to a technician who declined it (recorded)', () => {
    const o = reach('declined');
    const d = o.overrideAssign({ technician: ALICE, dispatcherId: 'd-1', context: { now: at(hours(1)) } });
    expect(o.technicianId).toBe('tech-alice');
    expect(d.candidates[0].rejectedBecause).toEqual(['declined']);
    expect(d.reason).toBeNull();
  });

  it.each(['assigned', 'accepted', 'scheduled'] as const)(
    'reassigns an order %s to another technician: back to assigned, previous technician recorded',
    (from) => {
      const o = reach(from);
      const previousAppointment = o.appointment;
      const d = o.overrideAssign({ technician: BOB, dispatcherId: 'd-1', reason: 'Alice is off sick', context: { now: at(hours(10)) } });
      expect(o.status).toBe('assigned');
      expect(o.technicianId).toBe('tech-bob');
      expect(o.appointment).toBeNull();
      expect(o.toSnapshot()).toMatchObject({ acceptedAt: null, assignedAt: at(hours(10)) });
      expect(d).toMatchObject({
        override: true,
        decidedBy: 'd-1',
        reason: 'Alice is off sick',
        winnerTechnicianId: 'tech-bob',
        previousTechnicianId: 'tech-alice',
        previousStatus: from,
        previousAppointment,
      });
      expect(lastEvent(o)).toMatchObject({
        type: WORK_ORDER_EVENT_TYPES.assigned,
        data: { technicianId: 'tech-bob', previousTechnicianId: 'tech-alice', override: true, attempt: 2 },
      });
      // The new technician takes it from there; the previous one may no longer act on it.
      expect(caught(() => o.accept({ technicianId: 'tech-alice' })).code).toBe('WORK_ORDER_NOT_ASSIGNEE');
      o.accept({ technicianId: 'tech-bob', at: at(hours(11)) });
      o.schedule({ windowStart: at(hours(12)), windowEnd: at(hours(13)), at: at(hours(11)) });
      expect(lastEvent(o).data).toMatchObject({ technicianId: 'tech-bob', rescheduled: false });
    },
  );

  it('keeps the appointment of a scheduled order in the decision, so the dispatcher can pass it on', () => {
    const o = reach('scheduled');
    const d = o.reassign({ technician: BOB, dispatcherId: 'd-1', context: { now: at(hours(10)) } });
    expect(d.previousAppointment).toMatchObject({ windowStart: expect.any(Date), windowEnd: expect.any(Date) });
    expect(WorkOrder.fromSnapshot(o.toSnapshot()).assignmentDecisions.at(-1)?.previousAppointment).toEqual(d.previousAppointment);
  });

  it('records no previous technician for a first assignment or after a decline', () => {
    const o = newOrder();
    o.overrideAssign({ technician: ALICE, dispatcherId: 'd-1', context: { now: at(minutes(1)) } });
    expect(lastEvent(o).data).toMatchObject({ previousTechnicianId: null });
    expect(o.assignmentDecisions.at(-1)).toMatchObject({ previousTechnicianId: null, previousStatus: null, previousAppointment: null });
    o.decline({ technicianId: 'tech-alice', reason: 'busy', at: at(minutes(2)) });
    o.autoAssign([ALICE, BOB], { now: at(minutes(3)) });
    expect(lastEvent(o).data).toMatchObject({ technicianId: 'tech-bob', previousTechnicianId: null });
  });

  it('refuses to reassign to the technician who holds the order (422), and once the technician set off (409)', () => {
    const o = reach('accepted');
    const same = caught(() => o.overrideAssign({ technician: ALICE, dispatcherId: 'd-1', context: { now: T0 } }));
    expect([same.code, same.kind]).toEqual(['WORK_ORDER_ALREADY_ASSIGNED_TO_TECHNICIAN', 'rule']);
    expect(o.assignmentDecisions).toHaveLength(1);
    for (const from of ['en_route', 'on_site', 'in_progress', 'awaiting_parts', 'completed', 'cancelled'] as const) {
      const late = reach(from);
      const holder = late.technicianId;
      const e = caught(() => late.overrideAssign({ technician: BOB, dispatcherId: 'd-1', context: { now: T0 } }));
      expect([e.code, e.details]).toEqual(['WORK_ORDER_ILLEGAL_TRANSITION', { from, action: 'reassign' }]);
      expect(late.technicianId).toBe(holder);
    }
    // `reassign` alone never assigns an order that has no technician.
    const fresh = newOrder();
    expect(caught(() => fresh.reassign({ technician: BOB, dispatcherId: 'd-1', context: { now: T0 } })).details).toEqual({
      from: 'created',
      action: 'reassign',
    });
  });

  it('refuses another tenant’s technician (404) and an inactive one (422)', () => {
    const o = newOrder();
    const e1 = caught(() =>
      o.overrideAssign({ technician: tech({ id: 'x', tenantId: 'tenant-b' }), dispatcherId: 'd', context: { now: T0 } }),
    );
    expect([e1.code, e1.kind]).toEqual(['WORK_ORDER_TECHNICIAN_NOT_FOUND', 'not_found']);
    const e2 = caught(() =>
      o.overrideAssign({ technician: tech({ id: 'x', active: false }), dispatcherId: 'd', context: { now: T0 } }),
    );
    expect([e2.code, e2.kind]).toEqual(['WORK_ORDER_TECHNICIAN_INACTIVE', 'rule']);
    const e3 = caught(() => o.overrideAssign({ technician: ALICE, dispatcherId: ' ', context: { now: T0 } }));
    expect(e3.fieldErrors.map((f) => f.field)).toEqual(['dispatcherId']);
    expect(o.status).toBe('created');
    expect(o.assignmentDecisions).toEqual([]);
  });
});

describe('the visit', () => {
  it('records the agreed appointment, then a reschedule', () => {
    const o = reach('accepted');
    o.schedule({ windowStart: at(hours(2)), windowEnd: at(hours(4)), agreedWith: 'Mr Li', at: at(hours(1)) });
    expect(lastEvent(o).data).toMatchObject({
      technicianId: 'tech-alice',
      windowStart: at(hours(2)).toISOString(),
      windowEnd: at(hours(4)).toISOString(),
      agreedWith: 'Mr Li',
      rescheduled: false,
      beyondArrivalDeadline: false,
    });
    o.schedule({ windowStart: at(hours(7)), windowEnd: at(hours(8)), at: at(hours(1.5)) });
    expect(o.status).toBe('scheduled');
    expect(o.appointment?.windowStart).toEqual(at(hours(7)));
    expect(lastEvent(o).data).toMatchObject({ rescheduled: true, beyondArrivalDeadline: true, agreedWith: null });
  });

  it('refuses an empty or inverted appointment window', () => {
    const o = reach('accepted');
    expect(caught(() => o.schedule({ windowStart: at(hours(2)), windowEnd: at(hours(2)) })).fieldErrors.map((f) => f.field)).toEqual([
      'windowEnd',
    ]);
    expect(
      caught(() => o.schedule({ windowStart: new Date('x'), windowEnd: new Date('y') })).fieldErrors.map((f) => f.field),
    ).toEqual(['windowStart', 'windowEnd']);
  });

  it('en route and on site carry the technician, the ETA and whether the arrival was on time', () => {
    const o = reach('scheduled');
    o.departForSite({ estimatedArrivalAt: at(hours(1)), at: at(minutes(30)) });
    expect(lastEvent(o).data).toMatchObject({ estimatedArrivalAt: at(hours(1)).toISOString() });
    o.arriveOnSite({ at: at(hours(6)) });
    expect(lastEvent(o).data).toMatchObject({ onTime: true, arrivedAt: at(hours(6)).toISOString() });
    expect(o.arrivalBreachedAt).toBeNull();
  });

  it('arriving late records the arrival breach at once (without escalating what already happened)', () => {
    const o = reach('en_route');
    o.arriveOnSite({ at: at(hours(6) + 1) });
    expect(eventNames(o).slice(-2)).toEqual(['on-site', 'arrival-deadline-breached']);
    expect(lastEvent(o).data).toMatchObject({ arrivedAt: at(hours(6) + 1).toISOString(), minutesLate: 1 });
    expect(eventsNamed(o, 'on-site')[0]).toMatchObject({ onTime: false });
    expect(o.escalations).toEqual([]);
    o.checkDeadlines(at(hours(7)));
    expect(eventsNamed(o, 'arrival-deadline-breached')).toHaveLength(1);
  });

  it('awaiting parts publishes the parts, the ship-to site and the asset; resuming reports the wait', () => {
    const o = reach('in_progress');
    o.awaitParts({
      parts: [
        { partNo: ' SEAL-22 ', quantity: 2, description: 'Mechanical seal' },
        { partNo: 'BOLT-8', quantity: 4 },
      ],
      neededBy: at(days(1)),
      at: at(hours(2)),
    });
    expect(o.status).toBe('awaiting_parts');
    expect(lastEvent(o).data).toEqual({
      workOrderId: 'wo-1',
      caseId: 'case-1',
      tenantId: 'tenant-a',
      technicianId: 'tech-alice',
      parts: [
        { partNo: 'SEAL-22', quantity: 2, description: 'Mechanical seal' },
        { partNo: 'BOLT-8', quantity: 4 },
      ],
      neededBy: at(days(1)).toISOString(),
      shipTo: { address: '120 Renmin Ave, Huangpu, Shanghai', lat: 31.2304, lng: 121.4737, zone: 'city' },
      productModel: 'CP-200',
      serialNo: 'SN-0001',
      requestedAt: at(hours(2)).toISOString(),
    });
    o.resumeWork({ at: at(hours(2) + minutes(95)) });
    expect(o.status).toBe('in_progress');
    expect(lastEvent(o).data).toMatchObject({ waitedMinutes: 95 });
    expect(o.partsWaits[0]).toMatchObject({ requestedAt: at(hours(2)), resumedAt: at(hours(2) + minutes(95)) });
  });

  it('shows when late parts are expected: a later date replaces an earlier one, an earlier one or a resumed order changes nothing', () => {
    const o = reach('in_progress');
    o.awaitParts({ parts: [{ partNo: 'SEAL-22', quantity: 1 }], at: at(hours(2)) });
    expect(o.partsWaits[0]!.expectedAt).toBeUndefined();
    expect(o.expectParts(at(days(2)))).toBe(true);
    expect(o.partsWaits[0]).toMatchObject({ expectedAt: at(days(2)), resumedAt: null });
    expect(o.expectParts(at(days(2)))).toBe(false);
    expect(o.expectParts(at(days(1)))).toBe(false);
    expect(o.expectParts(new Date('not a date'))).toBe(false);
    expect(o.expectParts(at(days(3)))).toBe(true);
    expect(o.partsWaits[0]!.expectedAt).toEqual(at(days(3)));
    o.resumeWork({ at: at(days(3)) });
    expect(o.expectParts(at(days(4)))).toBe(false);
    expect(o.partsWaits[0]!.expectedAt).toEqual(at(days(3)));
  });

  it('refuses an empty or malformed parts list', () => {
    const o = reach('in_progress');
    expect(caught(() => o.awaitParts({ parts: [] })).fieldErrors.map((f) => f.field)).toEqual(['parts']);
    expect(
      caught(() => o.awaitParts({ parts: [{ partNo: '', quantity: 0 }, { partNo: 'A', quantity: 1.5 }] })).fieldErrors.map((f) => f.field),
    ).toEqual(['parts[0].partNo', 'parts[0].quantity', 'parts[1].quantity']);
    expect(o.status).toBe('in_progress');
  });
});

describe('completion, QC and closing', () => {
  it('completes with the full report in the event', () => {
    const o = reach('in_progress');
    o.complete({ report: fullReport(), at: at(hours(4)) });
    expect(o.status).toBe('completed');
    expect(o.completedAt).toEqual(at(hours(4)));
    expect(lastEvent(o).data).toEqual({
      workOrderId: 'wo-1',
      caseId: 'case-1',
      tenantId: 'tenant-a',
      technicianId: 'tech-alice',
      type: 'repair',
      productModel: 'CP-200',
      productLine: 'pumps',
      serialNo: 'SN-0001',
      report: {
        faultCause: 'Worn mechanical seal',
        faultCategory: 'seal-leak',
        resolution: 'Replaced the mechanical seal and pressure-tested',
        partsReplaced: [{ partNo: 'SEAL-22', quantity: 1, serialOut: 'S-OLD-1', serialIn: 'S-NEW-1' }],
        labourHours: 1.5,
        travelHours: 0.5,
        personTimes: 1,
        customerAcceptance: { name: 'Li Wei', signedAt: at(hours(4)).toISOString(), signatureRef: 'sig/abc.png' },
      },
      carriedIn: false,
      reworkCount: 0,
      onTimeArrival: true,
      completedAt: at(hours(4)).toISOString(),
    });
  });

  it('refuses an incomplete report (422) and stays in progress', () => {
    const o = reach('in_progress');
    const e = caught(() => o.complete({ report: fullReport({ faultCause: undefined, partsReplaced: undefined }) }));
    expect(e.code).toBe('WORK_ORDER_REPORT_INCOMPLETE');
    expect(e.kind).toBe('rule');
    expect(e.fieldErrors.map((f) => f.field)).toEqual(['faultCause', 'partsReplaced']);
    expect(o.status).toBe('in_progress');
    expect(o.report).toBeNull();
  });

  it('completing after the completion deadline records the overdue at once, without escalation', () => {
    const o = reach('in_progress');
    o.complete({ report: fullReport(), at: at(hours(49)) });
    expect(eventNames(o).slice(-2)).toEqual(['completed', 'completion-overdue']);
    expect(lastEvent(o).data).toMatchObject({ completedAt: at(hours(49)).toISOString(), minutesLate: 60 });
    expect(o.escalations).toEqual([]);
  });

  it('QC failure sends the order back to in_progress as counted rework; it can complete again', () => {
    const o = reach('completed');
    o.requireRework({ inspectedBy: 'qc-1', reason: 'Still leaking', at: at(hours(5)) });
    expect(o.status).toBe('in_progress');
    expect(o.reworkCount).toBe(1);
    expect(o.completedAt).toBeNull();
    expect(lastEvent(o).data).toMatchObject({ inspectedBy: 'qc-1', reason: 'Still leaking', reworkCount: 1 });
    o.complete({ report: fullReport({ resolution: 'Replaced the seal again, new gasket' }), at: at(hours(6)) });
    expect(lastEvent(o).data).toMatchObject({ reworkCount: 1 });
    o.requireRework({ inspectedBy: 'qc-2', reason: 'Noise', at: at(hours(7)) });
    o.complete({ report: fullReport(), at: at(hours(8)) });
    o.verify({ verifiedBy: 'qc-2', remarks: ' ok ', at: at(hours(9)) });
    expect(o.reworkCount).toBe(2);
    expect(lastEvent(o).data).toMatchObject({ verifiedBy: 'qc-2', remarks: 'ok', reworkCount: 2 });
    expect(o.verification).toEqual({ verifiedBy: 'qc-2', verifiedAt: at(hours(9)), remarks: 'ok' });
  });

  it('rework, verify and close need who (and why)', () => {
    const o = reach('completed');
    expect(caught(() => o.requireRework({ inspectedBy: '', reason: '' })).fieldErrors.map((f) => f.field)).toEqual([
      'inspectedBy',
      'reason',
    ]);
    expect(caught(() => o.verify({ verifiedBy: '' })).fieldErrors.map((f) => f.field)).toEqual(['verifiedBy']);
    o.verify({ verifiedBy: 'qc' });
    expect(caught(() => o.close({ closedBy: '' })).fieldErrors.map((f) => f.field)).toEqual(['closedBy']);
  });

  it('cancellation names the technician holding the order (to free their capacity) and the previous state', () => {
    const o = reach('scheduled');
    o.cancel({ reason: 'Customer fixed it', cancelledBy: 'agent-2', at: at(hours(1)) });
    expect(lastEvent(o).data).toMatchObject({
      technicianId: 'tech-alice',
      reason: 'Customer fixed it',
      cancelledBy: 'agent-2',
      previousStatus: 'scheduled',
    });
    const o2 = newOrder();
    o2.cancel({ reason: 'Duplicate', cancelledBy: 'agent-2' });
    expect(lastEvent(o2).data).toMatchObject({ technicianId: null, previousStatus: 'created' });
    expect(caught(() => newOrder().cancel({ reason: '', cancelledBy: '' })).fieldErrors.map((f) => f.field)).toEqual([
      'reason',
      'cancelledBy',
    ]);
  });
});

describe('carry-in repair', () => {
  it('runs receipt → repair card → supervisor inspection → return signature → completion with the return signature', () => {
    const o = reach('on_site');
    o.carryIn({ receiptNo: ' R-100 ', promisedReturnDate: at(days(3)), at: at(hours(2)) });
    expect(lastEvent(o).data).toMatchObject({
      receiptNo: 'R-100',
      serialNo: 'SN-0001',
      promisedReturnDate: at(days(3)).toISOString(),
      takenAt: at(hours(2)).toISOString(),
    });
    o.startRepair({ at: at(hours(20)) });
    expect(lastEvent(o).data).toMatchObject({ mode: 'workshop' });
    o.updateRepairCard({ actualHours: 1, parts: [], at: at(hours(21)) });
    o.updateRepairCard({
      actualHours: 3.5,
      parts: [{ partNo: 'MOTOR-7', quantity: 1, serialIn: 'M-NEW' }],
      notes: 'Rewound',
      at: at(hours(23)),
    });
    expect(lastEvent(o).data).toMatchObject({
      receiptNo: 'R-100',
      actualHours: 3.5,
      parts: [{ partNo: 'MOTOR-7', quantity: 1, serialIn: 'M-NEW' }],
      notes: 'Rewound',
    });
    o.markRepaired({ inspectedBy: 'supervisor-1', remarks: 'Tested 2 h', at: at(hours(24)) });
    expect(lastEvent(o).data).toMatchObject({
      actualHours: 3.5,
      parts: [{ partNo: 'MOTOR-7', quantity: 1, serialIn: 'M-NEW' }],
      inspectedBy: 'supervisor-1',
      remarks: 'Tested 2 h',
    });
    o.returnToCustomer({
      signature: { name: 'Li Wei', signedAt: at(days(4)), signatureRef: 'sig/ret.png' },
      at: at(days(4)),
    });
    expect(lastEvent(o).data).toMatchObject({ late: true, promisedReturnDate: at(days(3)).toISOString() });
    o.complete({ report: fullReport({ customerAcceptance: undefined }), at: at(days(4) + 1) });
    expect(o.status).toBe('completed');
    expect(eventsNamed(o, 'completed')[0]).toMatchObject({ type: 'repair', carriedIn: true });
    expect(eventNames(o).slice(-2)).toEqual(['completed', 'completion-overdue']); // 4 days > 48 h
    expect(o.report?.customerAcceptance).toEqual({ name: 'Li Wei', signedAt: at(days(4)), signatureRef: 'sig/ret.png' });
    expect(o.currentCarryIn).toMatchObject({
      receiptNo: 'R-100',
      repairCard: { actualHours: 3.5, notes: 'Rewound' },
      inspection: { inspectedBy: 'supervisor-1' },
      returnedAt: at(days(4)),
    });
    o.verify({ verifiedBy: 'qc-1', at: at(days(5)) });
    o.close({ closedBy: 'dispatcher-1', at: at(days(5)) });
    expect(o.status).toBe('closed');
  });

  it('a return on time is not late', () => {
    const o = reach('repaired');
    o.returnToCustomer({ signature: { name: 'Li', signedAt: at(days(3)), signatureRef: 's' }, at: at(days(3)) });
    expect(lastEvent(o).data).toMatchObject({ late: false });
  });

  it('can carry in after work started on site, and again on a rework', () => {
    const o = reach('in_progress');
    o.carryIn({ receiptNo: 'R-1', promisedReturnDate: at(days(2)), at: at(hours(2)) });
    o.startRepair();
    o.updateRepairCard({ actualHours: 1, parts: [] });
    o.markRepaired({ inspectedBy: 's' });
    o.returnToCustomer({ signature: { name: 'Li', signedAt: at(days(1)), signatureRef: 's' } });
    o.complete({ report: fullReport() });
    o.requireRework({ inspectedBy: 'qc', reason: 'Fails again' });
    o.carryIn({ receiptNo: 'R-2', promisedReturnDate: at(days(9)), at: at(days(2)) });
    expect(o.carryIns.map((c) => c.receiptNo)).toEqual(['R-1', 'R-2']);
    expect(o.currentCarryIn?.repairCard).toBeNull();
  });

  it('the supervisor cannot sign off without a repair card (422)', () => {
    const o = reach('in_repair');
    const e = caught(() => o.markRepaired({ inspectedBy: 'supervisor-1' }));
    expect([e.code, e.kind, e.details]).toEqual(['WORK_ORDER_REPAIR_CARD_MISSING', 'rule', { receiptNo: 'R-1' }]);
    expect(o.status).toBe('in_repair');
  });

  it('validates receipt, promised date, card and signature', () => {
    const o = reach('on_site');
    expect(
      caught(() => o.carryIn({ receiptNo: '', promisedReturnDate: at(minutes(1)), at: at(hours(2)) })).fieldErrors.map((f) => f.field),
    ).toEqual(['receiptNo', 'promisedReturnDate']);
    const r = reach('in_repair');
    expect(
      caught(() => r.updateRepairCard({ actualHours: -1, parts: [{ partNo: 'A', quantity: 0 }] })).fieldErrors.map((f) => f.field),
    ).toEqual(['actualHours', 'parts[0].quantity']);
    const p = reach('repaired');
    expect(
      caught(() => p.returnToCustomer({ signature: { name: '', signedAt: new Date('x'), signatureRef: '' } })).fieldErrors.map((f) => f.field),
    ).toEqual(['signature.name', 'signature.signedAt', 'signature.signatureRef']);
  });

  it('a carried-in item cannot be cancelled while in the workshop', () => {
    const o = reach('in_repair');
    expect(caught(() => o.cancel({ reason: 'x', cancelledBy: 'y' })).code).toBe('WORK_ORDER_ILLEGAL_TRANSITION');
  });
});

describe('deadlines and escalation', () => {
  it('records an arrival breach and a completion overdue once each, escalating each to the dispatcher', () => {
    const o = reach('accepted');
    expect(o.checkDeadlines(at(hours(6)))).toEqual({ arrival: null, completion: null, technicianArranged: null });
    const r = o.checkDeadlines(at(hours(6) + minutes(30)));
    expect(r.arrival).toEqual({ deadline: at(hours(6)), actualAt: null, minutesLate: 30 });
    expect(eventNames(o).slice(-2)).toEqual(['arrival-deadline-breached', 'escalated']);
    expect(eventsNamed(o, 'arrival-deadline-breached')[0]).toMatchObject({
      technicianId: 'tech-alice',
      arrivalDeadline: at(hours(6)).toISOString(),
      arrivedAt: null,
      minutesLate: 30,
      status: 'accepted',
      detectedAt: at(hours(6) + minutes(30)).toISOString(),
    });
    expect(o.checkDeadlines(at(hours(7)))).toEqual({ arrival: null, completion: null, technicianArranged: null });
    o.checkDeadlines(at(hours(50)));
    o.checkDeadlines(at(hours(60)));
    expect(eventsNamed(o, 'arrival-deadline-breached')).toHaveLength(1);
    expect(eventsNamed(o, 'completion-overdue')).toHaveLength(1);
    expect(eventsNamed(o, 'completion-overdue')[0]).toMatchObject({ completedAt: null, minutesLate: 120 });
    expect(o.escalations.map((e) => e.reason)).toEqual(['arrival_deadline_breached', 'completion_overdue']);
    expect(eventsNamed(o, 'escalated').map((e) => e.reason)).toEqual([
      'arrival_deadline_breached',
      'completion_overdue',
    ]);
  });

  it('survives persistence: a reloaded order does not breach twice', () => {
    const o = reach('accepted');
    o.checkDeadlines(at(hours(7)));
    const reloaded = WorkOrder.fromSnapshot(o.toSnapshot());
    reloaded.checkDeadlines(at(hours(8)));
    expect(reloaded.pendingEvents).toEqual([]);
  });

  it('a technician may ask the dispatcher for help (overdue repair) while the order is open', () => {
    const o = reach('in_progress');
    o.escalate({ note: 'Cannot finish today', raisedBy: 'tech-alice', at: at(hours(3)) });
    expect(lastEvent(o).data).toMatchObject({
      reason: 'technician_request',
      note: 'Cannot finish today',
      raisedBy: 'tech-alice',
      status: 'in_progress',
      technicianId: 'tech-alice',
    });
    expect(caught(() => o.escalate({ note: '', raisedBy: '' })).fieldErrors.map((f) => f.field)).toEqual(['note', 'raisedBy']);
    const closed = reach('closed');
    expect(caught(() => closed.escalate({ note: 'x', raisedBy: 'y' })).code).toBe('WORK_ORDER_ILLEGAL_TRANSITION');
  });
});

describe('end of day carry-over', () => {
  const endOfDay = at(hours(8)); // 18:00 Shanghai

  it('carries an undispatched order over once per day and raises its queue rank', () => {
    const o = newOrder({ priority: 'P3' });
    expect(o.carryOver(at(hours(7)), endOfDay)).toBe(false);
    expect(o.carryOver(endOfDay, endOfDay)).toBe(true);
    expect(o.carryOver(at(hours(9)), endOfDay)).toBe(false);
    expect([o.carriedOver, o.carryOverCount, o.queueRank, o.lastCarriedOverAt]).toEqual([true, 1, 2, endOfDay]);
    expect(o.carryOver(at(days(1) + hours(8)), at(days(1) + hours(8)))).toBe(true);
    expect(o.queueRank).toBe(1);
    expect(eventNames(o)).toEqual(['created']);
  });

  it('does not carry over an order already with a technician', () => {
    const o = reach('assigned');
    expect(o.carryOver(endOfDay, endOfDay)).toBe(false);
    expect(o.carriedOver).toBe(false);
  });
});

describe('repeat repair', () => {
  const previous = {
    workOrderId: 'wo-0',
    caseId: 'case-0',
    tenantId: 'tenant-a',
    serialNo: 'SN-0001',
    faultCategory: 'SEAL-LEAK',
    completedAt: at(-days(10)),
    technicianId: 'tech-bob',
  };

  it('records repeat-repair-detected once, with both orders, cases, technicians and the days between', () => {
    const o = reach('completed');
    const finding = o.checkRepeatRepair([previous], { at: at(hours(5)) });
    expect(finding?.previousWorkOrderId).toBe('wo-0');
    expect(lastEvent(o).data).toEqual({
      workOrderId: 'wo-1',
      caseId: 'case-1',
      tenantId: 'tenant-a',
      serialNo: 'SN-0001',
      productModel: 'CP-200',
      faultCategory: 'seal-leak',
      technicianId: 'tech-alice',
      completedAt: at(hours(4)).toISOString(),
      previousWorkOrderId: 'wo-0',
      previousCaseId: 'case-0',
      previousTechnicianId: 'tech-bob',
      previousCompletedAt: at(-days(10)).toISOString(),
      daysBetween: 10.17,
      windowDays: 30,
    });
    expect(o.repeatRepair).toMatchObject({ previousWorkOrderId: 'wo-0', daysBetween: 10.17 });
    expect(o.checkRepeatRepair([previous])).toBeNull();
    expect(eventsNamed(o, 'repeat-repair-detected')).toHaveLength(1);
  });

  it('records nothing outside the window', () => {
    const o = reach('completed');
    expect(o.checkRepeatRepair([previous], { windowDays: 7 })).toBeNull();
    expect(o.repeatRepair).toBeNull();
  });

  it('can only be checked once the order is completed', () => {
    expect(caught(() => reach('in_progress').checkRepeatRepair([previous])).code).toBe(
      'WORK_ORDER_ILLEGAL_TRANSITION',
    );
    expect(reach('in_progress').toCompletedRepair()).toBeNull();
    expect(reach('verified').toCompletedRepair()).toMatchObject({ workOrderId: 'wo-1', faultCategory: 'seal-leak' });
  });
});

describe('snapshot', () => {
  it('round-trips every state through a plain persisted shape', () => {
    const o = reach('closed');
    o.markHandled('msg-1');
    o.markPersisted(7);
    const snap = o.toSnapshot();
    expect(snap).toMatchObject({
      id: 'wo-1',
      tenantId: 'tenant-a',
      version: 7,
      handledMessageIds: ['msg-1'],
      status: 'closed',
      technicianId: 'tech-alice',
      arrivedAt: at(hours(1)),
    });
    expect(snap.arrivalDeadline).toBeInstanceOf(Date);
    expect(snap.assignmentDecisions[0].candidates.length).toBe(2);
    const back = WorkOrder.fromSnapshot(snap);
    expect(back.toSnapshot()).toEqual(snap);
    expect(back.version).toBe(7);
    expect(back.hasHandled('msg-1')).toBe(true);
    expect(back.pendingEvents).toEqual([]);
  });

  it('is a copy: mutating it does not change the aggregate, and vice versa', () => {
    const o = reach('assigned');
    const snap = o.toSnapshot();
    snap.requiredSkills.push('hacked');
    snap.arrivalDeadline.setTime(0);
    expect(o.requiredSkills).toEqual(['refrigeration']);
    expect(o.arrivalDeadline).toEqual(at(hours(6)));
    const back = WorkOrder.fromSnapshot(o.toSnapshot());
    const again = back.toSnapshot();
    back.decline({ technicianId: 'tech-alice', reason: 'x' });
    expect(again.status).toBe('assigned');
  });

  it('keeps the whole history: declines, decisions, parts waits, carry-ins, reworks, escalations', () => {
    const o = newOrder();
    o.autoAssign([], { now: at(minutes(1)) });
    o.autoAssign([ALICE, BOB], { now: at(minutes(2)) });
    o.decline({ technicianId: 'tech-alice', reason: 'busy', at: at(minutes(3)) });
    o.autoAssign([ALICE, BOB], { now: at(minutes(4)) });
    o.accept({ technicianId: 'tech-bob', at: at(minutes(5)) });
    o.schedule({ windowStart: at(hours(1)), windowEnd: at(hours(2)) });
    o.departForSite();
    o.arriveOnSite({ at: at(hours(1)) });
    o.startWork({ at: at(hours(1)) });
    o.awaitParts({ parts: [{ partNo: 'X', quantity: 1 }], at: at(hours(2)) });
    o.resumeWork({ at: at(hours(3)) });
    o.complete({ report: fullReport(), at: at(hours(4)) });
    o.requireRework({ inspectedBy: 'qc', reason: 'r', at: at(hours(5)) });
    const snap = WorkOrder.fromSnapshot(o.toSnapshot()).toSnapshot();
    expect(snap.declines).toHaveLength(1);
    expect(snap.assignmentDecisions.map((d) => d.winnerTechnicianId)).toEqual([null, 'tech-alice', 'tech-bob']);
    expect(snap.partsWaits).toHaveLength(1);
    expect(snap.reworks).toHaveLength(1);
    expect(snap.escalations.map((e) => e.reason)).toEqual(['no_candidate']);
    expect(snap.report?.faultCategory).toBe('seal-leak');
  });
});

describe('reads used by the pure functions', () => {
  it('exposes what ranking, queue, deadlines and appraisal need', () => {
    const o = reach('declined');
    expect(o.declinedTechnicianIds).toEqual(['tech-alice']);
    expect(o.site.zone).toBe('city');
    expect(o.product.line).toBe('pumps');
    expect(o.queueRank).toBe(2);
    expect(o.can('assign')).toBe(true);
    expect(o.can('accept')).toBe(false);
    expect(o.type).toBe('repair');
    expect(o.priority).toBe('P2');
    expect(o.completionDeadline).toEqual(at(hours(48)));
    expect(o.createdAt).toEqual(T0);
    expect(o.cancellation).toBeNull();
    expect(northOfSite(0)).toEqual({ lat: o.site.lat, lng: o.site.lng });
  });
});

describe('SLA clocks (libs/sla policies: completion pauses while awaiting parts)', () => {
  const criteria = { tenantId: 'tenant-a', caseType: 'repair', zone: 'city' as const };
  const policyClocks = {
    arrival: resolveClock(DEFAULT_POLICIES, criteria, 'arrival')!,
    completion: resolveClock(DEFAULT_POLICIES, criteria, 'completion')!,
  };
  /** Shanghai local time of 2025-05 (UTC+8). */
  const sh = (day: number, hhmm: string) => new Date(`2025-05-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`);
  const slaOrder = () => {
    const o = newOrder({ clocks: { ...policyClocks, startedAt: T0 }, arrivalDeadline: undefined, completionDeadline: undefined });
    o.autoAssign([ALICE, BOB], { now: at(minutes(5)) });
    o.accept({ technicianId: 'tech-alice', at: at(minutes(10)) });
    o.schedule({ windowStart: at(minutes(50)), windowEnd: at(hours(2)), at: at(minutes(15)) });
    o.departForSite({ at: at(minutes(30)) });
    o.arriveOnSite({ at: sh(12, '11:00') });
    o.startWork({ at: sh(12, '11:05') });
    return o;
  };

  it('starts the policy clocks at the routing: city arrival 6 working hours, completion 2 working days', () => {
    const o = newOrder({ clocks: { ...policyClocks, startedAt: T0 }, arrivalDeadline: undefined, completionDeadline: undefined });
    expect(o.arrivalDeadline).toEqual(sh(12, '17:00'));
    expect(o.completionDeadline).toEqual(sh(14, '10:00'));
    expect(o.clocks.completion).toMatchObject({ calendarId: 'cn-standard', targetMinutes: 960, pauseInStates: ['awaiting_parts', 'awaiting_customer'] });
    expect(lastEvent(o).data).toMatchObject({ arrivalDeadline: sh(12, '17:00').toISOString(), completionDeadline: sh(14, '10:00').toISOString() });
  });

  it('stops the arrival clock on site (on time) and pauses the completion clock while awaiting parts: no breach however long', () => {
    const o = slaOrder();
    expect(clockStatus(o.clocks.arrival)).toBe('stopped');
    expect(metTarget(o.clocks.arrival)).toBe(true);
    o.awaitParts({ parts: [{ partNo: 'SEAL-22', quantity: 1 }], at: sh(12, '11:30') });
    expect(o.clocks.completion).toMatchObject({ pausedReason: 'awaiting_parts', elapsedMinutes: 90, deadline: null });
    expect(o.completionDeadline).toBeNull();
    expect(o.nextDeadlineCheckAt).toBeNull();
    // A week later — long past the original Wednesday 10:00 deadline — nothing is overdue.
    expect(o.checkDeadlines(sh(19, '09:00'))).toEqual({ arrival: null, completion: null, technicianArranged: null });
    expect(eventsNamed(o, 'completion-overdue')).toHaveLength(0);
  });

  it('resumes with the 870 minutes left and breaches once when they run out', () => {
    const o = slaOrder();
    o.awaitParts({ parts: [{ partNo: 'SEAL-22', quantity: 1 }], at: sh(12, '11:30') });
    o.resumeWork({ at: sh(19, '10:00') });
    // Monday 10:00–17:30 is 390 working minutes, Tuesday 480 more: due Tuesday 17:30.
    expect(o.completionDeadline).toEqual(sh(20, '17:30'));
    expect(o.clocks.completion).toMatchObject({ elapsedMinutes: 90, pausedReason: null });
    expect(o.nextDeadlineCheckAt).toEqual(new Date(sh(20, '17:30').getTime() + 1));
    expect(o.checkDeadlines(sh(20, '17:30'))).toEqual({ arrival: null, completion: null, technicianArranged: null });

    const r = o.checkDeadlines(sh(20, '17:45'));
    expect(r.completion).toEqual({ deadline: sh(20, '17:30'), actualAt: null, minutesLate: 15 });
    expect(o.clocks.completion.breachedAt).toEqual(sh(20, '17:30'));
    expect(o.checkDeadlines(sh(21, '09:00'))).toEqual({ arrival: null, completion: null, technicianArranged: null });
    expect(eventsNamed(o, 'completion-overdue')).toHaveLength(1);
    expect(o.escalations.map((e) => e.reason)).toEqual(['completion_overdue']);
    expect(o.nextDeadlineCheckAt).toBeNull();

    o.complete({ report: fullReport(), at: sh(21, '10:00') });
    expect(eventsNamed(o, 'completion-overdue')).toHaveLength(1);
    o.verify({ verifiedBy: 'qc-1', at: sh(21, '11:00') });
    expect(clockStatus(o.clocks.completion)).toBe('stopped');
    expect(metTarget(o.clocks.completion)).toBe(false);
  });

  it('holds the completion clock from the report to QC; a rework resumes it, verify stops it', () => {
    const o = slaOrder();
    o.complete({ report: fullReport(), at: sh(12, '14:05') }); // 10:00–12:00 and 13:00–14:05
    expect(o.clocks.completion).toMatchObject({ pausedReason: COMPLETED_HOLD, elapsedMinutes: 185 });
    expect(o.completionDeadline).toBeNull();
    // QC takes a day: not counted.
    o.requireRework({ inspectedBy: 'qc-1', reason: 'Still leaking', at: sh(13, '14:05') });
    expect(clockStatus(o.clocks.completion)).toBe('running');
    // 775 minutes left: 205 on Tuesday, 480 on Wednesday, 90 on Thursday.
    expect(o.completionDeadline).toEqual(sh(15, '10:00'));
    o.complete({ report: fullReport(), at: sh(13, '15:05') });
    o.verify({ verifiedBy: 'qc-1', at: sh(14, '09:00') });
    expect(o.clocks.completion).toMatchObject({ elapsedMinutes: 245, pausedReason: null });
    expect(metTarget(o.clocks.completion)).toBe(true);
  });

  it('a late arrival breaches the arrival clock at its deadline; a cancellation stops both clocks', () => {
    const o = newOrder({ clocks: { ...policyClocks, startedAt: T0 }, arrivalDeadline: undefined, completionDeadline: undefined });
    o.autoAssign([ALICE, BOB], { now: at(minutes(5)) });
    o.accept({ technicianId: 'tech-alice', at: at(minutes(10)) });
    o.schedule({ windowStart: at(minutes(50)), windowEnd: at(hours(2)), at: at(minutes(15)) });
    o.departForSite({ at: at(minutes(30)) });
    o.arriveOnSite({ at: sh(13, '09:00') });
    expect(lastEvent(o).type).toBe(WORK_ORDER_EVENT_TYPES.arrivalDeadlineBreached);
    expect(lastEvent(o).data).toMatchObject({ arrivalDeadline: sh(12, '17:00').toISOString(), arrivedAt: sh(13, '09:00').toISOString() });
    expect(metTarget(o.clocks.arrival)).toBe(false);
    o.cancel({ reason: 'Withdrawn', cancelledBy: 'agent-1', at: sh(13, '10:00') });
    expect([clockStatus(o.clocks.arrival), clockStatus(o.clocks.completion)]).toEqual(['stopped', 'stopped']);
    expect(o.nextDeadlineCheckAt).toBeNull();
  });

  it('names a clock it cannot start (a calendar nobody configured)', () => {
    const e = caught(() =>
      newOrder({
        clocks: { ...policyClocks, completion: { ...policyClocks.completion, calendarId: 'mars' } },
        arrivalDeadline: undefined,
        completionDeadline: undefined,
      }),
    );
    expect(e.fieldErrors.map((f) => f.field)).toEqual(['clocks.completion']);
  });

  it('survives the snapshot round trip', () => {
    const o = slaOrder();
    o.awaitParts({ parts: [{ partNo: 'SEAL-22', quantity: 1 }], at: sh(12, '11:30') });
    const back = WorkOrder.fromSnapshot(o.toSnapshot());
    back.resumeWork({ at: sh(19, '10:00') });
    expect(back.completionDeadline).toEqual(sh(20, '17:30'));
  });
});

describe('recorded facts (domain terms; the event mapper publishes each)', () => {
  it('records one fact per event, in order, each dated and in domain terms', () => {
    const o = reach('closed');
    expect(o.pendingFacts.map((f) => f.kind)).toEqual([
      'created',
      'technicianAssigned',
      'accepted',
      'visitScheduled',
      'departedForSite',
      'arrivedOnSite',
      'workStarted',
      'completed',
      'verified',
      'closed',
    ]);
    expect(o.pendingFacts.map((f) => f.at)).toEqual(o.pendingEvents.map((e) => e.occurredAt));
  });

  it('a decline keeps who declined and why, though the order no longer holds them', () => {
    const o = reach('declined');
    expect(o.pendingFacts.at(-1)).toEqual({ kind: 'declined', at: at(minutes(10)), decline: { technicianId: 'tech-alice', reason: 'Sick', at: at(minutes(10)) } });
    expect(o.technicianId).toBeNull();
  });

  it('a failed run records the decision without a winner, then the escalation', () => {
    const o = newOrder();
    const d = o.autoAssign([], { now: at(minutes(5)) });
    expect(o.pendingFacts.slice(1)).toEqual([
      { kind: 'noTechnicianFound', at: at(minutes(5)), decision: d },
      { kind: 'escalated', at: at(minutes(5)), escalation: { reason: 'no_candidate', at: at(minutes(5)), note: null, raisedBy: null } },
    ]);
  });

  it('a breach found by the check records the breach with its lateness', () => {
    const o = newOrder();
    o.checkDeadlines(at(hours(7)));
    expect(o.pendingFacts.find((f) => f.kind === 'arrivalDeadlineBreached')).toEqual({
      kind: 'arrivalDeadlineBreached',
      at: at(hours(7)),
      breach: { deadline: at(hours(6)), actualAt: null, minutesLate: 60 },
    });
  });

  it('the carry-in steps carry the carry-in as it stands after each', () => {
    const o = reach('repaired');
    const inspected = o.pendingFacts.at(-1);
    expect(inspected).toMatchObject({ kind: 'repairInspected', carryIn: { receiptNo: 'R-1', inspection: { inspectedBy: 'supervisor-1' } } });
  });

  it('starts afresh once persisted', () => {
    const o = reach('assigned');
    o.markPersisted(1);
    expect(o.pendingFacts).toEqual([]);
  });
});
