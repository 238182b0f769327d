import {
  DEFAULT_CALENDARS,
  SlaError,
  checkBreach,
  clockStatus,
  findCalendar,
  onStateChange,
  pauseClock,
  resumeClock,
  startClock,
  stopClock,
  type BusinessCalendar,
  type EscalationStep,
  type SlaClock,
  type StartableClock,
} from '@aftercare/sla';
import { isValidDate } from './validation';

/** The two SLA clocks a work order keeps (libs/sla `arrival` and `completion`). */
export const WORK_ORDER_CLOCKS = ['arrival', 'completion'] as const;
export type WorkOrderClockName = (typeof WORK_ORDER_CLOCKS)[number];

/**
 * An SLA clock kept on the order, with the order states that pause it — taken from the policy when
 * the clock started, so a later policy change does not silently change a running order.
 */
export interface WorkOrderClock extends SlaClock {
  readonly pauseInStates: string[];
  /** Who is told how long after the breach (from the policy; absent on older orders: libs/sla's default chain). */
  readonly escalationChain?: EscalationStep[];
}

export interface WorkOrderClocks {
  readonly arrival: WorkOrderClock;
  readonly completion: WorkOrderClock;
  /**
   * Technician arranged (source 004 §3: 24 h): from routing until a technician accepts the order.
   * Absent on orders created before it ran and on orders created with fixed deadlines.
   */
  readonly technicianArranged?: WorkOrderClock;
}

/** The clocks a deadline check and the escalation ladder look at, by their name on the order. */
export type CheckedClockName = keyof WorkOrderClocks;

/** The clock definitions an order is created with: a `ResolvedClock` of libs/sla fits. */
export type WorkOrderClockDefinition = StartableClock & { readonly escalationChain?: readonly EscalationStep[] };

/**
 * Pause reason of the completion clock from `complete` until QC: the report is filed, so the
 * time QC takes is not the technician's; a rework resumes the clock, `verify` stops it. Not a
 * state of `pauseInStates`, so a state change never resumes it by accident (a manual hold).
 */
export const COMPLETED_HOLD = 'completed_pending_qc';

/** Calendar of fixed deadlines: plain calendar time. */
export const FIXED_DEADLINE_CALENDAR_ID = '24x7';

/** The clock's calendar: the order's calendars first, then libs/sla's defaults. */
export function calendarFor(calendars: readonly BusinessCalendar[], calendarId: string): BusinessCalendar {
  // An unknown id is SLA_CALENDAR_NOT_FOUND (a configuration error).
  return calendars.find((c) => c.id === calendarId) ?? findCalendar(DEFAULT_CALENDARS, calendarId);
}

const withRules = (clock: SlaClock, pauseInStates: readonly string[]): WorkOrderClock => ({ ...clock, pauseInStates: [...pauseInStates] });

/** Starts a policy clock at `at` (running; the order applies its first state right after). */
export function startOrderClock(def: WorkOrderClockDefinition, calendars: readonly BusinessCalendar[], at: Date): WorkOrderClock {
  const clock = withRules(startClock(def, calendarFor(calendars, def.calendarId), at), def.pauseInStates);
  // The libs/sla transitions spread the clock, so the chain stays with it from here on.
  return def.escalationChain ? { ...clock, escalationChain: def.escalationChain.map((s) => ({ ...s })) } : clock;
}

/**
 * A fixed deadline as a clock: calendar time (24x7), never paused, due exactly at `deadline`.
 * Used for orders created with fixed deadlines (tests, imports) and for documents stored before
 * the order kept clocks. A deadline not after `from` starts the clock a minute before it.
 */
export function fixedDeadlineClock(name: WorkOrderClockName, from: Date, deadline: Date): WorkOrderClock {
  const startMs = Math.min(from.getTime(), deadline.getTime() - 60_000);
  const targetMinutes = (deadline.getTime() - startMs) / 60_000;
  const calendar = calendarFor([], FIXED_DEADLINE_CALENDAR_ID);
  return withRules(
    startClock({ name, targetMinutes, calendarId: calendar.id, pauseInStates: [] }, calendar, new Date(startMs)),
    [],
  );
}

/**
 * Pure moves of one order clock; each returns the same object when nothing changes (libs/sla's
 * idempotence), so `next === clock` means nothing to save.
 */
export const orderClock = {
  /** The order entered `state`: pauses in a pause state, resumes when leaving one. */
  stateChanged(clock: WorkOrderClock, calendars: readonly BusinessCalendar[], state: string, at: Date): WorkOrderClock {
    const next = onStateChange(clock, clock, calendarFor(calendars, clock.calendarId), state, at);
    return next === clock ? clock : withRules(next, clock.pauseInStates);
  },
  stop(clock: WorkOrderClock, calendars: readonly BusinessCalendar[], at: Date, detail: string): WorkOrderClock {
    const next = stopClock(clock, calendarFor(calendars, clock.calendarId), at, detail);
    return next === clock ? clock : withRules(next, clock.pauseInStates);
  },
  hold(clock: WorkOrderClock, calendars: readonly BusinessCalendar[], reason: string, at: Date): WorkOrderClock {
    if (clockStatus(clock) === 'stopped') return clock;
    const next = pauseClock(clock, calendarFor(calendars, clock.calendarId), reason, at);
    return next === clock ? clock : withRules(next, clock.pauseInStates);
  },
  /** Ends a hold (`reason`) only; a pause by state stays until the state is left. */
  release(clock: WorkOrderClock, calendars: readonly BusinessCalendar[], reason: string, at: Date): WorkOrderClock {
    if (clock.pausedReason !== reason) return clock;
    const next = resumeClock(clock, calendarFor(calendars, clock.calendarId), at);
    return next === clock ? clock : withRules(next, clock.pauseInStates);
  },
  /** Records a breach that happened by `at` (at the deadline, once). */
  settle(clock: WorkOrderClock, at: Date): WorkOrderClock {
    const { clock: next } = checkBreach(clock, at);
    return next === clock ? clock : withRules(next, clock.pauseInStates);
  },
};

/**
 * The order's two clocks moved together by what happens to the order. Each returns the clocks
 * after the move; the order mirrors their deadlines (`mirroredDeadlines`).
 */
export const workOrderClocks = {
  /** Every status change: a clock pauses in its pause states and resumes when they are left. */
  enterState(clocks: WorkOrderClocks, calendars: readonly BusinessCalendar[], state: string, at: Date): WorkOrderClocks {
    return {
      arrival: orderClock.stateChanged(clocks.arrival, calendars, state, at),
      completion: orderClock.stateChanged(clocks.completion, calendars, state, at),
      ...arranged(clocks, (c) => orderClock.stateChanged(c, calendars, state, at)),
    };
  },
  /** A technician accepted the order: the technician is arranged (a later reassignment does not restart the clock). */
  accepted(clocks: WorkOrderClocks, calendars: readonly BusinessCalendar[], at: Date): WorkOrderClocks {
    return { ...clocks, ...arranged(clocks, (c) => orderClock.stop(c, calendars, at, 'accepted')) };
  },
  /** On site: the arrival clock stops. */
  arrived(clocks: WorkOrderClocks, calendars: readonly BusinessCalendar[], at: Date): WorkOrderClocks {
    return { ...clocks, arrival: orderClock.stop(clocks.arrival, calendars, at, 'on site') };
  },
  /** The report is filed: the completion clock is held, not stopped (a QC rework resumes it). */
  completed(clocks: WorkOrderClocks, calendars: readonly BusinessCalendar[], at: Date): WorkOrderClocks {
    return { ...clocks, completion: orderClock.hold(clocks.completion, calendars, COMPLETED_HOLD, at) };
  },
  /** QC sends the job back: the completion clock goes on from the time it had used. */
  reopened(clocks: WorkOrderClocks, calendars: readonly BusinessCalendar[], at: Date): WorkOrderClocks {
    return { ...clocks, completion: orderClock.release(clocks.completion, calendars, COMPLETED_HOLD, at) };
  },
  /** QC passes: the completion clock stops. */
  verified(clocks: WorkOrderClocks, calendars: readonly BusinessCalendar[], at: Date): WorkOrderClocks {
    return { ...clocks, completion: orderClock.stop(clocks.completion, calendars, at, 'verified') };
  },
  /** Cancelled: both clocks stop. */
  cancelled(clocks: WorkOrderClocks, calendars: readonly BusinessCalendar[], at: Date): WorkOrderClocks {
    return {
      arrival: orderClock.stop(clocks.arrival, calendars, at, 'cancelled'),
      completion: orderClock.stop(clocks.completion, calendars, at, 'cancelled'),
      ...arranged(clocks, (c) => orderClock.stop(c, calendars, at, 'cancelled')),
    };
  },
  /** Breaches found at `at` are recorded on their clocks too (at the deadline), so they are never reported again. */
  settle(clocks: WorkOrderClocks, breached: Partial<Record<CheckedClockName, boolean>>, at: Date): WorkOrderClocks {
    return {
      arrival: breached.arrival ? orderClock.settle(clocks.arrival, at) : clocks.arrival,
      completion: breached.completion ? orderClock.settle(clocks.completion, at) : clocks.completion,
      ...arranged(clocks, (c) => (breached.technicianArranged ? orderClock.settle(c, at) : c)),
    };
  },
};

/** The technician-arranged clock moved by `move`, or nothing when the order has none. */
function arranged(clocks: WorkOrderClocks, move: (clock: WorkOrderClock) => WorkOrderClock): { technicianArranged?: WorkOrderClock } {
  return clocks.technicianArranged ? { technicianArranged: move(clocks.technicianArranged) } : {};
}

/**
 * The deadline a paused clock will have when it runs again at `resumesAt`, with the time it has
 * used kept (a running or stopped clock keeps its own).
 */
export function deadlineOnResume(clock: WorkOrderClock, calendars: readonly BusinessCalendar[], resumesAt: Date): Date | null {
  if (clockStatus(clock) !== 'paused') return clock.deadline;
  return resumeClock(clock, calendarFor(calendars, clock.calendarId), resumesAt).deadline;
}

/**
 * The deadlines the order shows next to its clocks: the arrival clock's (its last known one once
 * the clock stops; while the order waits for the customer's later window, the one it will have
 * when the window starts) and the completion clock's (null while that clock is paused or held).
 */
export function mirroredDeadlines(
  clocks: WorkOrderClocks,
  arrivalBefore: Date,
  customerWait: { endsAt: Date; calendars: readonly BusinessCalendar[] } | null = null,
): { arrivalDeadline: Date; completionDeadline: Date | null } {
  const arrival = customerWait ? deadlineOnResume(clocks.arrival, customerWait.calendars, customerWait.endsAt) : clocks.arrival.deadline;
  return { arrivalDeadline: arrival ?? arrivalBefore, completionDeadline: clocks.completion.deadline };
}

/** How a new order's clocks are given: policy clocks, or fixed deadlines (imports, tests). */
export interface NewOrderClocks {
  clocks?: {
    arrival: WorkOrderClockDefinition;
    completion: WorkOrderClockDefinition;
    /** Arrival and completion run from here (the customer's call); default: the order's creation. */
    startedAt?: Date;
    /** The technician-arranged clock (none when left out). */
    technicianArranged?: WorkOrderClockDefinition;
    /** It runs from the case's routing; default: the order's creation. */
    routedAt?: Date;
  };
  arrivalDeadline?: Date;
  completionDeadline?: Date;
}

/**
 * The arrival and completion clocks of a new order: the policy clocks when given (started at
 * `startedAt`, default `at`), else fixed deadlines (the completion one not before the arrival
 * one). Names the bad fields in `errors` and returns null when it cannot start them.
 */
export function startWorkOrderClocks(
  input: NewOrderClocks,
  calendars: readonly BusinessCalendar[],
  at: Date,
  errors: string[],
): WorkOrderClocks | null {
  const definitions = input.clocks;
  if (definitions) {
    const startedAt = definitions.startedAt ?? at;
    if (!isValidDate(startedAt)) {
      errors.push('clocks.startedAt');
      return null;
    }
    const routedAt = definitions.routedAt ?? at;
    if (!isValidDate(routedAt)) {
      errors.push('clocks.routedAt');
      return null;
    }
    const start = (name: CheckedClockName, def: WorkOrderClockDefinition, from: Date): WorkOrderClock | null => {
      try {
        return startOrderClock(def, calendars, from);
      } catch (error) {
        if (!(error instanceof SlaError)) throw error;
        errors.push(`clocks.${name}`);
        return null;
      }
    };
    const arrival = start('arrival', definitions.arrival, startedAt);
    const completion = start('completion', definitions.completion, startedAt);
    if (!definitions.technicianArranged) return arrival && completion ? { arrival, completion } : null;
    const technicianArranged = start('technicianArranged', definitions.technicianArranged, routedAt);
    return arrival && completion && technicianArranged ? { arrival, completion, technicianArranged } : null;
  }
  const from = isValidDate(at) ? at : new Date(0);
  if (!isValidDate(input.arrivalDeadline)) errors.push('arrivalDeadline');
  if (!isValidDate(input.completionDeadline)) errors.push('completionDeadline');
  else if (isValidDate(input.arrivalDeadline) && input.completionDeadline < input.arrivalDeadline) errors.push('completionDeadline');
  if (!isValidDate(input.arrivalDeadline) || !isValidDate(input.completionDeadline)) return null;
  return {
    arrival: fixedDeadlineClock('arrival', from, input.arrivalDeadline),
    completion: fixedDeadlineClock('completion', from, input.completionDeadline),
  };
}
