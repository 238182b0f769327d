/**
 * Public events of survey's `SurveyInvitation`, `SurveyResponse` and `MonthFollowUp` for consumers.
 * Topics `survey.public.invitation.events.v1` (key = invitation id),
 * `survey.public.response.events.v1` (key = response id) and
 * `survey.public.satisfaction.events.v1` (key = follow-up id), each also `ce_subject`;
 * `ce_caseid` = the service case a job survey follows (absent for a relationship survey).
 * One JSON Schema per type in `libs/contracts/schemas/<type>.json`, an example in
 * `libs/contracts/examples/<type>.json`.
 *
 * Conventions: timestamps are ISO 8601 UTC strings, absent values are `null` (never missing).
 */

export const SURVEY_INVITATION_SCHEDULED_V1 = 'aftercare.survey.invitation.scheduled.v1';
export const SURVEY_INVITATION_SENT_V1 = 'aftercare.survey.invitation.sent.v1';
export const SURVEY_INVITATION_REMINDED_V1 = 'aftercare.survey.invitation.reminded.v1';
export const SURVEY_INVITATION_EXPIRED_V1 = 'aftercare.survey.invitation.expired.v1';
export const SURVEY_INVITATION_RESPONDED_V1 = 'aftercare.survey.invitation.responded.v1';
export const SURVEY_RESPONSE_SUBMITTED_V1 = 'aftercare.survey.response.submitted.v1';
export const SURVEY_RESPONSE_LOW_SCORE_RECEIVED_V1 = 'aftercare.survey.response.low-score-received.v1';
/** Topic `survey.public.satisfaction.events.v1`, key = follow-up id (`<tenant>|<month>`). */
export const SURVEY_SATISFACTION_MONTH_BELOW_TARGET_V1 = 'aftercare.survey.satisfaction.month-below-target.v1';

export type SurveyKind = 'job' | 'relationship';
export type SurveyLanguage = 'zh' | 'en';

interface SurveyInvitationEventBaseV1 {
  invitationId: string;
  tenantId: string;
  caseId: string | null;
  kind: SurveyKind;
  workOrderId: string | null;
  technicianId: string | null;
  customerId: string | null;
}

export interface SurveyInvitationScheduledV1 extends SurveyInvitationEventBaseV1 {
  templateId: string;
  templateVersion: number;
  language: SurveyLanguage;
  sendAt: string;
  scheduledAt: string;
}

export interface SurveyInvitationSentV1 extends SurveyInvitationEventBaseV1 {
  sentAt: string;
  remindAt: string;
  expiresAt: string;
}

export interface SurveyInvitationRemindedV1 extends SurveyInvitationEventBaseV1 {
  remindedAt: string;
  expiresAt: string;
}

export interface SurveyInvitationExpiredV1 extends SurveyInvitationEventBaseV1 {
  expiredAt: string;
}

export interface SurveyInvitationRespondedV1 extends SurveyInvitationEventBaseV1 {
  responseId: string;
  respondedAt: string;
}

interface SurveyResponseEventBaseV1 {
  responseId: string;
  invitationId: string;
  tenantId: string;
  caseId: string | null;
  workOrderId: string | null;
  technicianId: string | null;
  customerId: string | null;
}

export interface SurveyRatingV1 {
  criterion: string;
  /** 1 is the worst. */
  level: number;
  levels: number;
  /** One of the top two levels. */
  satisfied: boolean;
}

export interface SurveyResponseSubmittedV1 extends SurveyResponseEventBaseV1 {
  kind: SurveyKind;
  templateId: string;
  templateVersion: number;
  ratings: SurveyRatingV1[];
  csat: number | null;
  nps: number | null;
  comment: string | null;
  lowScore: boolean;
  submittedAt: string;
}

export interface SurveyLowCriterionV1 {
  criterion: string;
  level: number;
  threshold: number;
}

export interface SurveyResponseLowScoreReceivedV1 extends SurveyResponseEventBaseV1 {
  lowCriteria: SurveyLowCriterionV1[];
  comment: string | null;
  receivedAt: string;
}

export interface SurveySatisfactionRateV1 {
  /** Ratings in the top two levels (numerator). */
  satisfied: number;
  /** Ratings given (denominator). */
  rated: number;
  /** satisfied / rated × 100, one decimal; null when nothing was rated. */
  percent: number | null;
}

/** A closed month's satisfaction was below the tenant's target for its year: one follow-up for the month. */
export interface SurveySatisfactionMonthBelowTargetV1 {
  followUpId: string;
  tenantId: string;
  /** `YYYY-MM` in `timeZone`. */
  month: string;
  timeZone: string;
  targetPercent: number;
  overall: SurveySatisfactionRateV1;
  criteria: Array<SurveySatisfactionRateV1 & { criterion: string }>;
  openedAt: string;
}
