import {
  checkBreach,
  dueEscalationLevel,
  nextEscalation,
  type BusinessCalendar,
  type ClockDefinition,
  type PolicyCriteria,
  type Priority,
  type SlaClock,
  type Zone,
} from '@aftercare/sla';

/**
 * The reply clock of one case, as the scheduler sees it: the clock itself (libs/sla), the
 * definition it runs on, and what has been told to the case so far. Pure data and functions;
 * the store and the scheduler live in ../infrastructure and ../application.
 */
export interface TrackedClock {
  clock: SlaClock;
  definition: Pick<ClockDefinition, 'escalationChain' | 'pauseInStates'>;
  /** Escalation steps already sent to the case (0 = none; 1 = the first level of the chain). */
  escalationStep: number;
  /** The case has been told about the breach (its `sla-breached` event is in its outbox). */
  breachNotified: boolean;
}

/** What the scheduler must do for a due clock: tell the case, then store the new state. */
export interface DueWork {
  clock: SlaClock;
  /** Record `sla-breached` on the case with this due time (the clock's breachedAt: stable across retargets). */
  breach: { dueAt: Date } | null;
  /** Escalation levels to raise on the case, in order (1-based, the chain's step + 1). */
  escalations: Array<{ level: number; name: string }>;
  escalationStep: number;
  breachNotified: boolean;
  nextCheckAt: Date | null;
}

/**
 * A clock is breached strictly after its deadline, and an escalation step is due once its
 * overdue minutes have passed: the scheduler looks one millisecond later so it never finds the
 * clock "exactly on time" and has to come back.
 */
const JUST_AFTER_MS = 1;

const sortedChain = (def: TrackedClock['definition']) =>
  [...def.escalationChain].sort((a, b) => a.afterMinutesOverdue - b.afterMinutesOverdue);

/**
 * When the scheduler should look at the clock next: now when something is owed to the case
 * (a breach not yet told, an escalation step due and not sent), the deadline while it is not
 * breached, the next escalation step once breached, and never while paused, stopped or when the
 * chain is exhausted.
 */
export function planNextCheck(tracked: TrackedClock, calendar: BusinessCalendar, now: Date): Date | null {
  const { clock, definition, escalationStep, breachNotified } = tracked;
  if (clock.breachedAt && !breachNotified) return now;
  if (clock.stoppedAt || !clock.runningSince || !clock.deadline) return null;
  if (!clock.breachedAt) return new Date(clock.deadline.getTime() + JUST_AFTER_MS);
  const due = dueEscalationLevel(clock, definition, calendar, now);
  if (due && due.step + 1 > escalationStep) return now;
  const next = nextEscalation(clock, definition, calendar, now);
  return next ? new Date(next.dueAt.getTime() + JUST_AFTER_MS) : null;
}

/**
 * The scheduler's decision for a clock it claimed at `now`: record the breach once, send every
 * escalation step between the last one sent and the one due, and plan the next check.
 */
export function evaluateDue(tracked: TrackedClock, calendar: BusinessCalendar, now: Date): DueWork {
  const { clock } = checkBreach(tracked.clock, now);
  const breach = clock.breachedAt && !tracked.breachNotified ? { dueAt: clock.breachedAt } : null;
  const due = dueEscalationLevel(clock, tracked.definition, calendar, now);
  const reached = due ? due.step + 1 : 0;
  const chain = sortedChain(tracked.definition);
  const escalations: DueWork['escalations'] = [];
  for (let level = tracked.escalationStep + 1; level <= reached; level++) escalations.push({ level, name: chain[level - 1].level });
  const next: TrackedClock = {
    ...tracked,
    clock,
    escalationStep: Math.max(tracked.escalationStep, reached),
    breachNotified: tracked.breachNotified || clock.breachedAt !== null,
  };
  return {
    clock,
    breach,
    escalations,
    escalationStep: next.escalationStep,
    breachNotified: next.breachNotified,
    nextCheckAt: planNextCheck(next, calendar, now),
  };
}

const PRIORITIES: readonly string[] = ['P1', 'P2', 'P3', 'P4'];
const ZONES: readonly string[] = ['city', 'suburb', 'remote'];

/**
 * What the case tells policy resolution: its type, priority, zone and the level of its service
 * agreement (e.g. 'premium': the reply within 8 h; no agreement selects no agreement policy).
 */
export function criteriaOfCase(
  tenantId: string,
  c: { requestedType?: string | null; priority?: string | null; zone?: string | null; agreementLevel?: string | null },
): PolicyCriteria {
  return {
    tenantId,
    ...(c.agreementLevel ? { agreement: c.agreementLevel } : {}),
    ...(c.requestedType ? { caseType: c.requestedType } : {}),
    ...(c.priority && PRIORITIES.includes(c.priority) ? { priority: c.priority as Priority } : {}),
    ...(c.zone && ZONES.includes(c.zone) ? { zone: c.zone as Zone } : {}),
  };
}

/** The case statuses that mean the customer has had the substantive reply the clock measures. */
export const REPLIED_STATUSES: readonly string[] = ['in_progress', 'resolved', 'confirmed', 'closed', 'rejected', 'cancelled'];
