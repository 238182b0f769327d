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
