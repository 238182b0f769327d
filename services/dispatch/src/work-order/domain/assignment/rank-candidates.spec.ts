import { DomainError } from '@aftercare/ddd';
import type { AssignableTechnician } from '../../../technician/domain';
import { at, hours, minutes, newOrder, northOfSite, OFFICE_HOURS, T0, tech } from '../__fixtures__/work-order.fixtures';
import {
  AssignableOrder,
  AssignmentContext,
  CandidateEvaluation,
  DEFAULT_ASSIGNMENT_CONFIG,
  evaluateCandidate,
  rankCandidates,
} from './rank-candidates';

const order = (overrides: Partial<AssignableOrder> = {}): AssignableOrder => {
  const o = newOrder();
  return {
    id: o.id,
    tenantId: o.tenantId,
    requiredSkills: o.requiredSkills,
    product: o.product,
    site: o.site,
    arrivalDeadline: o.arrivalDeadline,
    declinedTechnicianIds: [],
    ...overrides,
  };
};
const ctx: AssignmentContext = { now: T0 };
const ids = (cs: CandidateEvaluation[]) => cs.map((c) => c.technicianId);
const only = (t: AssignableTechnician, o = order(), context = ctx) => rankCandidates(o, [t], context).candidates[0];

describe('rankCandidates — hard filters', () => {
  it('accepts a technician who passes every filter', () => {
    const c = only(tech({ id: 't1' }));
    expect(c.eligible).toBe(true);
    expect(c.rejectedBecause).toBeUndefined();
    expect(c.score).toBeGreaterThan(0);
  });

  it.each<[string, Partial<AssignableTechnician>]>([
    ['skill', { skills: ['electrical'] }],
    ['product_line', { productLines: ['chillers'] }],
    ['zone', { zones: ['suburb', 'remote'] }],
    ['off_shift', { shiftCalendar: { ...OFFICE_HOURS, weekly: { ...OFFICE_HOURS.weekly, mon: [] } } }],
    ['capacity', { capacity: 2, openOrders: 2 }],
    ['inactive', { active: false }],
  ])('rejects on %s alone', (reason, overrides) => {
    const c = only(tech({ id: 't1', ...overrides }));
    expect(c.eligible).toBe(false);
    expect(c.rejectedBecause).toEqual([reason]);
    expect(c.score).toBe(0);
  });

  it('rejects a technician who declined this order', () => {
    const c = only(tech({ id: 't1' }), order({ declinedTechnicianIds: ['t1'] }));
    expect(c.rejectedBecause).toEqual(['declined']);
  });

  it('requires every required skill, not just one', () => {
    const o = order({ requiredSkills: ['refrigeration', 'welding'] });
    expect(only(tech({ id: 't1' }), o).rejectedBecause).toEqual(['skill']);
    expect(only(tech({ id: 't1', skills: ['welding', 'refrigeration'] }), o).eligible).toBe(true);
  });

  it('accepts anyone skill-wise when the order requires no skill', () => {
    expect(only(tech({ id: 't1', skills: [] }), order({ requiredSkills: [] })).eligible).toBe(true);
  });

  it('reads the shift at the decision time in the technician’s time zone', () => {
    const t = tech({ id: 't1' });
    // 07:59 and 18:00 Shanghai are outside 08:00–18:00; 08:00 and 17:59 inside.
    expect(only(t, order(), { now: new Date('2025-05-11T23:59:00Z') }).rejectedBecause).toEqual(['off_shift']);
    expect(only(t, order(), { now: new Date('2025-05-12T00:00:00Z') }).eligible).toBe(true);
    expect(only(t, order(), { now: new Date('2025-05-12T09:59:00Z') }).eligible).toBe(true);
    expect(only(t, order(), { now: new Date('2025-05-12T10:00:00Z') }).rejectedBecause).toEqual(['off_shift']);
  });

  it('rejects a technician on a day off', () => {
    const t = tech({ id: 't1', shiftCalendar: { ...OFFICE_HOURS, daysOff: ['2025-05-12'] } });
    expect(only(t).rejectedBecause).toEqual(['off_shift']);
  });

  it('treats an over-filled technician (override) as at capacity with load 1', () => {
    const c = only(tech({ id: 't1', capacity: 2, openOrders: 3 }));
    expect(c.rejectedBecause).toEqual(['capacity']);
    expect(c.load).toBe(1);
  });

  it('lists every failed filter, in a stable order', () => {
    const c = only(
      tech({ id: 't1', skills: [], productLines: [], zones: ['remote'], capacity: 0, active: false }),
      order({ declinedTechnicianIds: ['t1'] }),
      { now: new Date('2025-05-12T15:00:00Z') },
    );
    expect(c.rejectedBecause).toEqual(['skill', 'product_line', 'zone', 'off_shift', 'capacity', 'inactive', 'declined']);
  });

  it('ignores technicians of another tenant entirely (never listed)', () => {
    const r = rankCandidates(order(), [tech({ id: 'other', tenantId: 'tenant-b' }), tech({ id: 'mine' })], ctx);
    expect(ids(r.candidates)).toEqual(['mine']);
  });
});

describe('rankCandidates — ranking', () => {
  it('computes ETA from haversine distance at the average speed plus the queue', () => {
    const c = only(tech({ id: 't1', baseLocation: northOfSite(20), openOrders: 2 }), order(), {
      now: T0,
      averageSpeedKmh: 40,
      minutesPerQueuedJob: 45,
    });
    expect(c.distanceKm).toBeCloseTo(20, 1);
    expect(c.etaMinutes).toBeCloseTo(30 + 2 * 45, 0);
  });

  it('uses the default speed (40 km/h) and queue minutes (60) when not configured', () => {
    const r = rankCandidates(order(), [tech({ id: 't1', baseLocation: northOfSite(40), openOrders: 1 })], ctx);
    expect(r.config).toEqual({ averageSpeedKmh: 40, minutesPerQueuedJob: 60 });
    expect(DEFAULT_ASSIGNMENT_CONFIG).toEqual(r.config);
    expect(r.candidates[0].etaMinutes).toBeCloseTo(120, 0);
  });

  it('prefers a technician who can reach the site before the deadline over a less loaded one who cannot', () => {
    const o = order({ arrivalDeadline: at(hours(1)) });
    const farIdle = tech({ id: 'a-far', baseLocation: northOfSite(80), openOrders: 0 }); // 120 min, load 0
    const nearBusy = tech({ id: 'b-near', baseLocation: northOfSite(10), openOrders: 3 }); // 15 min, load 0.6
    const r = rankCandidates(o, [farIdle, nearBusy], { now: T0, minutesPerQueuedJob: 0 });
    expect(r.winner?.technicianId).toBe('b-near');
    expect(r.candidates.map((c) => [c.technicianId, c.canMeetDeadline, c.load])).toEqual([
      ['b-near', true, 0.6],
      ['a-far', false, 0],
    ]);
  });

  it('counts the deadline as met when the ETA lands exactly on it', () => {
    const o = order({ arrivalDeadline: at(minutes(60)) });
    const c = only(tech({ id: 't1', baseLocation: northOfSite(0), openOrders: 1, capacity: 5 }), o, {
      now: T0,
      minutesPerQueuedJob: 60,
    });
    expect(c.etaMinutes).toBe(60);
    expect(c.canMeetDeadline).toBe(true);
  });

  it('the queue can make a nearer technician miss the deadline (queue × minutes per job)', () => {
    const o = order({ arrivalDeadline: at(hours(2)) });
    const nearButBusy = tech({ id: 'a', baseLocation: northOfSite(5), openOrders: 3, capacity: 10 }); // 7.5 + 180
    const farther = tech({ id: 'b', baseLocation: northOfSite(40), openOrders: 0, capacity: 10 }); // 60
    const r = rankCandidates(o, [nearButBusy, farther], { now: T0, minutesPerQueuedJob: 60 });
    expect(r.winner?.technicianId).toBe('b');
    expect(r.candidates[1]).toMatchObject({ technicianId: 'a', canMeetDeadline: false, eligible: true });
    // With a cheaper queue the near one is back in time; both meet it, and load decides.
    const r2 = rankCandidates(o, [nearButBusy, farther], { now: T0, minutesPerQueuedJob: 10 });
    expect(r2.candidates.every((c) => c.canMeetDeadline)).toBe(true);
    expect(r2.winner?.technicianId).toBe('b');
  });

  it('among those who cannot meet the deadline, prefers the earliest arrival over load', () => {
    const o = order({ arrivalDeadline: at(minutes(10)) });
    const sooner = tech({ id: 'b', baseLocation: northOfSite(26.67), openOrders: 3, capacity: 4 }); // 40 min
    const later = tech({ id: 'a', baseLocation: northOfSite(46.67), openOrders: 0, capacity: 4 }); // 70 min
    const r = rankCandidates(o, [later, sooner], { now: T0, minutesPerQueuedJob: 0 });
    expect(r.candidates.every((c) => c.eligible && !c.canMeetDeadline)).toBe(true);
    expect(r.winner?.technicianId).toBe('b');
    expect(r.winner?.load).toBe(0.75);
  });

  it('among those who meet the deadline, prefers the lower load (open ÷ capacity), not the nearer', () => {
    const near = tech({ id: 'a', baseLocation: northOfSite(2), openOrders: 2, capacity: 4 }); // 0.5
    const far = tech({ id: 'b', baseLocation: northOfSite(30), openOrders: 1, capacity: 4 }); // 0.25
    const r = rankCandidates(order(), [near, far], ctx);
    expect(r.winner?.technicianId).toBe('b');
    expect(r.candidates.map((c) => c.load)).toEqual([0.25, 0.5]);
  });

  it('compares load as a ratio: 2 of 8 beats 1 of 2', () => {
    const r = rankCandidates(
      order(),
      [tech({ id: 'a', openOrders: 1, capacity: 2 }), tech({ id: 'b', openOrders: 2, capacity: 8 })],
      { now: T0, minutesPerQueuedJob: 0 },
    );
    expect(r.winner?.technicianId).toBe('b');
  });

  it('on equal deadline and load, prefers continuity (the asset’s last technician)', () => {
    const a = tech({ id: 'a' });
    const b = tech({ id: 'b' });
    const r = rankCandidates(order(), [a, b], { now: T0, lastTechnicianId: 'b' });
    expect(r.winner?.technicianId).toBe('b');
    expect(r.winner?.continuity).toBe(true);
    expect(r.candidates[1].continuity).toBe(false);
  });

  it('continuity does not beat a lower load', () => {
    const r = rankCandidates(
      order(),
      [tech({ id: 'a', openOrders: 0 }), tech({ id: 'b', openOrders: 1 })],
      { now: T0, lastTechnicianId: 'b', minutesPerQueuedJob: 0 },
    );
    expect(r.winner?.technicianId).toBe('a');
  });

  it('does not prefer continuity for a repeat repair (but still reports it)', () => {
    const r = rankCandidates(order(), [tech({ id: 'b' }), tech({ id: 'a' })], {
      now: T0,
      lastTechnicianId: 'b',
      repeatRepair: true,
    });
    expect(r.winner?.technicianId).toBe('a');
    expect(r.candidates.find((c) => c.technicianId === 'b')).toMatchObject({ continuity: true });
    expect(r.candidates[0].score).toBe(r.candidates[1].score);
  });

  it('ranks the technician whose fix a repeat repair follows after every other eligible technician, however close and free', () => {
    const r = rankCandidates(
      order(),
      [tech({ id: 'a-failed', baseLocation: northOfSite(1) }), tech({ id: 'b', baseLocation: northOfSite(30), openOrders: 4, capacity: 5 })],
      { now: T0, lastTechnicianId: 'a-failed', repeatRepair: true, failedFixTechnicianId: 'a-failed' },
    );
    expect(r.winner?.technicianId).toBe('b');
    expect(r.candidates.map((c) => [c.technicianId, c.score])).toEqual([
      ['b', r.winner?.score],
      ['a-failed', 1],
    ]);
  });

  it('still sends the failed fixer when nobody else is eligible (the order is not left unassigned)', () => {
    const r = rankCandidates(order(), [tech({ id: 'a-failed' }), tech({ id: 'b', active: false })], {
      now: T0,
      repeatRepair: true,
      failedFixTechnicianId: 'a-failed',
    });
    expect(r.winner).toMatchObject({ technicianId: 'a-failed', eligible: true, score: 1 });
  });

  it('breaks full ties by technician id, whatever the input order', () => {
    const ts = ['t-3', 't-1', 't-2'].map((id) => tech({ id }));
    const r1 = rankCandidates(order(), ts, ctx);
    const r2 = rankCandidates(order(), [...ts].reverse(), ctx);
    expect(ids(r1.candidates)).toEqual(['t-1', 't-2', 't-3']);
    expect(r2).toEqual(r1);
    expect(new Set(r1.candidates.map((c) => c.score)).size).toBe(1);
  });

  it('returns no winner when nobody is eligible, with every candidate and why', () => {
    const r = rankCandidates(
      order(),
      [tech({ id: 'b', active: false }), tech({ id: 'a', zones: ['remote'] })],
      ctx,
    );
    expect(r.winner).toBeNull();
    expect(r.candidates.map((c) => [c.technicianId, c.rejectedBecause])).toEqual([
      ['a', ['zone']],
      ['b', ['inactive']],
    ]);
  });

  it('returns no winner for an empty roster', () => {
    expect(rankCandidates(order(), [], ctx)).toEqual({ winner: null, candidates: [], config: DEFAULT_ASSIGNMENT_CONFIG });
  });

  it('lists eligible candidates in rank order first, then the rejected ones by id', () => {
    const r = rankCandidates(
      order(),
      [
        tech({ id: 'z-rejected', active: false }),
        tech({ id: 'b', openOrders: 2 }),
        tech({ id: 'a-rejected', zones: ['remote'] }),
        tech({ id: 'c', openOrders: 1 }),
      ],
      ctx,
    );
    expect(ids(r.candidates)).toEqual(['c', 'b', 'a-rejected', 'z-rejected']);
    expect(r.winner).toBe(r.candidates[0]);
  });

  it('scores so that a higher score always ranks first', () => {
    const ts = Array.from({ length: 30 }, (_, i) =>
      tech({ id: `t${String(i).padStart(2, '0')}`, baseLocation: northOfSite(i * 7), openOrders: i % 4, capacity: 4 + (i % 3) }),
    );
    const r = rankCandidates(order({ arrivalDeadline: at(hours(2)) }), ts, { now: T0, lastTechnicianId: 't07' });
    const scores = r.candidates.filter((c) => c.eligible).map((c) => c.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
    expect(r.candidates.some((c) => c.eligible && !c.canMeetDeadline)).toBe(true);
    expect(r.candidates.some((c) => c.canMeetDeadline)).toBe(true);
  });

  it('refuses a nonsensical configuration', () => {
    for (const bad of [{ averageSpeedKmh: 0 }, { averageSpeedKmh: Number.NaN }, { minutesPerQueuedJob: -1 }]) {
      expect(() => rankCandidates(order(), [], { now: T0, ...bad })).toThrow(DomainError);
    }
    expect(() => rankCandidates(order(), [], { now: new Date('x') })).toThrow(
      expect.objectContaining({ code: 'WORK_ORDER_INVALID', details: { fieldErrors: [{ field: 'now', message: 'is invalid' }] } }),
    );
  });

  it('evaluateCandidate gives the same evaluation as the ranking', () => {
    const t = tech({ id: 't1', openOrders: 1 });
    expect(evaluateCandidate(order(), t, ctx)).toEqual(only(t));
  });
});
