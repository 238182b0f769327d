import { DomainError, type DomainErrorKind } from '@aftercare/ddd';

/** Stable codes of survey's rules (HTTP problem details and dead letters carry them). */
export const SURVEY_ERRORS = {
  TEMPLATE_INVALID: 'SURVEY_TEMPLATE_INVALID',
  TEMPLATE_NOT_FOUND: 'SURVEY_TEMPLATE_NOT_FOUND',
  SETTINGS_INVALID: 'SURVEY_SETTINGS_INVALID',
  ANSWERS_INVALID: 'SURVEY_ANSWERS_INVALID',
  INVITATION_INVALID: 'SURVEY_INVITATION_INVALID',
  INVITATION_NOT_FOUND: 'SURVEY_INVITATION_NOT_FOUND',
  RESPONSE_NOT_FOUND: 'SURVEY_RESPONSE_NOT_FOUND',
  RELATIONSHIP_SCHEDULE_NOT_FOUND: 'SURVEY_RELATIONSHIP_SCHEDULE_NOT_FOUND',
  /** The link was answered already or has expired: 410 Gone. */
  LINK_GONE: 'SURVEY_LINK_GONE',
} as const;

export function surveyError(code: string, message: string, kind: DomainErrorKind, details: Record<string, unknown> = {}): DomainError {
  return new DomainError(code, message, kind, details);
}
