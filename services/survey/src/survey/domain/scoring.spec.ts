import type { Rating } from './answers';
import { isBelowTarget, monthOf, needsMonthlyFollowUp, rateOf, scoreMonth, type ScoredResponse } from './scoring';
import { settings } from './testing/builders';

const r = (criterion: string, level: number): Rating => ({ criterion, level, levels: 4, satisfied: level >= 3 });
const response = (technicianId: string | null, levels: [number, number, number, number]): ScoredResponse => ({
  technicianId,
  submittedAt: new Date('2026-03-10T00:00:00.000Z'),
  ratings: [r('attitude', levels[0]), r('technical_skill', levels[1]), r('arrival_time', levels[2]), r('commitments_kept', levels[3])],
});

describe('satisfaction scoring', () => {
  it('a rate is satisfied / rated, one decimal, null for nothing rated', () => {
    expect(rateOf(182, 190)).toEqual({ satisfied: 182, rated: 190, percent: 95.8 });
    expect(rateOf(0, 0).percent).toBeNull();
  });

  it('scores a month per criterion and per technician against the year\'s target', () => {
    const score = scoreMonth('2026-03', [response('tech-li', [4, 4, 1, 3]), response('tech-li', [3, 4, 2, 4]), response('tech-wang', [4, 4, 4, 4])], settings());
    expect(score.overall).toEqual({ satisfied: 10, rated: 12, percent: 83.3 });
    expect(score.byCriterion).toEqual({
      attitude: rateOf(3, 3),
      technical_skill: rateOf(3, 3),
      arrival_time: rateOf(1, 3),
      commitments_kept: rateOf(3, 3),
    });
    expect(score.byTechnician).toEqual({ 'tech-li': rateOf(6, 8), 'tech-wang': rateOf(4, 4) });
    // tech-li: (4+4+1+3 + 3+4+2+4) / 8 = 25 / 8 = 3.125 → 3.13
    expect(score.averageLevelByTechnician).toEqual({ 'tech-li': 3.13, 'tech-wang': 4 });
    expect([score.targetPercent, score.belowTarget]).toEqual([85, true]);
  });

  it('leaves relationship responses out of the technicians', () => {
    expect(scoreMonth('2026-03', [response(null, [4, 4, 4, 4])], settings()).byTechnician).toEqual({});
  });

  it('uses the target of the month\'s year (95 / 97 / 98 % plan)', () => {
    const plan = settings({ targetsByYear: { '2026': 95, '2027': 97, '2028': 98 } });
    const all = [response('tech-li', [4, 4, 4, 4])];
    expect(['2025-12', '2026-01', '2027-06', '2028-12'].map((m) => scoreMonth(m, all, plan).targetPercent)).toEqual([85, 95, 97, 98]);
  });

  it('compares the exact fraction with the target, not the rounded percent', () => {
    expect(isBelowTarget(rateOf(1699, 2000), 85)).toBe(true); // 84.95 % prints 85.0
    expect(isBelowTarget(rateOf(17, 20), 85)).toBe(false);
    expect(isBelowTarget(rateOf(0, 0), 85)).toBe(false);
  });

  it('opens one follow-up per month below target, never a second', () => {
    const below = scoreMonth('2026-03', [response('tech-li', [1, 1, 1, 1])], settings());
    const above = scoreMonth('2026-04', [response('tech-li', [4, 4, 4, 4])], settings());
    expect(needsMonthlyFollowUp(below, new Set())).toBe(true);
    expect(needsMonthlyFollowUp(below, new Set(['2026-03']))).toBe(false);
    expect(needsMonthlyFollowUp(above, new Set())).toBe(false);
  });

  it('counts months in the tenant\'s time zone', () => {
    const lateOnTheLastDay = new Date('2026-03-31T17:00:00.000Z'); // 1 April 01:00 in Shanghai
    expect(monthOf(lateOnTheLastDay, 'Asia/Shanghai')).toBe('2026-04');
    expect(monthOf(lateOnTheLastDay, 'UTC')).toBe('2026-03');
  });
});
