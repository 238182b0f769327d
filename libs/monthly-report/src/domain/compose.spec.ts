import { composeMonthlyReport, FORMULAS, type ReportLine } from './compose';
import { SEEDED_MONTH, SEEDED_MONTH_V1 } from './testing/seeded-month';

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
    expect(shape('rate.technician_arranged')).toEqual([95.6, 131, 137]);
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

  it('prints the quality claims by urgency as counts, and the late replies explained with their fraction (claims v2)', () => {
    const counts = report.lines.filter((l) => l.section === 'quality_claims' && l.unit === 'count').map((l) => [l.key, l.value]);
    expect(counts).toEqual([
      ['quality_claims.opened', 12],
      ['quality_claims.closed', 9],
      ['quality_claims.overdue', 3],
      ['quality_claims.urgent.opened', 4],
      ['quality_claims.urgent.closed', 4],
      ['quality_claims.urgent.overdue', 1],
      ['quality_claims.normal.opened', 7],
      ['quality_claims.normal.closed', 5],
      ['quality_claims.normal.overdue', 2],
      ['quality_claims.untriaged.opened', 1],
      ['quality_claims.untriaged.closed', 0],
      ['quality_claims.untriaged.overdue', 0],
      ['quality_claims.late_replies', 5],
    ]);
    // 4 of 5 = 80.0 %
    expect(shape('quality_claims.late_replies_explained')).toEqual([80, 4, 5]);
    expect(line('quality_claims.late_replies_explained')).toMatchObject({ source: 'claims', unit: 'percent', formula: FORMULAS.lateReplyExplained, targetPercent: null });
    expect(line('rate.technician_arranged')).toMatchObject({ source: 'dispatch', formula: FORMULAS.technicianArranged });
  });

  it('composes a month dispatch and claims published as v1: every other line the same, the v2 lines "not reported"', () => {
    const v1 = composeMonthlyReport(SEEDED_MONTH_V1);
    const v2Only = (key: string) => key === 'rate.technician_arranged' || key.startsWith('quality_claims.');
    expect(v1.missingSources).toEqual([]);
    expect(v1.lines.map((l) => l.key)).toEqual(report.lines.map((l) => l.key));
    for (const l of v1.lines.filter((x) => v2Only(x.key))) expect([l.key, l.value, l.numerator, l.denominator]).toEqual([l.key, null, null, null]);
    expect(v1.lines.filter((x) => !v2Only(x.key))).toEqual(report.lines.filter((x) => !v2Only(x.key)));
    expect(v1.technicians).toEqual(report.technicians);
    expect(v1.lines.find((l) => l.key === 'rate.technician_arranged')!.formula).toBe(FORMULAS.technicianArranged);
  });

  it('prints a month without routed or late orders as an empty fraction, not as not reported', () => {
    const dispatch = { ...SEEDED_MONTH.figures.dispatch!, technicianArranged: { onTime: 0, due: 0 } };
    const claims = { ...SEEDED_MONTH.figures.claims!, lateReplies: { count: 0, explained: 0 } };
    const quiet = composeMonthlyReport({ ...SEEDED_MONTH, figures: { ...SEEDED_MONTH.figures, dispatch, claims } });
    const of = (key: string) => quiet.lines.find((l) => l.key === key)!;
    expect([of('rate.technician_arranged').value, of('rate.technician_arranged').numerator, of('rate.technician_arranged').denominator]).toEqual([null, 0, 0]);
    expect([of('quality_claims.late_replies').value, of('quality_claims.late_replies_explained').denominator]).toEqual([0, 0]);
  });
});
