/**
 * A rate as the report prints it: its formula in words, the numerator and denominator it was
 * computed from, and the percentage with one decimal (half up). The sources give no formulas
 * (source 004 §3, §8 item 4): every formula here is design, printed so a reader can redo the sum.
 */
export interface Rate {
  formula: string;
  numerator: number;
  denominator: number;
  /** numerator / denominator × 100, one decimal; null when the denominator is 0 (nothing to rate). */
  percent: number | null;
}

export function rate(formula: string, numerator: number, denominator: number): Rate {
  assertCount(numerator, 'numerator');
  assertCount(denominator, 'denominator');
  return { formula, numerator, denominator, percent: denominator === 0 ? null : percentOf(numerator, denominator) };
}

/**
 * Half up on the exact fraction, in integers: 182 / 190 = 95.789… → 95.8. A numerator may exceed
 * its denominator (units returned this month from earlier months' deliveries): over 100 % is printed.
 */
export function percentOf(numerator: number, denominator: number): number {
  return Math.floor((numerator * 2000 + denominator) / (2 * denominator)) / 10;
}

/** Whether a rate meets a target percentage, on the exact fraction (84.96 % is below 85 %). */
export function meetsTarget(r: Rate, targetPercent: number): boolean | null {
  if (r.denominator === 0) return null;
  return r.numerator * 100 >= targetPercent * r.denominator;
}

function assertCount(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
}
