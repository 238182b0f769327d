/**
 * parts' month figures for the monthly report (source 001 §7: material and transport cost), from
 * the requests made in the month: the same sums as `GET /parts-reports/months/{month}`, in minor
 * units (the catalogue's standard cost and the carrier's charge are major units of the tenant's
 * currency, two decimals).
 */
import type { PartsMonthFiguresV1 } from '@aftercare/contracts';
import type { PartsRequestSnapshot } from '../../parts-request/domain/parts-request.state';
import { monthFigures } from '../../reporting/domain/month-figures';

const MINOR_UNITS_PER_MAJOR = 100;

export function partsMonthFigures(month: string, requests: readonly PartsRequestSnapshot[]): PartsMonthFiguresV1 {
  const figures = monthFigures(month, requests);
  return { materialCost: toMinorUnits(figures.materialCost), transportCost: toMinorUnits(figures.transportCost) };
}

export function toMinorUnits(major: number): number {
  return Math.round(major * MINOR_UNITS_PER_MAJOR);
}
