/**
 * Misuse found on site turns a warranty job to class A, against the real stack (issue 10, item 9):
 * the technician flags it over HTTP while working, the order shows payment to collect, the flag is
 * published (`misuse-flagged`), and the completion publishes one invoice request for the ERP.
 */
import {
  INVOICE_REQUESTED_V1,
  TOPICS,
  WORK_ORDER_CREATED_V1,
  WORK_ORDER_MISUSE_FLAGGED_V1,
  type InvoiceRequestedV1,
  type WorkOrderMisuseFlaggedV1,
} from '@aftercare/contracts';
import { assertValidEvent, type ReceivedMessage } from '@aftercare/testing';
import { json, routedCase, seedTechnicians, startDispatch, stopDispatch, type DispatchTestApp, type OrderAnswer } from './support/dispatch-app';

const EVENTS = TOPICS.dispatchWorkOrderEvents.name;
const INVOICES = TOPICS.invoiceRequests.name;
let h: DispatchTestApp;

beforeAll(async () => {
  h = await startDispatch('misuse', { watch: [EVENTS, INVOICES] });
  await seedTechnicians(h, [{ id: 'tech-1', capacity: 10 }]);
}, 120_000);

afterAll(async () => {
  await stopDispatch(h);
});

const REPORT = {
  faultCause: 'Shaft seal burnt: the pump ran dry for hours against the operating manual',
  faultCategory: 'seal',
  resolution: 'Replaced the shaft seal; instructed the operator',
  partsReplaced: [{ partNo: 'SEAL-CP200-01', quantity: 1 }],
  labourHours: 1.5,
  travelHours: 1,
  personTimes: 1,
  customerAcceptance: { name: 'Li Wei', signedAt: new Date().toISOString(), signatureRef: 'sig://acme/li-wei.png' },
};

const step = async (id: string, name: string, body: unknown = {}) => {
  const response = await h.request('POST', `/work-orders/${id}/${name}`, { roles: ['technician'], subject: 'tech-1', body });
  return { status: response.status, body: await json<OrderAnswer>(response) };
};
const ofType = (type: string, id: string) => (m: ReceivedMessage) => m.topic === h.topic(EVENTS) && m.headers.ce_type === type && m.key === id;

describe('misuse flagged on site', () => {
  it('turns a warranty job to class A: payment to collect, the flag published, one invoice request at completion', async () => {
    const example = routedCase();
    const routed = routedCase({ feeClass: 'C', entitlement: { ...example.entitlement, feeClass: 'C', entitlement: 'in_warranty', reason: 'warranty_valid' } });
    await h.publishRouted(routed);
    const [created] = await h.probe.waitFor((m) => m.topic === h.topic(EVENTS) && m.headers.ce_type === WORK_ORDER_CREATED_V1 && m.headers.ce_caseid === routed.caseId);
    const id = created.key as string;

    expect((await step(id, 'accept')).status).toBe(200);
    // Not before the technician is on the job.
    const early = await step(id, 'misuse', { note: 'Looks run dry' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('WORK_ORDER_ILLEGAL_TRANSITION');
    const now = Date.now();
    for (const [name, body] of [
      ['schedule', { windowStart: new Date(now + 3_600_000).toISOString(), windowEnd: new Date(now + 7_200_000).toISOString() }],
      ['depart', {}],
      ['arrive', {}],
      ['start', {}],
    ] as const)
      expect((await step(id, name, body)).status).toBe(200);

    const blank = await step(id, 'misuse', { note: '' });
    expect(blank.status).toBe(400);
    const flagged = await step(id, 'misuse', { note: 'Pump run dry for hours against the operating manual' });
    expect(flagged.status).toBe(200);
    expect(flagged.body.terms).toMatchObject({ feeClass: 'A', collectPayment: true, misuse: { flaggedBy: 'tech-1', previousFeeClass: 'C' } });
    const [flagMessage] = await h.probe.waitFor(ofType(WORK_ORDER_MISUSE_FLAGGED_V1, id));
    expect(assertValidEvent<WorkOrderMisuseFlaggedV1>(flagMessage).data).toMatchObject({ technicianId: 'tech-1', previousFeeClass: 'C', feeClass: 'A', flaggedBy: 'tech-1' });

    expect((await step(id, 'complete', { report: REPORT })).status).toBe(200);
    const [invoiceMessage] = await h.probe.waitFor((m) => m.topic === h.topic(INVOICES) && m.key === id);
    const invoice = assertValidEvent<InvoiceRequestedV1>(invoiceMessage);
    expect(invoice.type).toBe(INVOICE_REQUESTED_V1);
    expect(invoice.data).toMatchObject({ workOrderId: id, feeClass: 'A', technicianId: 'tech-1' });
  });
});
