import { UNDISPATCHED_STATUSES, WorkOrderStatus } from './work-order.state-machine';
import { PRIORITIES, Priority } from './work-order.types';

/** What the dispatch queue reads of an order (the WorkOrder aggregate satisfies it). */
export interface QueuedOrder {
  readonly id: string;
  readonly status: WorkOrderStatus;
  readonly priority: Priority;
  readonly arrivalDeadline: Date;
  readonly createdAt: Date;
  readonly carryOverCount: number;
  /** The end of the last working day the order was carried over from. */
  readonly lastCarriedOverAt: Date | null;
}

export interface CarryOverState {
  readonly carriedOver: boolean;
  readonly carryOverCount: number;
  readonly lastCarriedOverAt: Date | null;
  /** Position class in the dispatch queue, lower first (see `queueRank`). */
  readonly queueRank: number;
}

/** P1 → 1 … P4 → 4. */
export function priorityRank(priority: Priority): number {
  return PRIORITIES.indexOf(priority) + 1;
}

/**
 * An order's class in the dispatch queue: its priority rank, raised one level for every working day
 * it was carried over, never above 0 (so a P1 carried over is ahead of every fresh P1, a P2 carried
 * over ranks with fresh P1s, and a long-waiting order eventually overtakes new ones).
 */
export function queueRank(priority: Priority, carryOverCount: number): number {
  return Math.max(0, priorityRank(priority) - carryOverCount);
}

/**
 * "Jobs not dispatched today get priority the next day" (R193). At or after `endOfDay`, an order
 * that existed before it and is still waiting for a technician (created, or declined and not yet
 * reassigned) is carried over: its count goes up by one — once per working day, so calling this
 * again for the same `endOfDay` changes nothing. Pure: returns the new state, never mutates.
 */
export function carryOverPriority(order: QueuedOrder, now: Date, endOfDay: Date): CarryOverState {
  const unchanged: CarryOverState = {
    carriedOver: order.carryOverCount > 0,
    carryOverCount: order.carryOverCount,
    lastCarriedOverAt: order.lastCarriedOverAt,
    queueRank: queueRank(order.priority, order.carryOverCount),
  };
  const due =
    UNDISPATCHED_STATUSES.includes(order.status) &&
    now.getTime() >= endOfDay.getTime() &&
    order.createdAt.getTime() < endOfDay.getTime() &&
    (order.lastCarriedOverAt === null || order.lastCarriedOverAt.getTime() < endOfDay.getTime());
  if (!due) return unchanged;
  const count = order.carryOverCount + 1;
  return {
    carriedOver: true,
    carryOverCount: count,
    lastCarriedOverAt: new Date(endOfDay.getTime()),
    queueRank: queueRank(order.priority, count),
  };
}

/**
 * Dispatch queue order: queue rank, then the earlier arrival deadline, then the older order, then
 * id. Use with `Array.prototype.sort`.
 */
export function compareDispatchQueue(a: QueuedOrder, b: QueuedOrder): number {
  return (
    queueRank(a.priority, a.carryOverCount) - queueRank(b.priority, b.carryOverCount) ||
    a.arrivalDeadline.getTime() - b.arrivalDeadline.getTime() ||
    a.createdAt.getTime() - b.createdAt.getTime() ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** What the shift-start assignment reads of an order (the WorkOrder aggregate satisfies it). */
export interface CarriedOverOrder extends QueuedOrder {
  /** When automatic assignment (or a dispatcher) last decided about the order; null = never. */
  readonly lastAssignmentAttemptAt: Date | null;
}

/**
 * "Orders carried over from the previous day are offered first" (R193): an order carried over and
 * still waiting for a technician is assigned again automatically when the next working day starts
 * (`shiftStart`: the first working instant after the day it was carried over from) — once: an
 * attempt made since then (automatic or by a dispatcher) settles it until the next carry-over.
 * Returns when the attempt is due, or null. Pure.
 */
export function carryOverAssignmentDueAt(order: CarriedOverOrder, shiftStart: Date): Date | null {
  if (!UNDISPATCHED_STATUSES.includes(order.status) || !order.lastCarriedOverAt) return null;
  if (order.lastAssignmentAttemptAt && order.lastAssignmentAttemptAt.getTime() >= shiftStart.getTime()) return null;
  return shiftStart;
}

/**
 * Carry-over order, oldest first: the order carried over most days, then the one created first,
 * then id. The shift-start assignment offers technicians in this order, and the dispatcher's board
 * lists carried-over orders so, ahead of the rest.
 */
export function compareCarryOver(a: QueuedOrder, b: QueuedOrder): number {
  return (
    b.carryOverCount - a.carryOverCount ||
    a.createdAt.getTime() - b.createdAt.getTime() ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** The dispatcher's board: carried-over orders first (oldest first), then the dispatch queue order. */
export function compareBoard(a: QueuedOrder, b: QueuedOrder): number {
  const carried = (o: QueuedOrder) => (o.carryOverCount > 0 ? 0 : 1);
  return carried(a) - carried(b) || (carried(a) === 0 ? compareCarryOver(a, b) : compareDispatchQueue(a, b));
}
