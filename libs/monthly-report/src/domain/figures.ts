/**
 * The month figures each owner publishes for the monthly report (source 001 §7). Each service
 * computes them over its own data; the report only composes them, so no service reads another's
 * database. Money is in minor units (fen, cents) of the tenant's currency; counts are integers.
 * A month is `YYYY-MM` in the tenant's time zone.
 */

export const ZONES = ['city', 'suburb'] as const;
export type Zone = (typeof ZONES)[number];

export interface OnTimeCount {
  onTime: number;
  due: number;
}

/** intake: the cases and their reply clock. */
export interface IntakeMonthFigures {
  /** Cases registered in the month (denominator of the complaint rate). */
  casesRegistered: number;
  /** Cases resolved in the month, of those due for resolution in the month (cancelled and merged excluded). */
  resolved: number;
  dueForResolution: number;
  /** Reply clocks that ended in the month, by the customer's zone. */
  reply: Record<Zone, OnTimeCount>;
}

export interface PersonTimesAndCost {
  personTimes: number;
  cost: number;
}

export interface TechnicianWork {
  technicianId: string;
  jobs: number;
  onTimeArrivals: number;
  firstTimeFixes: number;
  reworks: number;
  repeatRepairs: number;
}

/** dispatch: field work, its cost, arrival on time and the appraisal columns it owns. */
export interface DispatchMonthFigures {
  installationCommissioning: PersonTimesAndCost & {
    /** The part of `cost` that is installation guidance paid under the sales contract (excluded from the total, source 001 §7). */
    contractedGuidanceCost: number;
  };
  fieldService: PersonTimesAndCost;
  /** Arrival clocks of orders on site in the month, by zone (remote counts as suburb, as its 7 h target does). */
  arrival: Record<Zone, OnTimeCount>;
  /** Repair orders completed in the month, and repeat repairs detected among them. */
  repairsCompleted: number;
  repeatRepairs: number;
  technicians: TechnicianWork[];
  /**
   * Technician arranged within 24 h of the orders routed in the month: accepted by the deadline
   * over decided (dispatch's v2, ADR 0043). Absent from a month dispatch published as v1: "not reported".
   */
  technicianArranged?: OnTimeCount;
}

/** parts: what the month's parts requests cost. */
export interface PartsMonthFigures {
  materialCost: number;
  transportCost: number;
}

export interface SatisfactionCount {
  satisfied: number;
  rated: number;
}

/** survey: satisfied (top two levels) over rated, per criterion and per technician. */
export interface SurveyMonthFigures {
  byCriterion: Array<{ criterion: string; label: string } & SatisfactionCount>;
  byTechnician: Array<{ technicianId: string } & SatisfactionCount>;
}

export const QUALITY_CLAIM_URGENCIES = ['urgent', 'normal', 'untriaged'] as const;
export type QualityClaimUrgency = (typeof QUALITY_CLAIM_URGENCIES)[number];

export interface QualityClaimCounts {
  opened: number;
  closed: number;
  overdue: number;
}

/** claims: complaints and returns (the deliveries come from the ERP through claims), quality claims and late replies. */
export interface ClaimsMonthFigures {
  complaints: number;
  complaintsByTechnician: Array<{ technicianId: string; complaints: number }>;
  /** Null while claims does not know them (no returns store, no ERP deliveries): the return rate is "not reported". */
  unitsReturned: number | null;
  unitsDelivered: number | null;
  /** Quality claims opened, closed and overdue in the month, by urgency (claims' v2, ADR 0043; absent from v1: "not reported"). */
  qualityClaims?: QualityClaimCounts & { byUrgency: Array<QualityClaimCounts & { urgency: QualityClaimUrgency }> };
  /** Replies due in the month that came late or not at all, and how many the quality department explained (v2). */
  lateReplies?: { count: number; explained: number };
}

export interface MonthFiguresBySource {
  intake?: IntakeMonthFigures;
  dispatch?: DispatchMonthFigures;
  parts?: PartsMonthFigures;
  survey?: SurveyMonthFigures;
  claims?: ClaimsMonthFigures;
}

export const SOURCES = ['intake', 'dispatch', 'parts', 'survey', 'claims'] as const;
export type Source = (typeof SOURCES)[number];
