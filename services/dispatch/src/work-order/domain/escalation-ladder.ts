import { addBusinessMinutes, DEFAULT_ESCALATION_CHAIN, dueEscalationLevel, type BusinessCalendar, type EscalationStep } from '@aftercare/sla';
import type { CheckedClockName, WorkOrderClock } from './work-order.clocks';
import { TERMINAL_STATUSES, type WorkOrderStatus } from './work-order.state-machine';
import type { Escalation, EscalationReason } from './work-order.types';

/**
 * The escalation chain climbed for an open order whose deadline passed: the dispatcher at the
 * breach, then the service manager, then the deputy GM (docs/domain.md, source 004 §4 and
 * source 001 §4; the timing is the clock's policy). The first step is recorded with the breach
 * (`checkDeadlines`); this module gives the later ones, each once. Pure.
 */

/** The clocks that climb, and the escalation reason each climbs under. */
const CLIMBING = [
  { clock: 'arrival', reason: 'arrival_deadline_breached' },
  { clock: 'completion', reason: 'completion_overdue' },
  { clock: 'technicianArranged', reason: 'technician_not_arranged' },
] as const satisfies ReadonlyArray<{ clock: CheckedClockName; reason: EscalationReason }>;

export interface LadderSubject {
  readonly status: WorkOrderStatus;
  readonly clocks: { readonly arrival: WorkOrderClock; readonly completion: WorkOrderClock; readonly technicianArranged?: WorkOrderClock };
  readonly arrivedAt: Date | null;
  readonly completedAt: Date | null;
  readonly escalations: readonly Escalation[];
}

export interface LadderStep {
  readonly reason: EscalationReason;
  /** 1-based step of the chain. */
  readonly step: number;
  readonly level: string;
}

/** The clock's chain in the order it is climbed. */
export function chainOf(clock: WorkOrderClock): EscalationStep[] {
  return [...(clock.escalationChain ?? DEFAULT_ESCALATION_CHAIN)].sort((a, b) => a.afterMinutesOverdue - b.afterMinutesOverdue);
}

/** The first level of the clock's chain: who the breach itself goes to. */
export const firstLevelOf = (clock: WorkOrderClock): string => chainOf(clock)[0]?.level ?? 'dispatcher';

/** The highest step recorded for the reason (0 = none yet). */
export function stepsRecorded(escalations: readonly Escalation[], reason: EscalationReason): number {
  return escalations.filter((e) => e.reason === reason).reduce((high, e) => Math.max(high, e.step ?? 1), 0);
}

/**
 * Whether the clock's event has happened (the technician arrived, the work was completed, a
 * technician accepted the order): it climbs no further.
 */
function settled(order: LadderSubject, clock: CheckedClockName): boolean {
  if (clock === 'arrival') return order.arrivedAt !== null;
  if (clock === 'completion') return order.completedAt !== null;
  return !order.clocks.technicianArranged || order.clocks.technicianArranged.stoppedAt !== null;
}

const climbing = (order: LadderSubject) =>
  TERMINAL_STATUSES.includes(order.status)
    ? []
    : CLIMBING.filter((c) => !settled(order, c.clock) && stepsRecorded(order.escalations, c.reason) > 0);

/** The clock of a climbing entry (present: `settled` is false only for a clock the order has). */
const clockOf = (order: LadderSubject, name: CheckedClockName): WorkOrderClock => order.clocks[name] as WorkOrderClock;

/**
 * The steps due at `at` and not yet recorded, in order: every level between the last one
 * recorded and the highest one due (a late check sends the ones it missed, none twice).
 * Overdue time is business time on the clock's calendar and stands still while it is paused.
 */
export function dueLadderSteps(order: LadderSubject, calendarOf: (id: string) => BusinessCalendar, at: Date): LadderStep[] {
  const steps: LadderStep[] = [];
  for (const { clock: name, reason } of climbing(order)) {
    const clock = clockOf(order, name);
    const chain = chainOf(clock);
    const due = dueEscalationLevel(clock, { escalationChain: chain }, calendarOf(clock.calendarId), at);
    if (!due) continue;
    for (let step = stepsRecorded(order.escalations, reason) + 1; step <= due.step + 1; step++) steps.push({ reason, step, level: chain[step - 1].level });
  }
  return steps;
}

/**
 * When the next step of a climbing clock falls due (null: none will while nothing changes —
 * the chain is exhausted, or the clock is paused or stopped). Overdue time accrues from the
 * deadline, so the step is due the business minutes of its `afterMinutesOverdue` after it.
 */
export function nextLadderStepAt(order: LadderSubject, calendarOf: (id: string) => BusinessCalendar): Date | null {
  const times: number[] = [];
  for (const { clock: name, reason } of climbing(order)) {
    const clock = clockOf(order, name);
    const next = chainOf(clock)[stepsRecorded(order.escalations, reason)];
    if (!next || !clock.runningSince || !clock.deadline || clock.stoppedAt) continue;
    const dueAt = addBusinessMinutes(calendarOf(clock.calendarId), clock.deadline, next.afterMinutesOverdue).getTime();
    times.push(Math.max(dueAt, clock.deadline.getTime() + 1));
  }
  return times.length ? new Date(Math.min(...times)) : null;
}
