import { DomainError } from '@aftercare/ddd';

/** Stable error codes of the work order (HTTP adapters map `kind` to the status). */
export const WorkOrderErrors = {
  /** The input is malformed (400), `details.fields` names each bad field. */
  INVALID: 'WORK_ORDER_INVALID',
  /** Completion without fault cause, resolution or parts list (422), `details.fields`. */
  REPORT_INCOMPLETE: 'WORK_ORDER_REPORT_INCOMPLETE',
  /** A report field is malformed (400), `details.fields`. */
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

export function invalidInput(fields: string[], code: string = WorkOrderErrors.INVALID): DomainError {
  return new DomainError(code, `Invalid work order input: ${fields.join(', ')}`, 'invalid', { fields });
}

/** Throws `invalidInput(fields)` when any field is named. */
export function assertNoErrors(fields: string[], code: string = WorkOrderErrors.INVALID): void {
  if (fields.length > 0) throw invalidInput(fields, code);
}
