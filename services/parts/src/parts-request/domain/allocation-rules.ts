import type { PartsRequestFact } from './parts-request.facts';
import { partsRequestStateMachine } from './parts-request.state-machine';
import { demandIdOf, reservedOf, shortfallOf, type PartCount, type PartsRequestLine, type PartsRequestState, type ReservedPart } from './parts-request.state';

/** A reservation the stock made for one line of the request. */
export interface LineReservation extends ReservedPart {
  lineNo: number;
}

/**
 * Takes the stock's answer for the request's lines and sets the status: every line reserved →
 * `reserved`, some units → `partially_reserved`, none → `backordered`. A line still short gets
 * one purchase request in the ERP, once (source 001 §6 step 2). Reservations already held
 * (same reservation id) count once, so a redelivered allocation changes nothing.
 */
export interface AllocationOutcome {
  facts: PartsRequestFact[];
  /** Lines that now need a purchase request in the ERP (each line once in the request's life). */
  purchases: PartsRequestLine[];
}

export function applyAllocation(id: string, state: PartsRequestState, reservations: readonly LineReservation[], at: Date): AllocationOutcome {
  const known = new Set(state.lines.flatMap((l) => l.reserved.map((r) => r.reservationId)));
  const fresh = reservations.filter((r) => r.quantity > 0 && !known.has(r.reservationId));
  if (fresh.length === 0 && state.status !== 'requested') return { facts: [], purchases: [] };
  for (const reservation of fresh) {
    const line = state.lines.find((l) => l.lineNo === reservation.lineNo);
    if (!line) continue;
    const { lineNo: _lineNo, ...reserved } = reservation;
    line.reserved.push({ ...reserved, quantity: Math.min(reserved.quantity, shortfallOf(line)) });
  }
  const total = state.lines.reduce((sum, l) => sum + reservedOf(l), 0);
  const action = state.lines.every((l) => shortfallOf(l) <= 0) ? 'reserveAll' : total > 0 ? 'reservePart' : 'backorder';
  state.status = partsRequestStateMachine.next(state.status, action);
  const purchases: PartsRequestLine[] = [];
  for (const line of state.lines) {
    const short = shortfallOf(line);
    if (short > 0 && line.partNo && !line.purchaseRequest) {
      line.purchaseRequest = { purchaseRequestId: demandIdOf(id, line.lineNo), partNo: line.partNo, quantity: short, status: 'requested', plannedDate: null };
      purchases.push(line);
    }
  }
  return { facts: [{ kind: 'allocated', at }], purchases };
}

/** The units each part number holds for the request (what is picked, packed and costed). */
export function reservedParts(state: PartsRequestState): PartCount[] {
  const byPart = new Map<string, number>();
  for (const line of state.lines) for (const r of line.reserved) byPart.set(r.partNo, (byPart.get(r.partNo) ?? 0) + r.quantity);
  return [...byPart].map(([partNo, quantity]) => ({ partNo, quantity }));
}
