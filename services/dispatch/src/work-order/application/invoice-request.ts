import { INVOICE_REQUESTED_V1, TOPICS, type InvoiceRequestedV1 } from '@aftercare/contracts';
import type { AccompanyingMessage } from '@aftercare/persistence';
import { invoiceDueOnCompletion, invoiceLines, type WorkOrder } from '../domain';

/** One invoice request per order: the ERP deduplicates by this id. */
export const invoiceRequestIdOf = (workOrderId: string): string => `invoice-${workOrderId}`;

/**
 * The invoice request that goes with a class A order's completion (`invoiceDueOnCompletion`), to be
 * stored in the same write as the order; none for any other order.
 */
export function invoiceRequestFor(order: WorkOrder, requestedAt: Date = new Date()): AccompanyingMessage[] {
  if (!invoiceDueOnCompletion(order) || !order.report || !order.completedAt) return [];
  const data: InvoiceRequestedV1 = {
    invoiceRequestId: invoiceRequestIdOf(order.id),
    tenantId: order.tenantId,
    caseId: order.caseId,
    workOrderId: order.id,
    feeClass: 'A',
    serialNo: order.serialNo,
    technicianId: order.technicianId,
    completedAt: order.completedAt.toISOString(),
    workDone: order.report.resolution,
    lines: invoiceLines(order.report).map((l) => ({ kind: l.kind, description: l.description, quantity: l.quantity, unit: l.unit, partNo: l.partNo })),
    requestedBy: 'dispatch',
    requestedAt: requestedAt.toISOString(),
  };
  return [{ topic: TOPICS.invoiceRequests.name, type: INVOICE_REQUESTED_V1, data, caseId: order.caseId, subject: order.id }];
}
