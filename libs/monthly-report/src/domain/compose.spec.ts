import { composeMonthlyReport, FORMULAS, type ReportLine } from './compose';
import { SEEDED_MONTH } from './testing/seeded-month';

/* Every line of the seeded month against figures computed by hand (March 2026 has 31 days). */
describe('the monthly report composed from the owners figures', () => {
  const report = composeMonthlyReport(SEEDED_MONTH);
  const line = (key: string): ReportLine => {
    const found = report.lines.find((l) => l.key === key);
    if (!found) throw new Error(`no line ${key}`);
    return found;
  };
  const shape = (key: string) => {
    const l = line(key);
    return [l.value, l.numerator, l.denominator];
  };

  it('prints the cost lines of source 001 §7, money in minor units', () => {
    expect(line('cost.installation_commissioning.person_times').value).toBe(62);
    expect(shape('cost.installation_commissioning.person_times_per_day')).toEqual([2, 62, 31]);
    expect(line('cost.installation_commissioning.cost').value).toBe(1_860_000);
    expect(line('cost.field_service.person_times').value).toBe(155);
    expect(shape('cost.field_service.person_times_per_day')).toEqual([5, 155, 31]);
    expect(line('cost.field_service.cost').value).toBe(3_100_000);
    expect(line('cost.material').value).toBe(1_284_050);
    expect(line('cost.transport').value).toBe(91_000);
    expect(line('cost.contracted_installation_guidance').value).toBe(240_000);
    // 1 860 000 + 3 100 000 + 1 284 050 + 91 000 − 240 000
    expect(line('cost.total_excluding_guidance').value).toBe(6_095_050);
    expect(line('cost.total_excluding_guidance').formula).toBe(FORMULAS.totalCost);
  });

  it('prints every rate with its formula, numerator and denominator', () => {
    expect(shape('rate.resolution')).toEqual([95.8, 182, 190]);
    expect(shape('rate.reply_on_time.city')).toEqual([98.3, 118, 120]);
    expect(shape('rate.reply_on_time.suburb')).toEqual([87.1, 61, 70]);
    expect(shape('rate.arrival_on_time.city')).toEqual([97, 97, 100]);
    expect(shape('rate.arrival_on_time.suburb')).toEqual([80, 40, 50]);
    expect(shape('rate.complaint')).toEqual([1.5, 6, 400]);
    expect(shape('rate.return')).toEqual([0.8, 9, 1200]);
    expect(shape('rate.repeat_repair')).toEqual([5, 7, 140]);
    for (const l of report.lines.filter((x) => x.unit === 'percent')) expect(l.formula).toEqual(expect.stringContaining('÷'));
  });

  it('prints satisfaction overall and per criterion against the target', () => {
    expect(shape('satisfaction.overall')).toEqual([88.5, 177, 200]);
    expect(shape('satisfaction.attitude')).toEqual([94, 47, 50]);
    expect(shape('satisfaction.technical_skill')).toEqual([90, 45, 50]);
    expect(shape('satisfaction.arrival_time')).toEqual([82, 41, 50]);
    expect(shape('satisfaction.commitments_kept')).toEqual([88, 44, 50]);
    expect(line('satisfaction.overall')).toMatchObject({ targetPercent: 85, meetsTarget: true });
    expect(line('satisfaction.arrival_time')).toMatchObject({ targetPercent: 85, meetsTarget: false });
    expect(line('rate.resolution')).toMatchObject({ targetPercent: 95, meetsTarget: true });
  });

  it('fills every column of the technician appraisal from dispatch, survey and claims', () => {
    const pct = (r: { percent: number | null; numerator: number; denominator: number } | null) => (r ? [r.percent, r.numerator, r.denominator] : r);
    const rows = report.technicians.map((t) => [t.technicianId, t.jobs, pct(t.onTimeArrival), pct(t.firstTimeFix), t.reworks, t.repeatRepairs, pct(t.satisfaction), t.complaints]);
    expect(rows).toEqual([
      ['tech-li', 20, [95, 19, 20], [90, 18, 20], 1, 1, [97.5, 78, 80], 0],
      ['tech-wang', 16, [75, 12, 16], [93.8, 15, 16], 0, 0, [78.1, 50, 64], 2],
      // rated by customers this month but completed no job in it
      ['tech-zhao', 0, [null, 0, 0], [null, 0, 0], 0, 0, [75, 3, 4], 0],
    ]);
  });

  it('keeps a trend of satisfaction per criterion, oldest first, this month last', () => {
    expect(report.trend.map((p) => p.month)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(report.trend[2].byCriterion).toEqual({ attitude: 94, technical_skill: 90, arrival_time: 82, commitments_kept: 88 });
  });

  it('lists no missing source when all five reported', () => {
    expect(report.missingSources).toEqual([]);
  });

  it('prints "not reported" (null), never 0, for an owner that has not reported, and names it', () => {
    const partial = composeMonthlyReport({ ...SEEDED_MONTH, figures: { ...SEEDED_MONTH.figures, parts: undefined, claims: undefined } });
    const of = (key: string) => partial.lines.find((l) => l.key === key)!;
    expect(partial.missingSources).toEqual(['parts', 'claims']);
    expect(of('cost.material').value).toBeNull();
    expect(of('cost.total_excluding_guidance').value).toBeNull();
    expect(of('rate.return')).toMatchObject({ value: null, numerator: null, denominator: null, formula: FORMULAS.return });
    expect(of('rate.complaint').value).toBeNull();
    expect(of('rate.resolution').value).toBe(95.8);
    expect(partial.technicians.find((t) => t.technicianId === 'tech-wang')!.complaints).toBeNull();
  });

  it('prints the return rate "not reported" while claims reports complaints but knows no returns or deliveries', () => {
    const claims = { ...SEEDED_MONTH.figures.claims!, unitsReturned: null, unitsDelivered: null };
    const partial = composeMonthlyReport({ ...SEEDED_MONTH, figures: { ...SEEDED_MONTH.figures, claims } });
    const of = (key: string) => partial.lines.find((l) => l.key === key)!;
    expect(partial.missingSources).toEqual([]);
    expect(of('rate.return')).toMatchObject({ value: null, numerator: null, denominator: null, formula: FORMULAS.return });
    expect([of('rate.complaint').numerator, of('rate.complaint').denominator]).toEqual([claims.complaints, SEEDED_MONTH.figures.intake!.casesRegistered]);
  });

  it('takes the tenant targets of the year (a 97 % plan fails 95.8 %)', () => {
    const planned = composeMonthlyReport({ ...SEEDED_MONTH, targets: { resolutionPercent: 97, satisfactionPercent: 90 } });
    expect(planned.lines.find((l) => l.key === 'rate.resolution')).toMatchObject({ targetPercent: 97, meetsTarget: false });
    expect(planned.lines.find((l) => l.key === 'satisfaction.overall')).toMatchObject({ targetPercent: 90, meetsTarget: false });
  });
});
