import { DateTime } from 'luxon';
import type { ReturnAuthorizationState } from '../../return-authorization/domain/return-authorization';
import { returnRate } from '../../return-authorization/domain/return-authorization';
import type { ServiceComplaintState } from '../../service-complaint/domain/service-complaint';

/** `YYYY-MM`, digits spelled out (an OpenAPI reader in another language may take `\d` for any Unicode digit). */
export const MONTH_PATTERN = '^([0-9]{4})-(0[1-9]|1[0-2])$';

/** The month's first instant and the next month's, in the time zone: figures count `from <= t < to`. */
export function monthBounds(month: string, timeZone: string): { from: Date; to: Date } {
  if (!new RegExp(MONTH_PATTERN).test(month)) throw new RangeError(`month must be YYYY-MM, got ${month}`);
  const first = DateTime.fromFormat(month, 'yyyy-MM', { zone: timeZone });
  if (!first.isValid) throw new RangeError(`unknown time zone ${timeZone}`);
  return { from: first.toJSDate(), to: first.plus({ months: 1 }).toJSDate() };
}

/** What the ERP reported delivered in the month, per product model (null: every product together). */
export interface MonthDelivery {
  productModel: string | null;
  unitsDelivered: number;
}

/**
 * Units delivered in the month: the ERP's all-products figure when it sent one, else the sum of
 * its per-model figures (both at once would count the units twice); null when it sent nothing.
 */
export function unitsDeliveredOf(deliveries: readonly MonthDelivery[]): number | null {
  if (deliveries.length === 0) return null;
  const whole = deliveries.find((d) => d.productModel === null);
  return whole ? whole.unitsDelivered : deliveries.reduce((sum, d) => sum + d.unitsDelivered, 0);
}

export interface ClaimsMonthFigures {
  complaints: { received: number; serious: number; confirmed: number; byTechnician: Array<{ technicianId: string; complaints: number }> };
  returns: {
    requested: number;
    /** Units returned with a confirmed defect (source 001 §3), from the returns requested in the month. */
    unitsReturned: number;
    /** null: the ERP reported no deliveries for the month. */
    unitsDelivered: number | null;
    /** unitsReturned ÷ unitsDelivered; null when nothing (or nothing known) was delivered. */
    returnRate: number | null;
  };
}

/**
 * The month's complaint and return figures (source 001 §3). The complaint rate's denominator is the
 * cases intake registered, so it is intake's figure, not computed here.
 */
export function claimsMonthFigures(input: {
  complaints: readonly ServiceComplaintState[];
  returns: readonly ReturnAuthorizationState[];
  deliveries: readonly MonthDelivery[];
}): ClaimsMonthFigures {
  const perTechnician = new Map<string, number>();
  for (const c of input.complaints) if (c.technicianId) perTechnician.set(c.technicianId, (perTechnician.get(c.technicianId) ?? 0) + 1);
  const unitsDelivered = unitsDeliveredOf(input.deliveries);
  const unitsReturned = input.returns.reduce((sum, r) => sum + (r.inspection?.defectConfirmed ? r.inspection.defectiveQuantity : 0), 0);
  return {
    complaints: {
      received: input.complaints.length,
      serious: input.complaints.filter((c) => c.level === 'serious').length,
      confirmed: input.complaints.filter((c) => c.check?.confirmed === true).length,
      byTechnician: [...perTechnician].sort(([a], [b]) => a.localeCompare(b)).map(([technicianId, complaints]) => ({ technicianId, complaints })),
    },
    returns: {
      requested: input.returns.length,
      unitsReturned,
      unitsDelivered,
      returnRate: unitsDelivered === null ? null : returnRate(input.returns, unitsDelivered),
    },
  };
}
