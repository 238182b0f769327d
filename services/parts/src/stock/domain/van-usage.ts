/**
 * A technician's van is a warehouse of its own, `van-<technician>` (docs/domain.md, parts). A
 * service report lists the parts fitted; those the parts service delivered to the site for the
 * same work order were taken from the central stock already (picked and shipped), so only the
 * rest came out of the van.
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

/** What the report used beyond what was delivered for the order, per part number (a part listed twice counts twice). */
export function takenFromVan(used: readonly UsedPart[], deliveredForOrder: readonly UsedPart[]): UsedPart[] {
  const delivered = totals(deliveredForOrder);
  return [...totals(used)]
    .map(([partNo, quantity]) => ({ partNo, quantity: quantity - (delivered.get(partNo) ?? 0) }))
    .filter((p) => p.quantity > 0);
}
