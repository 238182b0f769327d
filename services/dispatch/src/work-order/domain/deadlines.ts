import { checkBreach, clockStatus, type SlaClock } from '@aftercare/sla';
import { DONE_STATUSES, TERMINAL_STATUSES, WorkOrderStatus } from './work-order.state-machine';

/** What the deadline check reads of an order (the WorkOrder aggregate satisfies it). */
export interface DeadlineSubject {
  readonly status: WorkOrderStatus;
  /** The order's SLA clocks (libs/sla): the deadlines, pauses and breaches come from them. */
  readonly clocks: { readonly arrival: SlaClock; readonly completion: SlaClock; readonly technicianArranged?: SlaClock };
  readonly arrivedAt: Date | null;
  readonly completedAt: Date | null;
  /** Set once the arrival breach has been recorded. */
  readonly arrivalBreachedAt: Date | null;
  /** Set once the completion overdue has been recorded. */
  readonly completionOverdueAt: Date | null;
  /** Set once the technician-arranged breach has been recorded (absent on older orders). */
  readonly arrangementOverdueAt?: Date | null;
  /** While the order waits for the window the customer asked for: when that window starts. */
  readonly customerWaitEndsAt?: Date | null;
}

export interface DeadlineBreach {
  /** The deadline that was missed (the clock's `breachedAt`: its deadline when it ran out). */
  readonly deadline: Date;
  /** The late arrival / completion, or null when it still has not happened. */
  readonly actualAt: Date | null;
  /** Whole minutes past the deadline (rounded up), at `actualAt` or at the check. */
  readonly minutesLate: number;
}

export interface OverdueResult {
  readonly arrival: DeadlineBreach | null;
  readonly completion: DeadlineBreach | null;
  /** No technician had accepted the order by the technician-arranged deadline. */
  readonly technicianArranged: DeadlineBreach | null;
}

function minutesLate(deadline: Date, at: Date): number {
  return Math.max(0, Math.ceil((at.getTime() - deadline.getTime()) / 60_000));
}

/**
 * Which deadlines are newly breached at `now` (pure; a breach already recorded is not reported
 * again). Each deadline is an SLA clock's: a running clock breaches strictly after its deadline,
 * a paused clock (completion while awaiting parts) never breaches, and a resumed clock breaches
 * when the time it had left runs out. Arrival is breached when the technician was not on site by
 * the deadline — still not there, or arrived late (the arrival stopped the clock after it).
 * Completion is overdue when the order was not completed by its deadline (a rework resumes the
 * clock). Exactly on the deadline is in time. A cancelled order breaches nothing new.
 */
export function checkOverdue(order: DeadlineSubject, now: Date): OverdueResult {
  const cancelled = order.status === 'cancelled';
  let arrival: DeadlineBreach | null = null;
  if (!order.arrivalBreachedAt) {
    const d = checkBreach(order.clocks.arrival, now).clock.breachedAt;
    if (d) {
      if (order.arrivedAt) arrival = { deadline: d, actualAt: order.arrivedAt, minutesLate: minutesLate(d, order.arrivedAt) };
      else if (!cancelled) arrival = { deadline: d, actualAt: null, minutesLate: minutesLate(d, now) };
    }
  }
  let completion: DeadlineBreach | null = null;
  if (!order.completionOverdueAt) {
    const d = checkBreach(order.clocks.completion, now).clock.breachedAt;
    if (d) {
      if (DONE_STATUSES.includes(order.status) && order.completedAt)
        completion = { deadline: d, actualAt: order.completedAt, minutesLate: minutesLate(d, order.completedAt) };
      else if (!cancelled) completion = { deadline: d, actualAt: null, minutesLate: minutesLate(d, now) };
    }
  }
  return { arrival, completion, technicianArranged: arrangementBreach(order, now) };
}

/**
 * The technician-arranged clock stops when a technician accepts the order: accepted after its
 * deadline is a late arrangement, still unaccepted a breach open now. An order cancelled before
 * anyone accepted it breaches nothing new (its clock stopped with the cancellation).
 */
function arrangementBreach(order: DeadlineSubject, now: Date): DeadlineBreach | null {
  const clock = order.clocks.technicianArranged;
  if (!clock || order.arrangementOverdueAt) return null;
  const d = checkBreach(clock, now).clock.breachedAt;
  if (!d) return null;
  const acceptedAt = clock.stoppedAt && arrangedBy(clock) ? clock.stoppedAt : null;
  if (acceptedAt) return { deadline: d, actualAt: acceptedAt, minutesLate: minutesLate(d, acceptedAt) };
  if (clock.stoppedAt) return null;
  return { deadline: d, actualAt: null, minutesLate: minutesLate(d, now) };
}

/** Whether the clock was stopped by a technician's acceptance (not by a cancellation). */
export function arrangedBy(clock: SlaClock): boolean {
  return clock.history.some((entry) => entry.kind === 'stopped' && entry.detail === 'accepted');
}

/**
 * When a deadline check can next find something (pure): for each clock whose breach the order has
 * not recorded, the instant after its deadline while it runs — or its breach time when a
 * transition already recorded one (a pause after an unnoticed deadline), i.e. at once. A paused
 * or stopped clock on time needs no check (null). Closed and cancelled orders need none. An order
 * waiting for the customer's later window is checked when the window starts (its wait ends then).
 */
export function nextDeadlineCheckAt(order: DeadlineSubject): Date | null {
  if (TERMINAL_STATUSES.includes(order.status)) return null;
  const times: number[] = [];
  const consider = (clock: SlaClock, recorded: Date | null): void => {
    if (recorded) return;
    if (clock.breachedAt) times.push(clock.breachedAt.getTime());
    else if (clockStatus(clock) === 'running' && clock.deadline) times.push(clock.deadline.getTime() + 1);
  };
  consider(order.clocks.arrival, order.arrivalBreachedAt);
  consider(order.clocks.completion, order.completionOverdueAt);
  if (order.clocks.technicianArranged) consider(order.clocks.technicianArranged, order.arrangementOverdueAt ?? null);
  if (order.customerWaitEndsAt) times.push(order.customerWaitEndsAt.getTime());
  return times.length ? new Date(Math.min(...times)) : null;
}
