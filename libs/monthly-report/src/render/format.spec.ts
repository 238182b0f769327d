import { composeMonthlyReport } from '../domain/compose';
import { SEEDED_MONTH } from '../domain/testing/seeded-month';
import { lineValueText, money, rateText, targetText } from './format';

describe('printed values', () => {
  const report = composeMonthlyReport(SEEDED_MONTH);
  const text = (key: string) => lineValueText(report.lines.find((l) => l.key === key)!, 'CNY');

  it('prints money from minor units', () => {
    expect(money(6_095_050)).toBe('60,950.50');
    expect(money(5)).toBe('0.05');
    expect(money(-240_000)).toBe('-2,400.00');
    expect(text('cost.total_excluding_guidance')).toBe('CNY 60,950.50');
  });

  it('prints a rate with its fraction and a ratio with two decimals', () => {
    expect(text('rate.resolution')).toBe('95.8 % (182 / 190)');
    expect(text('rate.arrival_on_time.city')).toBe('97.0 % (97 / 100)');
    expect(text('cost.field_service.person_times_per_day')).toBe('5.00 (155 / 31)');
    expect(rateText({ formula: 'x', numerator: 0, denominator: 0, percent: null })).toBe('— (0 / 0)');
    expect(rateText(null)).toBe('not reported');
  });

  it('prints a reported rate with nothing to rate as its fraction, not as "not reported" (its owner did report)', () => {
    const nothingToRate = composeMonthlyReport({ ...SEEDED_MONTH, figures: { ...SEEDED_MONTH.figures, dispatch: { ...SEEDED_MONTH.figures.dispatch!, arrival: { city: { onTime: 3, due: 3 }, suburb: { onTime: 0, due: 0 } } } } });
    expect(lineValueText(nothingToRate.lines.find((l) => l.key === 'rate.arrival_on_time.suburb')!, 'CNY')).toBe('— (0 / 0)');
    const dispatchMissing = composeMonthlyReport({ ...SEEDED_MONTH, figures: { ...SEEDED_MONTH.figures, dispatch: undefined } });
    expect(lineValueText(dispatchMissing.lines.find((l) => l.key === 'rate.arrival_on_time.suburb')!, 'CNY')).toBe('not reported');
  });

  it('prints the target verdict', () => {
    expect(targetText(report.lines.find((l) => l.key === 'satisfaction.arrival_time')!)).toBe('target 85 % missed');
    expect(targetText(report.lines.find((l) => l.key === 'rate.resolution')!)).toBe('target 95 % met');
    expect(targetText(report.lines.find((l) => l.key === 'cost.material')!)).toBe('');
  });
});
