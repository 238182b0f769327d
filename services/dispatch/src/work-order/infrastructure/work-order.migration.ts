import type { BusinessCalendar } from '@aftercare/sla';
import {
  COMPLETED_HOLD,
  fixedDeadlineClock,
  orderClock,
  type Cancellation,
  type CancellationReasonCode,
  type WorkOrderClocks,
  type WorkOrderSnapshot,
} from '../domain';

/** A work order as it may be stored: the current shape, or an older one. */
export type StoredWorkOrder = Omit<WorkOrderSnapshot, 'clocks' | 'cancellation' | 'terms'> & {
  /** Absent on documents stored before orders kept the case's terms. */
  terms?: WorkOrderSnapshot['terms'] | null;
  /** Absent on documents stored before the order kept SLA clocks. */
  clocks?: WorkOrderClocks | null;
  /** `reasonCode` is absent on orders cancelled before cancellations carried one. */
  cancellation: (Omit<Cancellation, 'reasonCode'> & { reasonCode?: CancellationReasonCode }) | null;
};

/**
 * Brings a stored work order to the current shape before the aggregate loads it; the next save
 * stores it so. Kept out of the aggregate: the domain knows one shape, the store knows its history.
 *
 * - Before cancellations carried a reason code: `other` (the agent decides, as intake did then).
 * - Before SLA clocks: fixed-deadline clocks from the stored deadlines (calendar time, never
 *   paused — as the order was measured then), brought to where the order stands: stopped on
 *   arrival, held at completion, stopped at verification or cancellation, breaches recorded.
 * - Before the case's terms: received when the arrival clock started, no agreement, no quality
 *   problem, fee class unknown (as those orders were planned).
 */
export function migrateWorkOrder(stored: StoredWorkOrder): WorkOrderSnapshot {
  const { clocks, cancellation, terms, ...rest } = stored;
  const migratedClocks = clocks ?? legacyClocks(stored);
  return {
    ...rest,
    terms: terms ?? { receivedAt: migratedClocks.arrival.startedAt, serviceAgreement: null, qualityProblem: false, feeClass: null },
    clocks: migratedClocks,
    cancellation: cancellation && { reasonCode: 'other', ...cancellation },
  };
}

function legacyClocks(state: StoredWorkOrder): WorkOrderClocks {
  const none: readonly BusinessCalendar[] = [];
  let arrival = fixedDeadlineClock('arrival', state.createdAt, state.arrivalDeadline);
  let completion = fixedDeadlineClock('completion', state.createdAt, state.completionDeadline ?? state.arrivalDeadline);
  const ended = state.cancellation?.cancelledAt ?? null;
  if (state.arrivedAt) arrival = orderClock.stop(arrival, none, state.arrivedAt, 'on site');
  if (state.completedAt) completion = orderClock.hold(completion, none, COMPLETED_HOLD, state.completedAt);
  if (state.verification) completion = orderClock.stop(completion, none, state.verification.verifiedAt, 'verified');
  if (ended) {
    arrival = orderClock.stop(arrival, none, ended, 'cancelled');
    completion = orderClock.stop(completion, none, ended, 'cancelled');
  }
  if (state.arrivalBreachedAt) arrival = orderClock.settle(arrival, state.arrivalBreachedAt);
  if (state.completionOverdueAt) completion = orderClock.settle(completion, state.completionOverdueAt);
  return { arrival, completion };
}
