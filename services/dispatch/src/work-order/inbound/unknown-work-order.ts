import { PermanentMessageError } from '@aftercare/messaging';

/** A message about a work order the tenant does not have: dead-lettered at once, naming both. */
export function unknownWorkOrder(tenantId: string, workOrderId: string, what: string): PermanentMessageError {
  return new PermanentMessageError('WORK_ORDER_UNKNOWN', `${what} for work order ${workOrderId}, which tenant ${tenantId} does not have`);
}
