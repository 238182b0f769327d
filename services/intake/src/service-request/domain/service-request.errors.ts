import { DomainError, type DomainErrorKind, type FieldError, IllegalTransitionError, invalidFields } from '@aftercare/ddd';

/**
 * Stable error codes of the service request. HTTP adapters map the kind to a status
 * (rule 422, conflict 409, not_found 404, invalid 400); consumers turn them into rejections.
 */
export const SERVICE_REQUEST_ERRORS = {
  /** A command is not allowed in the current status (409), raised by the transition table. */
  ILLEGAL_TRANSITION: 'SERVICE_REQUEST_ILLEGAL_TRANSITION',
  /** Malformed input: bad enum value, bad e-mail, bad date, empty id (400). */
  INVALID: 'SERVICE_REQUEST_INVALID',
  /** Registration fields are missing for the requested type (422). */
  INCOMPLETE: 'SERVICE_REQUEST_INCOMPLETE',
  INVALID_PRIORITY_MATRIX: 'SERVICE_REQUEST_INVALID_PRIORITY_MATRIX',
  INVALID_INSTALLED_BASE: 'SERVICE_REQUEST_INVALID_INSTALLED_BASE',
  INVALID_ENTITLEMENT: 'SERVICE_REQUEST_INVALID_ENTITLEMENT',
  /** Field-service and claim types need a decided entitlement (not `unknown`) before routing (422). */
  ENTITLEMENT_UNRESOLVED: 'SERVICE_REQUEST_ENTITLEMENT_UNRESOLVED',
  ALREADY_ROUTED: 'SERVICE_REQUEST_ALREADY_ROUTED',
  NOT_ROUTED: 'SERVICE_REQUEST_NOT_ROUTED',
  /** The requested type cannot change once the case is routed (409). */
  TYPE_LOCKED: 'SERVICE_REQUEST_TYPE_LOCKED',
  WORK_OUTSTANDING: 'SERVICE_REQUEST_WORK_OUTSTANDING',
  WORK_ITEM_NOT_FOUND: 'SERVICE_REQUEST_WORK_ITEM_NOT_FOUND',
  CONFIRMATION_NOT_DUE: 'SERVICE_REQUEST_CONFIRMATION_NOT_DUE',
  REOPEN_WINDOW_EXPIRED: 'SERVICE_REQUEST_REOPEN_WINDOW_EXPIRED',
  DUPLICATE_INVALID: 'SERVICE_REQUEST_DUPLICATE_INVALID',
  /** Only a field-service case (a technician's visit) can be flagged a quality problem (422). */
  QUALITY_PROBLEM_NOT_FIELD_SERVICE: 'SERVICE_REQUEST_QUALITY_PROBLEM_NOT_FIELD_SERVICE',
  /** Only a field-service case (a technician's job) can be internal work, fee class D (422). */
  INTERNAL_WORK_NOT_FIELD_SERVICE: 'SERVICE_REQUEST_INTERNAL_WORK_NOT_FIELD_SERVICE',
  /** The command belongs to another case type: only a consultation is answered, only a suggestion reviewed (422). */
  WRONG_TYPE: 'SERVICE_REQUEST_WRONG_TYPE',
  /**
   * An attachment id the case already holds, or one given twice in the same request (422): ids
   * are unique within a case, a rule a request's schema cannot state ("unique by id").
   */
  ATTACHMENT_ID_TAKEN: 'SERVICE_REQUEST_ATTACHMENT_ID_TAKEN',
  /** The preferred window ends before it starts (422): a rule across two fields. */
  PREFERRED_TIME_REVERSED: 'SERVICE_REQUEST_PREFERRED_TIME_REVERSED',
} as const;

export type ServiceRequestErrorCode = (typeof SERVICE_REQUEST_ERRORS)[keyof typeof SERVICE_REQUEST_ERRORS];

/** The aggregate name used in transition errors; yields `SERVICE_REQUEST_ILLEGAL_TRANSITION`. */
export const SERVICE_REQUEST_AGGREGATE = 'service request';

export type { FieldError } from '@aftercare/ddd';

export const illegalTransition = (from: string, action: string): IllegalTransitionError =>
  new IllegalTransitionError(SERVICE_REQUEST_AGGREGATE, from, action);

/** Malformed input, every bad field named (`details.fieldErrors`). */
export const invalidInput = (fieldErrors: readonly FieldError[]): DomainError =>
  invalidFields(SERVICE_REQUEST_ERRORS.INVALID, 'service request input is invalid', fieldErrors, 'invalid');

/**
 * Registration fields missing: named in `details.fieldErrors` and, as paths, in `details.missing`
 * (where `a|b` means "a or b"). A field error names one real field, the first of such
 * alternatives, and the others in its message: a client (or a fuzzer reading the errors back
 * into the schema) takes `field` as a path into the request.
 */
export const incomplete = (missing: readonly string[]): DomainError =>
  invalidFields(
    SERVICE_REQUEST_ERRORS.INCOMPLETE,
    'service request cannot be registered without',
    missing.map(missingField),
    'rule',
    { missing: [...missing] },
  );

function missingField(path: string): FieldError {
  const [field = path, ...alternatives] = path.split('|');
  return { field, message: alternatives.length ? `is required (or ${alternatives.join(' or ')})` : 'is required' };
}

/** New attachments reuse ids the case holds or repeat one (`details.fieldErrors` names each). */
export const attachmentIdsTaken = (taken: readonly FieldError[]): DomainError =>
  invalidFields(SERVICE_REQUEST_ERRORS.ATTACHMENT_ID_TAKEN, 'attachment ids must be unique within the case', taken, 'rule');

export const preferredTimeReversed = (): DomainError =>
  invalidFields(
    SERVICE_REQUEST_ERRORS.PREFERRED_TIME_REVERSED,
    'the preferred time ends before it starts',
    [{ field: 'preferredTime.to', message: 'must not be before preferredTime.from' }],
    'rule',
  );

export const serviceRequestError = (
  code: ServiceRequestErrorCode,
  message: string,
  kind: DomainErrorKind,
  details: Record<string, unknown> = {},
): DomainError => new DomainError(code, message, kind, details);
