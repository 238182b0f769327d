import { assertNoErrors } from './work-order.errors';
import { isNonBlank, isNonNegativeNumber } from './validation';
import type { ServiceReport, WorkOrderType } from './work-order.types';

/** Rates in minor currency units (e.g. fen, cents), configurable per tenant. */
export interface CostRates {
  currency: string;
  labourPerHour: number;
  travelPerHour: number;
  /** Allowance per technician visit (person-time). */
  perPersonTime: number;
}

export interface CostInput {
  labourHours: number;
  travelHours: number;
  personTimes: number;
}

export interface CostLine {
  kind: 'labour' | 'travel' | 'person_times';
  quantity: number;
  unit: 'hour' | 'person_time';
  rate: number;
  /** quantity × rate, rounded to the minor unit (half up). */
  amount: number;
}

/** The monthly statistics (001) report installation/commissioning apart from other field dispatches. */
export type CostCategory = 'installation_commissioning' | 'field_service';

export interface OrderCost {
  currency: string;
  lines: CostLine[];
  total: number;
}

export function costCategory(type: WorkOrderType): CostCategory {
  return type === 'installation' || type === 'commissioning' ? 'installation_commissioning' : 'field_service';
}

/** Cost lines of one order from its hours and person-times (pure). */
export function computeOrderCost(input: CostInput, rates: CostRates): OrderCost {
  const errors: string[] = [];
  if (!isNonNegativeNumber(input.labourHours)) errors.push('labourHours');
  if (!isNonNegativeNumber(input.travelHours)) errors.push('travelHours');
  if (!(Number.isInteger(input.personTimes) && input.personTimes >= 0)) errors.push('personTimes');
  if (!isNonBlank(rates.currency)) errors.push('rates.currency');
  for (const r of ['labourPerHour', 'travelPerHour', 'perPersonTime'] as const)
    if (!isNonNegativeNumber(rates[r])) errors.push(`rates.${r}`);
  assertNoErrors(errors);

  const line = (kind: CostLine['kind'], quantity: number, unit: CostLine['unit'], rate: number): CostLine => ({
    kind,
    quantity,
    unit,
    rate,
    amount: Math.round(quantity * rate),
  });
  const lines = [
    line('labour', input.labourHours, 'hour', rates.labourPerHour),
    line('travel', input.travelHours, 'hour', rates.travelPerHour),
    line('person_times', input.personTimes, 'person_time', rates.perPersonTime),
  ];
  return { currency: rates.currency, lines, total: lines.reduce((s, l) => s + l.amount, 0) };
}

/** The cost of a completed order from its service report; null while it has no report. */
export function orderCost(
  order: { readonly type: WorkOrderType; readonly report: ServiceReport | null },
  rates: CostRates,
): (OrderCost & { category: CostCategory }) | null {
  if (!order.report) return null;
  const { labourHours, travelHours, personTimes } = order.report;
  return { ...computeOrderCost({ labourHours, travelHours, personTimes }, rates), category: costCategory(order.type) };
}
