/**
 * Who gets scarce stock first: the waiting demand of the most urgent case (P1, a line stoppage,
 * before P3), then the oldest (design; source 001 §6 asks for the needed-by date to be met, the
 * priority of the case says whose date matters more).
 */
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** A shortfall waiting for stock: one parts request line. */
export interface WaitingDemand {
  /** `<partsRequestId>:<lineNo>`. */
  demandId: string;
  partsRequestId: string;
  lineNo: number;
  quantity: number;
  priority: Priority;
  requestedAt: Date;
}

export interface Allocation {
  demand: WaitingDemand;
  quantity: number;
}

export function servingOrder(a: WaitingDemand, b: WaitingDemand): number {
  return (
    PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority) ||
    a.requestedAt.getTime() - b.requestedAt.getTime() ||
    a.demandId.localeCompare(b.demandId)
  );
}

/**
 * Shares `available` units among the waiting demands in serving order. A demand that cannot be
 * met in full takes what is left (a partial reservation); the ones after it get nothing.
 */
export function allocate(available: number, waiting: readonly WaitingDemand[]): Allocation[] {
  const allocations: Allocation[] = [];
  let left = Math.max(0, available);
  for (const demand of [...waiting].sort(servingOrder)) {
    if (left === 0) break;
    const quantity = Math.min(left, demand.quantity);
    if (quantity > 0) allocations.push({ demand, quantity });
    left -= quantity;
  }
  return allocations;
}
