import type { FeeClass, ServiceReport } from './work-order.types';

/** What billing reads of an order (the WorkOrder aggregate satisfies it). */
export interface BillableOrder {
  readonly terms: { readonly feeClass: FeeClass | null };
  readonly report: ServiceReport | null;
  readonly reworkCount: number;
}

/**
 * Class A work (有费服务, source 004 §5) is invoiced once the job is done: at its first completion
 * (a completion after a QC rework is the same job, already invoiced). Classes B (contract),
 * C (warranty) and D (internal work, never invoiced) are not; nor an order whose fee class was
 * unknown when it was routed.
 */
export function invoiceDueOnCompletion(order: BillableOrder): boolean {
  return order.terms.feeClass === 'A' && order.report !== null && order.reworkCount === 0;
}

export interface InvoiceLine {
  readonly kind: 'labour' | 'travel' | 'part';
  readonly description: string;
  readonly quantity: number;
  readonly unit: 'hour' | 'piece';
  readonly partNo: string | null;
}

/**
 * The quantities to invoice from the service report: labour and travel hours (when any), and each
 * part fitted. Prices are the ERP's (quotation, price list), never dispatch's.
 */
export function invoiceLines(report: ServiceReport): InvoiceLine[] {
  const lines: InvoiceLine[] = [];
  if (report.labourHours > 0) lines.push({ kind: 'labour', description: 'Labour', quantity: report.labourHours, unit: 'hour', partNo: null });
  if (report.travelHours > 0) lines.push({ kind: 'travel', description: 'Travel', quantity: report.travelHours, unit: 'hour', partNo: null });
  for (const part of report.partsReplaced)
    lines.push({ kind: 'part', description: `Part ${part.partNo}`, quantity: part.quantity, unit: 'piece', partNo: part.partNo });
  return lines;
}
