import { DomainError } from '@aftercare/ddd';
import { allocate, type WaitingDemand } from './allocation';
import { applyMovement, levelsFrom, type MovementKind, type StockLevels, type StockMovement } from './stock-ledger';

/**
 * The stock of one part in one warehouse: its ledger, the levels it adds up to, and the demand
 * waiting for it (backordered request lines). Every operation is pure: it returns the item as it
 * must be written and what happened; the repository writes it in ONE conditional
 * single-document update, so levels, ledger and waiting list never disagree.
 */
export interface StockItem {
  warehouseId: string;
  partNo: string;
  levels: StockLevels;
  movements: StockMovement[];
  waiting: WaitingDemand[];
}

export const STOCK_ERRORS = {
  INSUFFICIENT: 'STOCK_INSUFFICIENT',
  INVALID: 'STOCK_INVALID',
} as const;

export function emptyStockItem(warehouseId: string, partNo: string): StockItem {
  return { warehouseId, partNo, levels: levelsFrom([]), movements: [], waiting: [] };
}

export const hasMovement = (item: StockItem, movementId: string): boolean => item.movements.some((m) => m.id === movementId);

function withMovement(item: StockItem, id: string, kind: MovementKind, quantity: number, reference: string | null, at: Date): StockItem {
  const movement: StockMovement = { id, kind, quantity, reference, at };
  return { ...item, levels: applyMovement(item.levels, movement), movements: [...item.movements, movement] };
}

function positive(quantity: number, what: string): void {
  if (!Number.isInteger(quantity) || quantity < 1) throw new DomainError(STOCK_ERRORS.INVALID, `${what}: the quantity must be a positive integer`, 'invalid');
}

export interface ReserveResult {
  item: StockItem;
  /** Units reserved by this call or, for a repeated call, by the first one. */
  reserved: number;
}

/**
 * Reserves up to `quantity` for a request line: what is available, never more, so available
 * never goes below zero. Idempotent by `reservationId`.
 */
export function reserve(item: StockItem, reservationId: string, quantity: number, at: Date): ReserveResult {
  positive(quantity, 'reserve');
  const earlier = item.movements.find((m) => m.id === reservationId);
  if (earlier) return { item, reserved: earlier.quantity };
  const take = Math.min(quantity, Math.max(0, item.levels.available));
  if (take === 0) return { item, reserved: 0 };
  return { item: withMovement(item, reservationId, 'reservation', take, reservationId, at), reserved: take };
}

/** Queues a shortfall behind the stock; a demand already queued is kept as it is. */
export function queueDemand(item: StockItem, demand: WaitingDemand): StockItem {
  if (item.waiting.some((d) => d.demandId === demand.demandId)) return item;
  return { ...item, waiting: [...item.waiting, demand] };
}

/** The demand no longer waits (the request was cancelled). */
export function dropDemand(item: StockItem, demandId: string): StockItem {
  return { ...item, waiting: item.waiting.filter((d) => d.demandId !== demandId) };
}

/** Gives reserved units back to available stock (a cancelled request). Idempotent by `movementId`. */
export function release(item: StockItem, movementId: string, quantity: number, reference: string, at: Date): StockItem {
  positive(quantity, 'release');
  if (hasMovement(item, movementId)) return item;
  return withMovement(item, movementId, 'release', Math.min(quantity, item.levels.reserved), reference, at);
}

/** Takes reserved units off the shelf for a request. Idempotent by `movementId`. */
export function pick(item: StockItem, movementId: string, quantity: number, reference: string, at: Date): StockItem {
  positive(quantity, 'pick');
  if (hasMovement(item, movementId)) return item;
  if (quantity > item.levels.reserved) throw new DomainError(STOCK_ERRORS.INSUFFICIENT, `pick ${quantity} of ${item.partNo}: only ${item.levels.reserved} reserved`, 'conflict');
  return withMovement(item, movementId, 'pick', quantity, reference, at);
}

/** Units a receipt, a count or a release reserved for a waiting demand (a request line). */
export interface ReceiptAllocation {
  reservationId: string;
  demandId: string;
  quantity: number;
}

export interface ReceiveResult {
  item: StockItem;
  /**
   * The waiting demand this receipt (count, release) served, in serving order — read from the
   * ledger, so a repeated one answers the same allocations (a consumer that crashed after the stock write
   * hands them to the requests on redelivery) and changes nothing.
   */
  allocations: ReceiptAllocation[];
}

const allocationsOf = (item: StockItem, receiptId: string): ReceiptAllocation[] =>
  item.movements
    .filter((m) => m.kind === 'reservation' && m.id.startsWith(`${receiptId}>`))
    .map((m) => ({ reservationId: m.id, demandId: m.reference ?? '', quantity: m.quantity }));

/**
 * Units on the shelf while requests wait for the part go to them first, in priority and age order,
 * each allocation a reservation movement `<sourceId>><demandId>` — whatever made them available
 * (a receipt, a count that found more, units a cancelled request gave back). So a newer, less
 * urgent request never takes what an older or more urgent one waits for, and stock never sits on
 * the shelf while a request waits for it. Idempotent by `sourceId`.
 */
export function serveWaiting(item: StockItem, sourceId: string, at: Date): ReceiveResult {
  let next = item;
  for (const { demand, quantity: taken } of allocate(next.levels.available, next.waiting)) {
    const reservationId = `${sourceId}>${demand.demandId}`;
    if (hasMovement(next, reservationId)) continue;
    next = withMovement(next, reservationId, 'reservation', taken, demand.demandId, at);
    const left = demand.quantity - taken;
    next = { ...next, waiting: left > 0 ? next.waiting.map((d) => (d.demandId === demand.demandId ? { ...d, quantity: left } : d)) : dropDemand(next, demand.demandId).waiting };
  }
  return { item: next, allocations: allocationsOf(next, sourceId) };
}

/** Goods arrive: on hand grows, then the waiting demand is served (`serveWaiting`). Idempotent by `receiptId`. */
export function receive(item: StockItem, receiptId: string, quantity: number, at: Date): ReceiveResult {
  positive(quantity, 'receive');
  if (hasMovement(item, receiptId)) return { item, allocations: allocationsOf(item, receiptId) };
  return serveWaiting(withMovement(item, receiptId, 'receipt', quantity, receiptId, at), receiptId, at);
}

/** Picked units leave with a carrier: recorded in the ledger, no level changes (the pick took them off the shelf). */
export function shipOut(item: StockItem, movementId: string, quantity: number, reference: string, at: Date): StockItem {
  positive(quantity, 'ship');
  return hasMovement(item, movementId) ? item : withMovement(item, movementId, 'ship', quantity, reference, at);
}

/** A count (from the ERP or a stock-take) sets on hand; the difference is an adjustment. Idempotent by `countId`. */
export function adjustTo(item: StockItem, countId: string, onHand: number, at: Date): StockItem {
  if (!Number.isInteger(onHand) || onHand < 0) throw new DomainError(STOCK_ERRORS.INVALID, 'a count must be a whole number of units, not negative', 'invalid');
  if (hasMovement(item, countId)) return item;
  const difference = onHand - item.levels.onHand;
  if (difference === 0) return item;
  return withMovement(item, countId, 'adjustment', difference, countId, at);
}

/** A repaired returned part goes back on the shelf; a scrapped one leaves the books. Idempotent by `movementId`. */
export function returnToStock(item: StockItem, movementId: string, quantity: number, reference: string, at: Date): StockItem {
  positive(quantity, 'return');
  return hasMovement(item, movementId) ? item : withMovement(item, movementId, 'return', quantity, reference, at);
}

/**
 * Units fitted from this stock (a technician's van) in a service report. Only available units
 * can be used — never what is reserved, never below zero: a report that needs more is refused
 * (`STOCK_INSUFFICIENT`, naming the part, the warehouse and what it holds). Idempotent by `movementId`.
 */
export function consume(item: StockItem, movementId: string, quantity: number, reference: string, at: Date): StockItem {
  positive(quantity, 'consume');
  if (hasMovement(item, movementId)) return item;
  if (quantity > item.levels.available) {
    throw new DomainError(STOCK_ERRORS.INSUFFICIENT, `${reference} used ${quantity} of ${item.partNo} from ${item.warehouseId}, which holds ${Math.max(0, item.levels.available)} available`, 'conflict');
  }
  return withMovement(item, movementId, 'consumption', quantity, reference, at);
}

/**
 * Units on the shelf found unusable (damaged in the warehouse, past their shelf life) leave the
 * books as a scrap movement, on a quality engineer's decision (source procedure 001's scrap
 * application). Only available units: a reserved unit is a request's and is released first, so
 * available never goes below zero. Idempotent by `scrapId`; `reason` is the movement's reference.
 */
export function scrapFromShelf(item: StockItem, scrapId: string, quantity: number, reason: string, at: Date): StockItem {
  positive(quantity, 'scrap');
  if (hasMovement(item, scrapId)) return item;
  if (quantity > item.levels.available) {
    throw new DomainError(STOCK_ERRORS.INSUFFICIENT, `scrapping ${quantity} of ${item.partNo} in ${item.warehouseId}, which holds ${Math.max(0, item.levels.available)} available (reserved units are released first)`, 'conflict');
  }
  return withMovement(item, scrapId, 'scrap', quantity, reason, at);
}
