import { SUPPLIER_FEEDBACK_RAISED_V1, TOPICS } from '@aftercare/contracts';
import { assertValidEvent } from '@aftercare/testing';
import type { PartReturnView } from '../src/part-return/application/part-return.view';
import type { PartsRequestView } from '../src/parts-request/application/parts-request.view';
import type { StockView } from '../src/stock/application/stock.view';
import { json, startParts, type PartsTestApp } from './support/parts-app';

jest.setTimeout(120_000);

let h: PartsTestApp;
beforeAll(async () => {
  h = await startParts('part-returns', { watch: [TOPICS.supplierFeedback.name] });
}, 120_000);
afterAll(() => h.close());

async function inspectedReturn(partNo: string): Promise<PartReturnView> {
  const received = await json<PartReturnView>(await h.request('POST', '/part-returns', { body: { partNo, serialNo: 'S-OLD-1', warehouseId: 'central', reason: 'leaking', workOrderId: 'wo-1' } }));
  const inspected = await h.request('POST', `/part-returns/${received.id}/inspect`, { roles: ['quality_engineer'], subject: 'qe-1', body: { finding: 'seal face cracked' } });
  expect(inspected.status).toBe(200);
  return json<PartReturnView>(inspected);
}

describe('returned defective parts', () => {
  it('are scrapped only with a quality engineer’s approval: other roles get 403', async () => {
    const r = await inspectedReturn('RET-SCRAP');
    expect((await h.request('POST', `/part-returns/${r.id}/scrap-application`, { body: { reason: 'beyond repair' } })).status).toBe(200);
    for (const roles of [['parts_clerk'], ['manager'], ['technician'], ['warehouse']] as const) {
      expect((await h.request('POST', `/part-returns/${r.id}/scrap-approval`, { roles: [...roles] })).status).toBe(403);
    }
    const approved = await h.request('POST', `/part-returns/${r.id}/scrap-approval`, { roles: ['quality_engineer'], subject: 'qe-1' });
    expect(approved.status).toBe(200);
    expect(await json<PartReturnView>(approved)).toMatchObject({ status: 'scrapped', scrapApprovedBy: 'qe-1' });
  });

  it('are repaired back into stock, once', async () => {
    const r = await inspectedReturn('RET-REPAIR');
    expect((await h.request('POST', `/part-returns/${r.id}/repair`)).status).toBe(200);
    expect((await h.request('POST', `/part-returns/${r.id}/repair`)).status).toBe(409);
    const stock = await json<StockView>(await h.request('GET', '/warehouses/central/stock/RET-REPAIR'));
    expect(stock).toMatchObject({ onHand: 1, available: 1 });
    expect(stock.movements.map((m) => m.kind)).toEqual(['return']);
  });

  it('go to the request waiting for the part first when repaired, which then ships without a person', async () => {
    const partNo = `RET-WAIT-${Date.now()}`;
    const waiting = await json<PartsRequestView>(
      await h.request('POST', '/parts-requests', {
        body: {
          warehouseId: 'central',
          lines: [{ partNo, name: 'Seal', specification: '22 mm', material: 'SiC', quantity: 1 }],
          neededBy: new Date(Date.now() + 86_400_000).toISOString(),
          customer: { name: 'Shanghai Pump Works' },
          shipTo: { address: '88 Riverside Road', consignee: 'Li Na', phone: '+86 21 5555 0101' },
        },
      }),
    );
    expect(waiting.status).toBe('backordered');
    const r = await inspectedReturn(partNo);
    expect((await h.request('POST', `/part-returns/${r.id}/repair`)).status).toBe(200);
    expect(await json<PartsRequestView>(await h.request('GET', `/parts-requests/${waiting.id}`))).toMatchObject({ status: 'shipped', lines: [{ reserved: 1, backordered: 0 }] });
    const stock = await json<StockView>(await h.request('GET', `/warehouses/central/stock/${partNo}`));
    expect(stock).toMatchObject({ onHand: 0, reserved: 0, available: 0, waiting: [] });
    expect(stock.movements.map((m) => m.kind)).toEqual(['return', 'reservation', 'pick', 'ship']);
  });

  it('are claimed against the supplier with a supplier-feedback record for claims', async () => {
    const r = await inspectedReturn('RET-CLAIM');
    expect((await h.request('POST', `/part-returns/${r.id}/supplier-claim`, { roles: ['quality_engineer'], body: { supplierId: 'SUP-017' } })).status).toBe(200);
    const [feedback] = await h.probe.waitFor((m) => m.topic === h.topic(TOPICS.supplierFeedback.name) && m.headers.ce_type === SUPPLIER_FEEDBACK_RAISED_V1 && m.key === `sf-${r.id}`);
    expect(assertValidEvent(feedback!).data).toMatchObject({ partReturnId: r.id, partNo: 'RET-CLAIM', supplierId: 'SUP-017', finding: 'seal face cracked', workOrderId: 'wo-1' });
  });

  it('refuse a blank serial, case or order at receipt (400): a blank id would reach the supplier feedback as an empty one', async () => {
    for (const blank of [{ serialNo: '' }, { serialNo: ' \u3000' }, { caseId: '' }, { workOrderId: '\t' }]) {
      const refused = await h.request('POST', '/part-returns', { body: { partNo: 'RET-BLANK', warehouseId: 'central', reason: 'leaking', ...blank } });
      expect(refused.status).toBe(400);
      expect((await json<{ errors: unknown[] }>(refused)).errors).toEqual([expect.objectContaining({ field: Object.keys(blank)[0] })]);
    }
  });
});
