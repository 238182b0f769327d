import { meetsTarget, percentOf, rate } from './rate';

describe('rates', () => {
  it.each([
    [182, 190, 95.8],
    [9, 1200, 0.8], // 0.75 exactly: half up
    [15, 16, 93.8], // 93.75 exactly
    [50, 64, 78.1], // 78.125
    [1, 3, 33.3],
    [2, 3, 66.7],
    [0, 7, 0],
    [7, 7, 100],
    [12, 10, 120],
  ])('%i of %i is %d %%', (n, d, expected) => {
    expect(percentOf(n, d)).toBe(expected);
  });

  it('keeps formula, numerator and denominator; no percent without a denominator', () => {
    expect(rate('a ÷ b', 182, 190)).toEqual({ formula: 'a ÷ b', numerator: 182, denominator: 190, percent: 95.8 });
    expect(rate('a ÷ b', 0, 0).percent).toBeNull();
  });

  it('refuses what is not a count', () => {
    expect(() => rate('x', -1, 3)).toThrow(RangeError);
    expect(() => rate('x', 1.5, 3)).toThrow(RangeError);
    expect(() => rate('x', 1, Number.NaN)).toThrow(RangeError);
  });

  it('compares the exact fraction with the target, not the rounded percent', () => {
    expect(meetsTarget(rate('x', 8496, 10000), 85)).toBe(false); // prints 85.0
    expect(meetsTarget(rate('x', 85, 100), 85)).toBe(true);
    expect(meetsTarget(rate('x', 0, 0), 85)).toBeNull();
  });
});
