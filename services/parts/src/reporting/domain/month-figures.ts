import type { DeliveryState, PartsRequestSnapshot } from '../../parts-request/domain/parts-request.state';

/** The month's parts figures of a tenant, for the monthly report (source 001 §7: material and transport cost). */
export interface MonthFigures {
  month: string;
  requests: number;
  cancelled: number;
  materialCost: number;
  transportCost: number;
  /** Share of the month's live requests served in full from stock when they were made (0–1; null without requests). */
  fillRate: number | null;
  /** Share of the month's live requests that needed a purchase request in the ERP (0–1; null without requests). */
  backorderRate: number | null;
  /** Mean hours from request to delivery over the delivered ones; null when none was delivered. */
  averageLeadTimeHours: number | null;
}

const round = (value: number, places: number): number => Math.round(value * 10 ** places) / 10 ** places;

/**
 * Adds up the requests made in `month` (YYYY-MM). Cancelled requests are counted but neither cost
 * nor rate anything. "From stock" means every unit was reserved by the request itself, before any
 * goods receipt (a receipt's reservation ids carry `>`).
 */
export function monthFigures(month: string, requests: readonly PartsRequestSnapshot[]): MonthFigures {
  const live = requests.filter((r) => r.status !== 'cancelled');
  const unitsOf = (r: PartsRequestSnapshot, fromStock: boolean) =>
    r.lines.reduce((sum, l) => sum + l.reserved.filter((x) => !fromStock || !x.reservationId.includes('>')).reduce((s, x) => s + x.quantity, 0), 0);
  const wanted = (r: PartsRequestSnapshot) => r.lines.reduce((sum, l) => sum + l.quantity, 0);
  const fromStock = live.filter((r) => unitsOf(r, true) >= wanted(r)).length;
  const backordered = live.filter((r) => r.lines.some((l) => l.purchaseRequest !== null)).length;
  const delivered = live.filter((r): r is PartsRequestSnapshot & { delivery: DeliveryState } => r.delivery !== null);
  const material = live.reduce((sum, r) => sum + r.lines.reduce((s, l) => s + l.reserved.reduce((q, x) => q + x.quantity, 0) * l.unitCost, 0), 0);
  const transport = live.reduce((sum, r) => sum + (r.shipment?.transportCost ?? 0), 0);
  const leadHours = delivered.map((r) => (r.delivery.deliveredAt.getTime() - r.requestedAt.getTime()) / 3_600_000);
  return {
    month,
    requests: requests.length,
    cancelled: requests.length - live.length,
    materialCost: round(material, 2),
    transportCost: round(transport, 2),
    fillRate: live.length ? round(fromStock / live.length, 4) : null,
    backorderRate: live.length ? round(backordered / live.length, 4) : null,
    averageLeadTimeHours: leadHours.length ? round(leadHours.reduce((a, b) => a + b, 0) / leadHours.length, 2) : null,
  };
}

/** The first instant of a month and of the next (UTC), or null for anything but YYYY-MM. */
/** A month as the API takes it, `YYYY-MM` (also the path parameter's documented pattern). */
export const MONTH_PATTERN = '^(\\d{4})-(0[1-9]|1[0-2])$';

export function monthBounds(month: string): { from: Date; to: Date } | null {
  const match = new RegExp(MONTH_PATTERN).exec(month);
  if (!match) return null;
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  return { from: firstOfMonth(year, index), to: firstOfMonth(year, index + 1) };
}

/** `Date.UTC` reads the years 0–99 as 1900–1999; `setUTCFullYear` does not. */
function firstOfMonth(year: number, monthIndex: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, 1);
  return date;
}
