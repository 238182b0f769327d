/**
 * Relationship surveys: each customer is asked on a cadence, quarterly, half-yearly or yearly
 * (source 002 §3, source 003 §3, source 003 §7.4). The next date counts from the last survey
 * sent (or the customer's start); a cadence change moves the next date at once, counted from the
 * same anchor, so a shorter cadence can make a customer due now.
 */
export const CADENCES = ['quarterly', 'half_yearly', 'yearly'] as const;
export type Cadence = (typeof CADENCES)[number];

const MONTHS: Record<Cadence, number> = { quarterly: 3, half_yearly: 6, yearly: 12 };

export function cadenceMonths(cadence: Cadence): number {
  return MONTHS[cadence];
}

/**
 * `anchor` plus the cadence's months, in UTC calendar months; a day that does not exist in the
 * target month falls back to the month's last day (31 Aug + 6 months = 28/29 Feb).
 */
export function nextRelationshipSurveyAt(anchor: Date, cadence: Cadence): Date {
  const months = MONTHS[cadence];
  const target = new Date(Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth() + months, 1, anchor.getUTCHours(), anchor.getUTCMinutes(), anchor.getUTCSeconds(), anchor.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(anchor.getUTCDate(), lastDay));
  return target;
}

/** A customer's relationship-survey schedule. */
export interface RelationshipSchedule {
  customerId: string;
  cadence: Cadence;
  /** The last survey sent, or when the customer was enrolled. */
  anchor: Date;
  nextAt: Date;
}

export function enrol(customerId: string, cadence: Cadence, at: Date): RelationshipSchedule {
  return { customerId, cadence, anchor: at, nextAt: nextRelationshipSurveyAt(at, cadence) };
}

/** The cadence changed: the next date moves, counted from the same anchor. */
export function changeCadence(schedule: RelationshipSchedule, cadence: Cadence): RelationshipSchedule {
  return { ...schedule, cadence, nextAt: nextRelationshipSurveyAt(schedule.anchor, cadence) };
}

export function isRelationshipSurveyDue(schedule: RelationshipSchedule, now: Date): boolean {
  return now.getTime() >= schedule.nextAt.getTime();
}

/** A survey went out at `at`: the next one counts from then. */
export function surveySent(schedule: RelationshipSchedule, at: Date): RelationshipSchedule {
  return { ...schedule, anchor: at, nextAt: nextRelationshipSurveyAt(at, schedule.cadence) };
}
