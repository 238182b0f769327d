import { at, hours } from './__fixtures__/work-order.fixtures';
import { AppraisedOrder, appraiseTechnicians } from './appraisal';

let n = 0;
const job = (technicianId: string | null, overrides: Partial<AppraisedOrder> = {}): AppraisedOrder => ({
  id: `wo-${++n}`,
  technicianId,
  status: 'closed',
  arrivalDeadline: at(hours(6)),
  arrivedAt: at(hours(5)),
  completedAt: at(hours(8)),
  reworkCount: 0,
  ...overrides,
});

describe('appraiseTechnicians', () => {
  it('computes jobs, on-time arrival %, first-time-fix %, reworks and repeat repairs per technician', () => {
    const a1 = job('a');
    const a2 = job('a', { arrivedAt: at(hours(7)) }); // late
    const a3 = job('a', { reworkCount: 2, status: 'verified' }); // not a first-time fix
    const a4 = job('a', { status: 'completed', arrivedAt: at(hours(6)) }); // on the deadline = on time; repeated later
    const b1 = job('b');
    const rows = appraiseTechnicians({
      period: '2025-05',
      orders: [a1, a2, a3, a4, b1],
      repeatRepairs: [{ previousWorkOrderId: a4.id, previousTechnicianId: 'a' }],
    });
    expect(rows).toEqual([
      {
        technicianId: 'a',
        period: '2025-05',
        jobs: 4,
        onTimeArrivals: 3,
        onTimeArrivalPct: 75,
        firstTimeFixes: 2,
        firstTimeFixPct: 50,
        reworks: 2,
        repeatRepairs: 1,
        surveyAverage: null,
        complaints: null,
      },
      {
        technicianId: 'b',
        period: '2025-05',
        jobs: 1,
        onTimeArrivals: 1,
        onTimeArrivalPct: 100,
        firstTimeFixes: 1,
        firstTimeFixPct: 100,
        reworks: 0,
        repeatRepairs: 0,
        surveyAverage: null,
        complaints: null,
      },
    ]);
  });

  it('rounds percentages to one decimal', () => {
    const rows = appraiseTechnicians({
      period: 'p',
      orders: [job('a'), job('a'), job('a', { arrivedAt: at(hours(9)) })],
    });
    expect(rows[0].onTimeArrivalPct).toBe(66.7);
  });

  it('counts only completed orders with a technician as jobs', () => {
    const rows = appraiseTechnicians({
      period: 'p',
      orders: [
        job('a', { status: 'in_progress', completedAt: null }),
        job('a', { status: 'cancelled', completedAt: null }),
        job(null),
        job('a'),
      ],
    });
    expect(rows.map((r) => [r.technicianId, r.jobs])).toEqual([['a', 1]]);
  });

  it('merges survey averages and complaint counts supplied by other services', () => {
    const rows = appraiseTechnicians({
      period: 'p',
      orders: [job('a'), job('b')],
      surveyAverages: { a: 3.75, c: 2.5 },
      complaintCounts: { b: 2 },
    });
    expect(rows.map((r) => [r.technicianId, r.jobs, r.surveyAverage, r.complaints, r.onTimeArrivalPct])).toEqual([
      ['a', 1, 3.75, 0, 100],
      ['b', 1, null, 2, 100],
      ['c', 0, 2.5, 0, null],
    ]);
  });

  it('lists a technician whose earlier fix was repeated even without jobs this month', () => {
    const rows = appraiseTechnicians({
      period: 'p',
      orders: [],
      repeatRepairs: [
        { previousWorkOrderId: 'x', previousTechnicianId: 'z' },
        { previousWorkOrderId: 'y', previousTechnicianId: 'z' },
        { previousWorkOrderId: 'w', previousTechnicianId: null },
      ],
    });
    expect(rows).toEqual([expect.objectContaining({ technicianId: 'z', jobs: 0, repeatRepairs: 2, firstTimeFixPct: null })]);
  });

  it('returns nothing for an empty month', () => {
    expect(appraiseTechnicians({ period: 'p', orders: [] })).toEqual([]);
  });
});
