import type { MonthFiguresOwnerV1 } from '@aftercare/contracts';

/**
 * What an owner supplies: its figures of one month, counted over `from <= t < to` (the month in
 * the tenant's time zone). `now` is the publication's instant, for figures whose outcome depends
 * on time passing (a deadline that has run out by then), so a pass at a chosen instant is exact.
 */
export interface MonthFiguresSource<F> {
  figuresOf(tenantId: string, month: string, bounds: { from: Date; to: Date }, now: Date): Promise<F>;
}

export interface MonthFiguresSettings {
  owner: MonthFiguresOwnerV1;
  /** The tenant's time zone: months close at its midnight. */
  timeZoneOf(tenantId: string): Promise<string>;
  /** How often the job looks at the closed months, ms (0: never; tests call `scan`). */
  scanIntervalMs: number;
  /** How many closed months, newest first, are recomputed on each pass (late data revises them). */
  revisedMonths: number;
}

export const MONTH_FIGURES_SOURCE = Symbol('MONTH_FIGURES_SOURCE');
export const MONTH_FIGURES_SETTINGS = Symbol('MONTH_FIGURES_SETTINGS');
