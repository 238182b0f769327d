/**
 * Month figures for the monthly report: each owner publishes its own on the shared topic
 * `aftercare.public.month-figures.v1` (key = `<tenantId>:<month>`) when the month closes in the
 * tenant's time zone, and again whenever late data changes them. The report composes them; no
 * service reads another's database. One JSON Schema per type in `libs/contracts/schemas/<type>.json`,
 * an example in `libs/contracts/examples/<type>.json`.
 *
 * Conventions: money in minor units (integers) of the tenant's currency, counts as integers,
 * `month` is `YYYY-MM` in the tenant's time zone, timestamps ISO 8601 UTC.
 */

export const INTAKE_MONTH_FIGURES_PUBLISHED_V1 = 'aftercare.intake.month-figures.published.v1';
export const DISPATCH_MONTH_FIGURES_PUBLISHED_V1 = 'aftercare.dispatch.month-figures.published.v1';
export const PARTS_MONTH_FIGURES_PUBLISHED_V1 = 'aftercare.parts.month-figures.published.v1';
export const SURVEY_MONTH_FIGURES_PUBLISHED_V1 = 'aftercare.survey.month-figures.published.v1';
export const CLAIMS_MONTH_FIGURES_PUBLISHED_V1 = 'aftercare.claims.month-figures.published.v1';

export const MONTH_FIGURES_TYPES_V1 = {
  intake: INTAKE_MONTH_FIGURES_PUBLISHED_V1,
  dispatch: DISPATCH_MONTH_FIGURES_PUBLISHED_V1,
  parts: PARTS_MONTH_FIGURES_PUBLISHED_V1,
  survey: SURVEY_MONTH_FIGURES_PUBLISHED_V1,
  claims: CLAIMS_MONTH_FIGURES_PUBLISHED_V1,
} as const;

export type MonthFiguresOwnerV1 = keyof typeof MONTH_FIGURES_TYPES_V1;

/**
 * v2 of dispatch's and claims' figures (ADR 0043): the same fields as v1 plus the figures v1 has
 * no field for. Same topic and key; released v1 schemas stay frozen, so a month published before
 * the upgrade is still read (its new lines print "not reported").
 */
export const DISPATCH_MONTH_FIGURES_PUBLISHED_V2 = 'aftercare.dispatch.month-figures.published.v2';
export const CLAIMS_MONTH_FIGURES_PUBLISHED_V2 = 'aftercare.claims.month-figures.published.v2';

/** The version each owner publishes today. */
export const MONTH_FIGURES_TYPES = {
  intake: INTAKE_MONTH_FIGURES_PUBLISHED_V1,
  dispatch: DISPATCH_MONTH_FIGURES_PUBLISHED_V2,
  parts: PARTS_MONTH_FIGURES_PUBLISHED_V1,
  survey: SURVEY_MONTH_FIGURES_PUBLISHED_V1,
  claims: CLAIMS_MONTH_FIGURES_PUBLISHED_V2,
} as const satisfies Record<MonthFiguresOwnerV1, string>;

/** Every month-figures type a reader accepts (each version still on the topic), with its owner. */
export const MONTH_FIGURES_OWNER_OF_TYPE: ReadonlyMap<string, MonthFiguresOwnerV1> = new Map(
  [...Object.entries(MONTH_FIGURES_TYPES_V1), ...Object.entries(MONTH_FIGURES_TYPES)].map(([owner, type]) => [type, owner as MonthFiguresOwnerV1]),
);

interface OnTimeCountV1 {
  onTime: number;
  due: number;
}

interface ByZoneV1 {
  city: OnTimeCountV1;
  suburb: OnTimeCountV1;
}

export interface IntakeMonthFiguresV1 {
  casesRegistered: number;
  resolved: number;
  dueForResolution: number;
  reply: ByZoneV1;
}

export interface DispatchMonthFiguresV1 {
  installationCommissioning: { personTimes: number; cost: number; contractedGuidanceCost: number };
  fieldService: { personTimes: number; cost: number };
  arrival: ByZoneV1;
  repairsCompleted: number;
  repeatRepairs: number;
  technicians: Array<{ technicianId: string; jobs: number; onTimeArrivals: number; firstTimeFixes: number; reworks: number; repeatRepairs: number }>;
}

export interface PartsMonthFiguresV1 {
  materialCost: number;
  transportCost: number;
}

export interface SurveyMonthFiguresV1 {
  byCriterion: Array<{ criterion: string; label: string; satisfied: number; rated: number }>;
  byTechnician: Array<{ technicianId: string; satisfied: number; rated: number }>;
}

export interface ClaimsMonthFiguresV1 {
  complaints: number;
  complaintsByTechnician: Array<{ technicianId: string; complaints: number }>;
  /** Null while claims does not know them: the return rate is "not reported". */
  unitsReturned: number | null;
  unitsDelivered: number | null;
}

export interface DispatchMonthFiguresV2 extends DispatchMonthFiguresV1 {
  /**
   * Technician arranged within 24 h (source 004 §3) of the orders routed in the month: accepted by
   * the clock's deadline (`onTime`) of those whose outcome is decided (`due`); an order still within
   * its deadline at publication is counted when decided (a later publication).
   */
  technicianArranged: OnTimeCountV1;
}

export type QualityClaimUrgencyV2 = 'urgent' | 'normal' | 'untriaged';

export interface QualityClaimCountsV2 {
  opened: number;
  closed: number;
  overdue: number;
}

export interface ClaimsMonthFiguresV2 extends ClaimsMonthFiguresV1 {
  /** Quality claims opened, closed and overdue in the month, in total and by urgency (every urgency listed, in this order: urgent, normal, untriaged). */
  qualityClaims: QualityClaimCountsV2 & { byUrgency: Array<QualityClaimCountsV2 & { urgency: QualityClaimUrgencyV2 }> };
  /** Replies (rectification status) due in the month that came late or not at all, and how many carry the quality department's explanation. */
  lateReplies: { count: number; explained: number };
}

export interface MonthFiguresPublishedV1<F> {
  tenantId: string;
  month: string;
  publishedAt: string;
  figures: F;
}

export type IntakeMonthFiguresPublishedV1 = MonthFiguresPublishedV1<IntakeMonthFiguresV1>;
export type DispatchMonthFiguresPublishedV1 = MonthFiguresPublishedV1<DispatchMonthFiguresV1>;
export type PartsMonthFiguresPublishedV1 = MonthFiguresPublishedV1<PartsMonthFiguresV1>;
export type SurveyMonthFiguresPublishedV1 = MonthFiguresPublishedV1<SurveyMonthFiguresV1>;
export type ClaimsMonthFiguresPublishedV1 = MonthFiguresPublishedV1<ClaimsMonthFiguresV1>;
export type DispatchMonthFiguresPublishedV2 = MonthFiguresPublishedV1<DispatchMonthFiguresV2>;
export type ClaimsMonthFiguresPublishedV2 = MonthFiguresPublishedV1<ClaimsMonthFiguresV2>;
