/**
 * Topic aftercare.public.invoice-requests.v1: chargeable work for the ERP to invoice. Dispatch asks
 * once per fee class A work order, when its service report is filed (source 004 §5: 有费服务(A),
 * paid against a quotation); classes B, C and D are never invoiced. The ERP deduplicates by
 * `invoiceRequestId`.
 */
export const INVOICE_REQUESTED_V1 = 'aftercare.billing.invoice.requested.v1';

export interface InvoiceLineV1 {
  kind: 'labour' | 'travel' | 'part';
  description: string;
  quantity: number;
  /** `hour` for labour and travel, `piece` for parts. */
  unit: 'hour' | 'piece';
  /** The part number for a part line; null otherwise. */
  partNo: string | null;
}

export interface InvoiceRequestedV1 {
  invoiceRequestId: string;
  tenantId: string;
  caseId: string;
  workOrderId: string;
  feeClass: 'A';
  /** The customer's serial number (the asset worked on). */
  serialNo: string;
  technicianId: string | null;
  completedAt: string;
  /** What was done, for the invoice text. */
  workDone: string;
  /** Quantities only: the ERP prices them (quotation, price list). */
  lines: InvoiceLineV1[];
  requestedBy: string;
  requestedAt: string;
}
