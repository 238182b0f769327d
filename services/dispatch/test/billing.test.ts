/**
 * Fee classes reaching the field, against the real stack (issue 10, item 9): the order shows whether
 * the technician collects payment, and a class A order that completes publishes one invoice request
 * for the ERP on aftercare.public.invoice-requests.v1 — a class C order none.
 */
import {
  INVOICE_REQUESTED_V1,
  TOPICS,
  WORK_ORDER_COMPLETED_V1,
  WORK_ORDER_CREATED_V1,
  type InvoiceRequestedV1,
  type ServiceRequestFeeClass,
  type ServiceRequestRouted,
} from '@aftercare/contracts';
import { assertValidEvent, type ReceivedMessage } from '@aftercare/testing';
import { json, readOrder, routedCase, seedTechnicians, startDispatch, stopDispatch, type DispatchTestApp, type OrderAnswer } from './support/dispatch-app';

const EVENTS = TOPICS.dispatchWorkOrderEvents.name;
const INVOICES = TOPICS.invoiceRequests.name;
let h: DispatchTestApp;

beforeAll(async () => {
  h = await startDispatch('billing', { watch: [EVENTS, INVOICES] });
  await seedTechnicians(h, [{ id: 'tech-1', capacity: 10 }]);
}, 120_000);

afterAll(async () => {
  await stopDispatch(h);
});

const REPORT = {
  faultCause: 'Impeller cracked by a foreign body in the inlet',
  faultCategory: 'impeller',
  resolution: 'Replaced the impeller and fitted an inlet strainer',
  partsReplaced: [{ partNo: 'IMP-CP200', quantity: 1 }],
  labourHours: 2,
  travelHours: 1,
  personTimes: 1,
  customerAcceptance: { name: 'Li Wei', signedAt: new Date().toISOString(), signatureRef: 'sig://acme/li-wei.png' },
};

/**
 * Routes a case of `feeClass` and takes its order to completion as the technician. Class D is
 * internal work on an asset in warranty: the entitlement names the coverage (C), the job is D,
 * and intake sends it as routed.v2 (v1 cannot name D).
 */
async function completedOrder(feeClass: ServiceRequestFeeClass): Promise<{ id: string; collectPayment: boolean; feeClass: string | null }> {
  const example = routedCase();
  const coverage = feeClass === 'D' ? 'C' : feeClass;
  const routed: ServiceRequestRouted = {
    ...routedCase({
      entitlement: { ...example.entitlement, feeClass: coverage, entitlement: coverage === 'A' ? 'out_of_warranty' : 'in_warranty', reason: coverage === 'A' ? 'warranty_expired' : 'warranty_valid' },
    }),
    feeClass,
  };
  await h.publishRouted(routed);
  const [created] = await h.probe.waitFor((m) => m.topic === h.topic(EVENTS) && m.headers.ce_type === WORK_ORDER_CREATED_V1 && m.headers.ce_caseid === routed.caseId);
  const id = created.key as string;
  const { terms } = await readOrder(h, id);
  const now = Date.now();
  const steps: Array<[string, unknown]> = [
    ['accept', {}],
    ['schedule', { windowStart: new Date(now + 3600_000).toISOString(), windowEnd: new Date(now + 7200_000).toISOString() }],
    ['depart', {}],
    ['arrive', {}],
    ['start', {}],
    ['complete', { report: REPORT }],
  ];
  for (const [step, body] of steps) {
    const response = await h.request('POST', `/work-orders/${id}/${step}`, { roles: ['technician'], subject: 'tech-1', body });
    if (response.status !== 200) throw new Error(`${step}: ${response.status} ${JSON.stringify(await json<OrderAnswer>(response))}`);
  }
  await h.probe.waitFor((m) => m.topic === h.topic(EVENTS) && m.headers.ce_type === WORK_ORDER_COMPLETED_V1 && m.key === id);
  return { id, collectPayment: terms.collectPayment, feeClass: terms.feeClass };
}

const invoiceOf = (orderId: string) => (m: ReceivedMessage) => m.topic === h.topic(INVOICES) && m.key === orderId;

describe('fee classes', () => {
  it('a class C order completes without an invoice; a class A order completed publishes one invoice request, and shows payment to collect', async () => {
    const free = await completedOrder('C');
    expect(free.collectPayment).toBe(false);

    const paid = await completedOrder('A');
    expect(paid.collectPayment).toBe(true);
    const [message] = await h.probe.waitFor(invoiceOf(paid.id));
    const invoice = assertValidEvent<InvoiceRequestedV1>(message);
    expect(invoice.type).toBe(INVOICE_REQUESTED_V1);
    expect(invoice.data).toMatchObject({
      invoiceRequestId: `invoice-${paid.id}`,
      workOrderId: paid.id,
      feeClass: 'A',
      technicianId: 'tech-1',
      lines: [
        { kind: 'labour', quantity: 2, unit: 'hour' },
        { kind: 'travel', quantity: 1, unit: 'hour' },
        { kind: 'part', quantity: 1, unit: 'piece', partNo: 'IMP-CP200' },
      ],
    });

    // The class C order's completion was published before the class A one: it carried no invoice.
    expect(h.probe.messages.filter(invoiceOf(free.id))).toEqual([]);
    expect(h.probe.messages.filter(invoiceOf(paid.id))).toHaveLength(1);
  });

  it('internal work (class D, routed.v2) reaches the order as D: nothing to collect, no invoice on completion', async () => {
    const internal = await completedOrder('D');
    expect(internal).toMatchObject({ feeClass: 'D', collectPayment: false });
    // A class A order completed after it publishes its invoice: by then the D order's completion had none.
    const paid = await completedOrder('A');
    await h.probe.waitFor(invoiceOf(paid.id));
    expect(h.probe.messages.filter(invoiceOf(internal.id))).toEqual([]);
  });
});
