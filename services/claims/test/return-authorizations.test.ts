import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import {
  ERP_DELIVERIES_MONTH_REPORTED_V1,
  RETURN_AUTHORIZATION_PROGRESSED_V1,
  RETURN_AUTHORIZATION_REQUESTED_V1,
  TOPICS,
  toKafkaHeaders,
  type ErpDeliveriesMonthReportedV1,
  type EventEnvelope,
  type ReturnAuthorizationProgressedV1,
} from '@aftercare/contracts';
import type { Role } from '@aftercare/auth';
import { assertValidEvent, failuresOnceDrained, testEnvironment } from '@aftercare/testing';
import { startClaims, type ClaimsTestApp } from './support/claims-app';

jest.setTimeout(120_000);

type Who = { roles: Role[]; subject: string };
const QE: Who = { roles: ['quality_engineer'], subject: 'qe-chen' };
const AGENT: Who = { roles: ['agent'], subject: 'agent-li' };
const WAREHOUSE: Who = { roles: ['warehouse'], subject: 'wh-liu' };

describe('returns (RMA) over HTTP against the real stack', () => {
  let h: ClaimsTestApp;

  beforeAll(async () => {
    h = await startClaims('rma', { watch: [TOPICS.claimsReturnAuthorizationEvents.name, TOPICS.erpDeliveries.name] });
  }, 120_000);
  afterAll(() => h?.close());

  async function call(method: string, url: string, who: Who, body?: unknown, tenant?: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await h.request(method, url, { ...who, body, ...(tenant ? { tenant } : {}) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function requested(quantityExpected = 40, tenant?: string): Promise<{ id: string; caseId: string }> {
    const caseId = `sr-${Date.now()}-${Math.random().toString(16).slice(2)}`;
    const created = await call('POST', '/return-authorizations', AGENT, { caseId, productModel: 'CP-200', lot: 'LOT-2025-0312', quantityExpected }, tenant);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'requested', caseId, quantityExpected });
    return { id: created.body.id as string, caseId };
  }

  const step = (id: string, path: string, who: Who, body?: unknown, tenant?: string) => call('POST', `/return-authorizations/${id}/${path}`, who, body, tenant);

  /** The ERP's deliveries report, sent the way an ERP adapter does (CloudEvents binary mode, keyed `<month>|<model>`). */
  async function erpReports(tenantId: string, report: ErpDeliveriesMonthReportedV1): Promise<void> {
    const id = randomUUID();
    const key = `${report.month}|${report.productModel ?? '*'}`;
    const envelope = { id, type: ERP_DELIVERIES_MONTH_REPORTED_V1, source: '/erp', time: new Date().toISOString(), subject: key, tenantId, correlationId: id, data: report } as EventEnvelope<ErpDeliveriesMonthReportedV1>;
    await h.probe.send(h.topic(TOPICS.erpDeliveries.name), { key, value: JSON.stringify(report), headers: toKafkaHeaders(envelope) });
  }

  it('runs requested → approved → goods received (shortfall) → inspected (samples kept) → replaced → completed, each step an event with the case', async () => {
    const { id, caseId } = await requested(40);
    expect((await step(id, 'approve', QE)).body).toMatchObject({ status: 'approved', decision: { by: 'qe-chen', approved: true } });
    const received = await step(id, 'goods-received', WAREHOUSE, { quantityReceived: 38 });
    expect(received.body).toMatchObject({ status: 'goods_received', receipt: { quantityReceived: 38, shortfall: 2 } });
    const inspected = await step(id, 'inspection', QE, { defectConfirmed: true, defectiveQuantity: 6, samplesKept: 2, findings: 'Six units leak at the shaft seal' });
    expect(inspected.body).toMatchObject({ status: 'inspected', inspection: { defectConfirmed: true, defectiveQuantity: 6, samplesKept: 2, scope: 'units' } });
    expect((await step(id, 'disposition', QE, { kind: 'replace' })).body).toMatchObject({ status: 'dispositioned', disposition: { kind: 'replace', by: 'qe-chen' } });
    const completed = await step(id, 'complete', QE);
    expect(completed.status).toBe(200);
    expect(completed.body.status).toBe('completed');

    const messages = await h.probe.waitFor((m) => m.topic === h.topic(TOPICS.claimsReturnAuthorizationEvents.name) && m.key === id, { count: 6 });
    const envelopes = messages.map((m) => assertValidEvent<ReturnAuthorizationProgressedV1>(m));
    expect(envelopes.map((e) => [e.type, (e.data as { status?: string }).status])).toEqual([
      [RETURN_AUTHORIZATION_REQUESTED_V1, undefined],
      [RETURN_AUTHORIZATION_PROGRESSED_V1, 'approved'],
      [RETURN_AUTHORIZATION_PROGRESSED_V1, 'goods_received'],
      [RETURN_AUTHORIZATION_PROGRESSED_V1, 'inspected'],
      [RETURN_AUTHORIZATION_PROGRESSED_V1, 'dispositioned'],
      [RETURN_AUTHORIZATION_PROGRESSED_V1, 'completed'],
    ]);
    expect(messages.every((m) => m.headers.ce_caseid === caseId)).toBe(true);
    expect(envelopes[5].data).toMatchObject({ quantityExpected: 40, quantityReceived: 38, shortfall: 2, defectiveQuantity: 6, samplesKept: 2, disposition: 'replace', by: 'qe-chen' });
  });

  it('a few bad units are not refunded as a lot (422); a lot that failed as a whole may be', async () => {
    const few = await requested(100);
    await step(few.id, 'approve', QE);
    await step(few.id, 'goods-received', WAREHOUSE, { quantityReceived: 100 });
    await step(few.id, 'inspection', QE, { defectConfirmed: true, defectiveQuantity: 3, samplesKept: 1, findings: 'Three leaking units' });
    const refused = await step(few.id, 'disposition', QE, { kind: 'refund' });
    expect([refused.status, refused.body.code]).toEqual([422, 'DISPOSITION_NOT_ALLOWED']);

    const lot = await requested(20);
    await step(lot.id, 'approve', QE);
    await step(lot.id, 'goods-received', WAREHOUSE, { quantityReceived: 20 });
    const failed = await step(lot.id, 'inspection', QE, { defectConfirmed: true, defectiveQuantity: 15, samplesKept: 3, findings: 'Hardness out of tolerance across the lot' });
    expect(failed.body).toMatchObject({ inspection: { scope: 'whole_lot' } });
    expect((await step(lot.id, 'disposition', QE, { kind: 'refund' })).body).toMatchObject({ status: 'dispositioned', disposition: { kind: 'refund' } });
  });

  it('refuses steps out of order (409), more goods than expected (422), a rejection without reason (400), and inspection by anyone but quality (403)', async () => {
    const { id } = await requested(10);
    const early = await step(id, 'goods-received', WAREHOUSE, { quantityReceived: 5 });
    expect([early.status, early.body.code]).toEqual([409, 'RETURN_AUTHORIZATION_ILLEGAL_TRANSITION']);
    expect((await step(id, 'reject', QE, {})).status).toBe(400);
    expect((await step(id, 'approve', AGENT)).status).toBe(403);
    await step(id, 'approve', QE);
    const tooMany = await step(id, 'goods-received', WAREHOUSE, { quantityReceived: 11 });
    expect([tooMany.status, tooMany.body.code]).toEqual([422, 'RETURN_AUTHORIZATION_INVALID']);
    await step(id, 'goods-received', WAREHOUSE, { quantityReceived: 10 });
    expect((await step(id, 'inspection', WAREHOUSE, { defectConfirmed: false, defectiveQuantity: 0, samplesKept: 0, findings: 'No defect found' })).status).toBe(403);

    const other = await requested(5);
    const rejected = await step(other.id, 'reject', QE, { reason: 'Outside the return period' });
    expect(rejected.body).toMatchObject({ status: 'rejected', decision: { approved: false, reason: 'Outside the return period' } });
    expect((await step(other.id, 'approve', QE)).status).toBe(409);
  });

  it("another tenant's return is 404 and not in its list", async () => {
    const { id } = await requested(3);
    const foreign = await call('GET', `/return-authorizations/${id}`, QE, undefined, 'globex');
    expect([foreign.status, foreign.body.code]).toEqual([404, 'RETURN_AUTHORIZATION_NOT_FOUND']);
    expect((await call('POST', `/return-authorizations/${id}/approve`, QE, undefined, 'globex')).status).toBe(404);
    const list = await call('GET', '/return-authorizations?limit=100', QE, undefined, 'globex');
    expect((list.body.items as Array<{ id: string }>).map((r) => r.id)).not.toContain(id);
    const own = await call('GET', '/return-authorizations?limit=100', WAREHOUSE);
    expect((own.body.items as Array<{ id: string }>).map((r) => r.id)).toContain(id);
  });

  it("the month's figures: complaints, returns and the return rate over the ERP's deliveries (a late, older report changes nothing)", async () => {
    const tenant = 'umbrella';
    const month = DateTime.now().setZone('Asia/Shanghai').toFormat('yyyy-MM');
    const empty = await call('GET', `/claims-month-figures/${month}`, QE, undefined, tenant);
    expect(empty.body).toMatchObject({ month, timeZone: 'Asia/Shanghai', returns: { requested: 0, unitsDelivered: null, returnRate: null }, complaints: { received: 0 } });

    await erpReports(tenant, { month, productModel: 'CP-200', unitsDelivered: 1000, reportedAt: '2030-01-02T00:00:00.000Z' });
    await erpReports(tenant, { month, productModel: 'CP-200', unitsDelivered: 800, reportedAt: '2030-01-01T00:00:00.000Z' });
    await erpReports(tenant, { month, productModel: 'CP-300', unitsDelivered: 200, reportedAt: '2030-01-01T00:00:00.000Z' });
    const { id } = await requested(40, tenant);
    await step(id, 'approve', QE, undefined, tenant);
    await step(id, 'goods-received', WAREHOUSE, { quantityReceived: 40 }, tenant);
    await step(id, 'inspection', QE, { defectConfirmed: true, defectiveQuantity: 6, samplesKept: 2, findings: 'Six leaking units' }, tenant);
    await requested(10, tenant);
    const complaint = await call('POST', '/service-complaints', AGENT, { caseId: 'sr-month', channel: 'phone', level: 'ordinary', complainantName: 'Li Wei', content: 'Late again', technicianId: 'tech-wang' }, tenant);
    expect(complaint.status).toBe(201);
    expect(await failuresOnceDrained(testEnvironment().kafkaBrokers, h.names, [h.topic(TOPICS.erpDeliveries.name)])).toEqual({ retried: 0, deadLettered: 0 });

    const figures = await call('GET', `/claims-month-figures/${month}`, { roles: ['general_manager'], subject: 'gm-wu' }, undefined, tenant);
    expect(figures.status).toBe(200);
    expect(figures.body).toMatchObject({
      complaints: { received: 1, serious: 0, confirmed: 0, byTechnician: [{ technicianId: 'tech-wang', complaints: 1 }] },
      returns: { requested: 2, unitsReturned: 6, unitsDelivered: 1200, returnRate: 6 / 1200 },
      deliveries: [
        { productModel: 'CP-200', unitsDelivered: 1000 },
        { productModel: 'CP-300', unitsDelivered: 200 },
      ],
    });
    expect((await call('GET', `/claims-month-figures/${month}`, QE)).body).toMatchObject({ returns: { unitsDelivered: null } });
    expect((await call('GET', '/claims-month-figures/2025-13', QE, undefined, tenant)).status).toBe(400);
    expect((await call('GET', `/claims-month-figures/${month}`, AGENT, undefined, tenant)).status).toBe(403);
  });
});
