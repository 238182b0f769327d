import type { StockItem } from './stock-item';

/**
 * Parts fitted for a work order leave the stock they were taken from (docs/domain.md, parts): a
 * technician's van is a warehouse of its own, `van-<technician>`, and a carried-in repair takes
 * its parts from the workshop's stock. Those the parts service delivered to the site for the same
 * work order were taken from the central stock already (picked and shipped), and what the
 * workshop fitted for the order was taken there, so only the rest comes out of the stock at hand.
 */
export interface UsedPart {
  partNo: string;
  quantity: number;
}

export const vanOf = (technicianId: string): string => `van-${technicianId}`;

function totals(parts: readonly UsedPart[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const p of parts) sums.set(p.partNo, (sums.get(p.partNo) ?? 0) + p.quantity);
  return sums;
}

/** What was fitted beyond what other stock already gave for the order, per part number (a part listed twice counts twice). */
export function takenFromStock(used: readonly UsedPart[], coveredElsewhere: readonly UsedPart[]): UsedPart[] {
  const covered = totals(coveredElsewhere);
  return [...totals(used)]
    .map(([partNo, quantity]) => ({ partNo, quantity: quantity - (covered.get(partNo) ?? 0) }))
    .filter((p) => p.quantity > 0);
}

/** The units this stock item gave up for a work order by consumption (fitted from it), from the ledger. */
export function usedFor(item: StockItem, workOrderId: string): UsedPart {
  const quantity = item.movements.filter((m) => m.kind === 'consumption' && m.reference === workOrderId).reduce((sum, m) => sum + m.quantity, 0);
  return { partNo: item.partNo, quantity };
}
