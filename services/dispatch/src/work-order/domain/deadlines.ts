import { DONE_STATUSES, WorkOrderStatus } from './work-order.state-machine';

/** What the deadline check reads of an order (the WorkOrder aggregate satisfies it). */
export interface DeadlineSubject {
  readonly status: WorkOrderStatus;
  readonly arrivalDeadline: Date;
  readonly completionDeadline: Date;
  readonly arrivedAt: Date | null;
  readonly completedAt: Date | null;
  /** Set once the arrival breach has been recorded. */
  readonly arrivalBreachedAt: Date | null;
  /** Set once the completion overdue has been recorded. */
  readonly completionOverdueAt: Date | null;
}

export interface DeadlineBreach {
  readonly deadline: Date;
  /** The late arrival / completion, or null when it still has not happened. */
  readonly actualAt: Date | null;
  /** Whole minutes past the deadline (rounded up), at `actualAt` or at the check. */
  readonly minutesLate: number;
}

export interface OverdueResult {
  readonly arrival: DeadlineBreach | null;
  readonly completion: DeadlineBreach | null;
}

function minutesLate(deadline: Date, at: Date): number {
  return Math.ceil((at.getTime() - deadline.getTime()) / 60_000);
}

/**
 * Which deadlines are newly breached at `now` (pure; a breach already recorded is not reported
 * again). Arrival is breached when the technician was not on site by the arrival deadline — either
 * still not there after it, or arrived after it. Completion is overdue when the order was not
 * completed by the completion deadline (a rework reopens the question). Being exactly on the
 * deadline is in time. A cancelled order breaches nothing new.
 */
export function checkOverdue(order: DeadlineSubject, now: Date): OverdueResult {
  const cancelled = order.status === 'cancelled';
  let arrival: DeadlineBreach | null = null;
  if (!order.arrivalBreachedAt) {
    const d = order.arrivalDeadline;
    if (order.arrivedAt) {
      if (order.arrivedAt > d) arrival = { deadline: d, actualAt: order.arrivedAt, minutesLate: minutesLate(d, order.arrivedAt) };
    } else if (!cancelled && now > d) {
      arrival = { deadline: d, actualAt: null, minutesLate: minutesLate(d, now) };
    }
  }
  let completion: DeadlineBreach | null = null;
  if (!order.completionOverdueAt) {
    const d = order.completionDeadline;
    if (DONE_STATUSES.includes(order.status) && order.completedAt) {
      if (order.completedAt > d)
        completion = { deadline: d, actualAt: order.completedAt, minutesLate: minutesLate(d, order.completedAt) };
    } else if (!cancelled && now > d) {
      completion = { deadline: d, actualAt: null, minutesLate: minutesLate(d, now) };
    }
  }
  return { arrival, completion };
}
