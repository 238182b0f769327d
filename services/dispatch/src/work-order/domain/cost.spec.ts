import { DomainError } from '@aftercare/ddd';
import { fullReport, reach } from './__fixtures__/work-order.fixtures';
import { computeOrderCost, costCategory, CostRates, orderCost } from './cost';

const rates: CostRates = { currency: 'CNY', labourPerHour: 12_000, travelPerHour: 6_000, perPersonTime: 5_000 };

describe('computeOrderCost', () => {
  it('prices labour, travel and person-times from the rates (minor units)', () => {
    expect(computeOrderCost({ labourHours: 2.5, travelHours: 1.25, personTimes: 2 }, rates)).toEqual({
      currency: 'CNY',
      lines: [
        { kind: 'labour', quantity: 2.5, unit: 'hour', rate: 12_000, amount: 30_000 },
        { kind: 'travel', quantity: 1.25, unit: 'hour', rate: 6_000, amount: 7_500 },
        { kind: 'person_times', quantity: 2, unit: 'person_time', rate: 5_000, amount: 10_000 },
      ],
      total: 47_500,
    });
  });

  it('rounds each line to the minor unit, half up, and totals the rounded lines', () => {
    const c = computeOrderCost(
      { labourHours: 1 / 3, travelHours: 0.5, personTimes: 0 },
      { currency: 'EUR', labourPerHour: 100, travelPerHour: 3, perPersonTime: 0 },
    );
    expect(c.lines.map((l) => l.amount)).toEqual([33, 2, 0]);
    expect(c.total).toBe(35);
  });

  it('costs nothing for zero hours and no visits', () => {
    expect(computeOrderCost({ labourHours: 0, travelHours: 0, personTimes: 0 }, rates).total).toBe(0);
  });

  it('refuses negative or non-numeric input and rates, naming them', () => {
    let error: unknown;
    try {
      computeOrderCost(
        { labourHours: -1, travelHours: Number.NaN, personTimes: 1.5 },
        { currency: '', labourPerHour: -5, travelPerHour: 1, perPersonTime: Number.POSITIVE_INFINITY },
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).fieldErrors.map((f) => f.field)).toEqual([
      'labourHours',
      'travelHours',
      'personTimes',
      'rates.currency',
      'rates.labourPerHour',
      'rates.perPersonTime',
    ]);
  });
});

describe('orderCost', () => {
  it('prices a completed order from its report, with its statistics category', () => {
    const o = reach('in_progress');
    expect(orderCost(o, rates)).toBeNull();
    o.complete({ report: fullReport({ labourHours: 2, travelHours: 1, personTimes: 1 }) });
    expect(orderCost(o, rates)).toMatchObject({ total: 24_000 + 6_000 + 5_000, category: 'field_service' });
  });

  it('separates installation and commissioning from other field work (monthly statistics)', () => {
    expect(costCategory('installation')).toBe('installation_commissioning');
    expect(costCategory('commissioning')).toBe('installation_commissioning');
    expect(['repair', 'maintenance', 'training'].map((t) => costCategory(t as never))).toEqual([
      'field_service',
      'field_service',
      'field_service',
    ]);
  });
});
