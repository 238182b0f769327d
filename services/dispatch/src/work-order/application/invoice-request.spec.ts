import { INVOICE_REQUESTED_V1, TOPICS, contractsRegistry, type InvoiceRequestedV1 } from '@aftercare/contracts';
import { at, fullReport, hours, newOrder, reach } from '../domain/__fixtures__/work-order.fixtures';
import { invoiceDueOnCompletion, invoiceLines, type FeeClass, type WorkOrder } from '../domain';
import { invoiceRequestFor } from './invoice-request';

/** An order of `feeClass` taken to completion. */
function completed(feeClass: FeeClass | null): WorkOrder {
  const order = reach('in_progress', newOrder({ terms: { feeClass } }));
  order.complete({ report: fullReport(), at: at(hours(3)) });
  return order;
}

describe('invoiceDueOnCompletion (class A work is invoiced, source 004 §5)', () => {
  it('invoices a completed class A order, and no other class (B contract, C warranty, D internal, unknown)', () => {
    expect(invoiceDueOnCompletion(completed('A'))).toBe(true);
    for (const feeClass of ['B', 'C', 'D', null] as const) expect(invoiceDueOnCompletion(completed(feeClass))).toBe(false);
  });

  it('not before a report is filed, and not again when the job is completed after a QC rework', () => {
    expect(invoiceDueOnCompletion(reach('in_progress', newOrder({ terms: { feeClass: 'A' } })))).toBe(false);
    const order = completed('A');
    order.requireRework({ inspectedBy: 'qc-1', reason: 'Still leaking', at: at(hours(4)) });
    order.complete({ report: fullReport(), at: at(hours(5)) });
    expect(invoiceDueOnCompletion(order)).toBe(false);
  });
});

describe('invoiceLines', () => {
  it('lists labour and travel hours and every part fitted, quantities only', () => {
    expect(invoiceLines(completed('A').report!)).toEqual([
      { kind: 'labour', description: 'Labour', quantity: 1.5, unit: 'hour', partNo: null },
      { kind: 'travel', description: 'Travel', quantity: 0.5, unit: 'hour', partNo: null },
      { kind: 'part', description: 'Part SEAL-22', quantity: 1, unit: 'piece', partNo: 'SEAL-22' },
    ]);
  });

  it('leaves out hours that are zero', () => {
    const report = { ...completed('A').report!, travelHours: 0, labourHours: 0, partsReplaced: [] };
    expect(invoiceLines(report)).toEqual([]);
  });
});

describe('invoiceRequestFor', () => {
  it('builds one request on the invoice topic, keyed by the order, valid against its schema', () => {
    const order = completed('A');
    const [message, ...more] = invoiceRequestFor(order, at(hours(3)));
    expect(more).toEqual([]);
    expect(message).toMatchObject({ topic: TOPICS.invoiceRequests.name, type: INVOICE_REQUESTED_V1, subject: order.id, caseId: order.caseId });
    const data = message.data as InvoiceRequestedV1;
    expect(data).toMatchObject({ invoiceRequestId: `invoice-${order.id}`, workOrderId: order.id, feeClass: 'A', completedAt: at(hours(3)).toISOString(), requestedBy: 'dispatch' });
    expect(() => contractsRegistry().assertValid(INVOICE_REQUESTED_V1, data)).not.toThrow();
  });

  it('builds nothing for a class C order', () => {
    expect(invoiceRequestFor(completed('C'))).toEqual([]);
  });
});
