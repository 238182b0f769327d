import { PermanentMessageError } from '@aftercare/messaging';

/** A message about a case the tenant does not have: dead-lettered at once, naming both. */
export function unknownCase(tenantId: string, caseId: string, what: string): PermanentMessageError {
  return new PermanentMessageError('CASE_UNKNOWN', `${what} refers to case ${caseId}, which tenant ${tenantId} does not have`);
}
