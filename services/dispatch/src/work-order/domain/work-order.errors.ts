import { invalidFields, missingFields, type DomainError } from '@aftercare/ddd';

/** Stable error codes of the work order (HTTP adapters map `kind` to the status). */
export const WorkOrderErrors = {
  /** The input is malformed (400), `details.fieldErrors` names each bad field. */
  INVALID: 'WORK_ORDER_INVALID',
  /** Completion without fault cause, resolution or parts list (422), `details.fieldErrors`. */
  REPORT_INCOMPLETE: 'WORK_ORDER_REPORT_INCOMPLETE',
  /** A report field is malformed (400), `details.fieldErrors`. */
  REPORT_INVALID: 'WORK_ORDER_REPORT_INVALID',
  /** Only the technician the order is assigned to may do this (422). */
  NOT_ASSIGNEE: 'WORK_ORDER_NOT_ASSIGNEE',
  /** The technician belongs to another tenant (404: they do not exist for this tenant). */
  TECHNICIAN_NOT_FOUND: 'WORK_ORDER_TECHNICIAN_NOT_FOUND',
  /** An inactive technician cannot be assigned, not even by override (422). */
  TECHNICIAN_INACTIVE: 'WORK_ORDER_TECHNICIAN_INACTIVE',
  /** A reassignment must name another technician than the one holding the order (422). */
  ALREADY_ASSIGNED: 'WORK_ORDER_ALREADY_ASSIGNED_TO_TECHNICIAN',
  /** The supervisor cannot sign off a carried-in repair that has no repair card (422). */
  REPAIR_CARD_MISSING: 'WORK_ORDER_REPAIR_CARD_MISSING',
} as const;

/**
 * Malformed input (kind `invalid`, 400): each named field (a path such as `site.lat` or
 * `parts[1].quantity`) becomes a `FieldError` of `details.fieldErrors`.
 */
export function invalidInput(fields: readonly string[], code: string = WorkOrderErrors.INVALID): DomainError {
  return invalidFields(code, 'Invalid work order input', fields.map((field) => ({ field, message: 'is invalid' })), 'invalid');
}

/** Throws `invalidInput(fields)` when any field is named. */
export function assertNoErrors(fields: readonly string[], code: string = WorkOrderErrors.INVALID): void {
  if (fields.length > 0) throw invalidInput(fields, code);
}

/** A rule needs these fields and they are missing (kind `rule`, 422), e.g. an incomplete service report. */
export function requiredFieldsMissing(code: string, subject: string, fields: readonly string[]): DomainError {
  return missingFields(code, subject, fields, 'rule');
}
