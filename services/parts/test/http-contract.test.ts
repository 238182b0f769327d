/**
 * parts's HTTP contract against the real stack: every route of the OpenAPI document is called on
 * real data (a request driven from reservation to closure, a backorder served by a receipt, a
 * cancellation), no answer holds a field starting with `_`, every status and response schema is
 * in the document; a stale If-Match is 412 and changes nothing; another tenant finds none of the
 * records and its commands on them are 404.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '@aftercare/auth';
import { ApiWalk, fillPath, operationsWithoutSchemas, type OpenApiDocument } from '@aftercare/testing';
import type { PartsRequestView } from '../src/parts-request/application/parts-request.view';
import { json, startParts, type PartsTestApp, type RequestOptions } from './support/parts-app';

jest.setTimeout(120_000);

let h: PartsTestApp;
let document: OpenApiDocument;

beforeAll(async () => {
  h = await startParts('http-contract');
  document = (await (await fetch(`${h.baseUrl}/api/docs/openapi.json`)).json()) as OpenApiDocument;
}, 120_000);

afterAll(() => h.close());

const requestBody = (partNo: string, quantity: number) => ({
  warehouseId: 'central',
  priority: 'P1',
  lines: [{ partNo, quantity, allowSubstitutes: true }],
  neededBy: new Date(Date.now() + 86_400_000).toISOString(),
  customer: { name: 'Shanghai Pump Works' },
  shipTo: { address: '88 Riverside Road', consignee: 'Li Na', phone: '+86 21 5555 0101' },
  requiredShipDate: '2026-12-02',
});

describe('every route of the OpenAPI document', () => {
  it('answers with success, without `_` fields, with declared statuses; every response has a schema', async () => {
    const walk = new ApiWalk(document);
    const call = async (method: string, template: string, params: Record<string, string>, options: RequestOptions & { query?: string } = {}) => {
      const url = fillPath(template, params) + (options.query ? `?${options.query}` : '');
      return walk.record(method, `/api/v1${template}`, await h.request(method, url, options)) as Promise<Record<string, unknown>>;
    };
    const partNo = `WALK-${randomUUID().slice(0, 6)}`;
    const STOCK = '/warehouses/{warehouseId}/stock/{partNo}';
    const PR = '/parts-requests/{id}';

    await call('PUT', '/parts/{partNo}', { partNo }, { body: { name: 'Seal', specification: '22 mm', material: 'SiC', unit: 'pcs', substitutes: [`${partNo}-B`], standardCost: 180 } });
    await call('GET', '/parts', {});
    await call('GET', '/parts/{partNo}', { partNo });
    await call('POST', `${STOCK}/counts`, { warehouseId: 'central', partNo }, { body: { onHand: 2 } });
    await call('GET', STOCK, { warehouseId: 'central', partNo });

    const a = (await call('POST', '/parts-requests', {}, { body: requestBody(partNo, 2) })) as unknown as PartsRequestView;
    expect(a.status).toBe('reserved');
    await call('POST', `${PR}/pick`, { id: a.id });
    await call('POST', `${PR}/pack`, { id: a.id });
    await call('POST', `${PR}/ship`, { id: a.id }, { body: { carrier: 'SF Express', trackingNo: 'SF1', transportCost: 35 } });
    await call('POST', `${PR}/eta`, { id: a.id }, { body: { eta: new Date(Date.now() + 3_600_000).toISOString() } });
    await call('POST', `${PR}/deliver`, { id: a.id }, { body: { receivedBy: 'Li Na', lines: [{ partNo, received: 1, damaged: 0 }] } });
    await call('POST', `${PR}/carrier-claim/settle`, { id: a.id }, { body: { amount: 180, note: 'refunded' } });
    await call('POST', `${PR}/close`, { id: a.id });

    const b = (await call('POST', '/parts-requests', {}, { body: requestBody(partNo, 1) })) as unknown as PartsRequestView;
    expect(b.status).toBe('backordered');
    await call('POST', `${STOCK}/receipts`, { warehouseId: 'central', partNo }, { body: { receiptId: `GR-${randomUUID()}`, quantity: 1 } });
    const c = (await call('POST', '/parts-requests', {}, { body: requestBody(partNo, 1) })) as unknown as PartsRequestView;
    await call('POST', `${PR}/cancel`, { id: c.id }, { body: { reason: 'not needed' } });
    await call('POST', `${STOCK}/counts`, { warehouseId: 'van-tech-walk', partNo }, { body: { onHand: 1 } });
    const d = (await call('POST', '/parts-requests', {}, { body: requestBody(partNo, 1) })) as unknown as PartsRequestView;
    await call('POST', `${PR}/take-from-van`, { id: d.id }, { body: { technicianId: 'tech-walk' } });
    await call('POST', `${STOCK}/counts`, { warehouseId: 'quarantine', partNo }, { body: { onHand: 2 } });
    await call('POST', `${STOCK}/scraps`, { warehouseId: 'quarantine', partNo }, { roles: ['quality_engineer'], subject: 'qe-1', body: { quantity: 1, reason: 'water damage' } });

    const RET = '/part-returns/{id}';
    const returned = { partNo, serialNo: 'S-OLD-1', warehouseId: 'central', reason: 'leaking' };
    const scrap = (await call('POST', '/part-returns', {}, { body: returned })) as { id: string };
    await call('POST', `${RET}/inspect`, { id: scrap.id }, { roles: ['quality_engineer'], subject: 'qe-1', body: { finding: 'cracked' } });
    await call('POST', `${RET}/scrap-application`, { id: scrap.id }, { body: { reason: 'beyond repair' } });
    await call('POST', `${RET}/scrap-approval`, { id: scrap.id }, { roles: ['quality_engineer'], subject: 'qe-1' });
    const repaired = (await call('POST', '/part-returns', {}, { body: returned })) as { id: string };
    await call('POST', `${RET}/inspect`, { id: repaired.id }, { body: { finding: 'worn' } });
    await call('POST', `${RET}/repair`, { id: repaired.id });
    const claimed = (await call('POST', '/part-returns', {}, { body: returned })) as { id: string };
    await call('POST', `${RET}/inspect`, { id: claimed.id }, { body: { finding: 'material defect' } });
    await call('POST', `${RET}/supplier-claim`, { id: claimed.id }, { roles: ['quality_engineer'], body: { supplierId: 'SUP-017' } });
    await call('GET', '/part-returns', {}, { roles: ['quality_engineer'] });
    await call('GET', RET, { id: claimed.id });

    await call('GET', '/parts-requests', {});
    await call('GET', PR, { id: b.id });
    await call('GET', '/parts-reports/months/{month}', { month: new Date().toISOString().slice(0, 7) }, { roles: ['manager'] });
    await call('POST', '/admin/tenants', {}, { roles: ['operator'], body: { id: `walk-${randomUUID().slice(0, 8)}`, name: 'Walk Co.' } });
    await call('GET', '/admin/tenants', {}, { roles: ['operator'] });

    // Error answers are problem details without `_` fields too.
    await call('GET', PR, { id: 'pr-missing' });
    await call('POST', `${PR}/close`, { id: c.id });

    expect(walk.unsucceeded()).toEqual([]);
    expect(walk.underscoreLeaks()).toEqual([]);
    expect(walk.undeclaredStatuses()).toEqual([]);
    expect(operationsWithoutSchemas(document)).toEqual([]);
    expect((await h.request('GET', `/parts-requests/${b.id}`).then((r) => json<PartsRequestView>(r))).status).toBe('shipped');
  });
});

describe('tenant isolation', () => {
  it("another tenant finds none of a tenant's records on any route, and its commands on them are 404 and change nothing", async () => {
    const other = { tenant: 'globex' };
    const partNo = `ISO-${randomUUID().slice(0, 6)}`;
    expect((await h.request('PUT', `/parts/${partNo}`, { body: { name: 'Seal', unit: 'pcs', standardCost: 10 } })).status).toBe(200);
    expect((await h.request('POST', `/warehouses/central/stock/${partNo}/counts`, { body: { onHand: 3 } })).status).toBe(200);
    const request = await json<PartsRequestView>(await h.request('POST', '/parts-requests', { body: requestBody(partNo, 1) }));
    const returned = await json<{ id: string; version: number }>(
      await h.request('POST', '/part-returns', { body: { partNo, serialNo: 'S-ISO-1', warehouseId: 'central', reason: 'leaking' } }),
    );

    const notFound: Array<[string, string, unknown?]> = [
      ['GET', `/parts/${partNo}`],
      ['GET', `/parts-requests/${request.id}`],
      ...['pick', 'pack', 'close'].map((step): [string, string] => ['POST', `/parts-requests/${request.id}/${step}`]),
      ['POST', `/parts-requests/${request.id}/cancel`, { reason: 'not ours' }],
      ['POST', `/parts-requests/${request.id}/ship`, { carrier: 'SF Express', trackingNo: 'SF9', transportCost: 1 }],
      ['POST', `/parts-requests/${request.id}/take-from-van`, { technicianId: 'tech-x' }],
      ['GET', `/part-returns/${returned.id}`],
      ['POST', `/part-returns/${returned.id}/inspect`, { finding: 'cracked' }],
      ['POST', `/part-returns/${returned.id}/repair`],
    ];
    for (const [method, url, body] of notFound) {
      const response = await h.request(method, url, { ...other, roles: ['parts_clerk', 'quality_engineer', 'warehouse'], body });
      expect([method, url, response.status]).toEqual([method, url, 404]);
    }
    const stock = await h.request('GET', `/warehouses/central/stock/${partNo}`, other);
    expect(stock.status === 404 || (await json<{ onHand: number }>(stock)).onHand === 0).toBe(true);

    const lists = await Promise.all(
      ['/parts', '/parts-requests', '/part-returns'].map(async (url) => json<{ items: Array<{ id?: string; partNo?: string }> }>(await h.request('GET', url, { ...other, roles: ['parts_clerk', 'quality_engineer'] }))),
    );
    for (const list of lists) expect(list.items.filter((item) => [partNo, request.id, returned.id].includes(String(item.id ?? item.partNo)))).toEqual([]);

    // The owner's records are as they were.
    expect(await json(await h.request('GET', `/parts-requests/${request.id}`))).toMatchObject({ status: request.status, version: request.version });
    expect(await json(await h.request('GET', `/part-returns/${returned.id}`))).toMatchObject({ version: returned.version });
    expect(await json(await h.request('GET', `/warehouses/central/stock/${partNo}`))).toMatchObject({ onHand: 3 });
  });
});

describe('ETag and If-Match', () => {
  it('a parts request: a stale If-Match is 412 and changes nothing; the current ETag succeeds', async () => {
    const partNo = `ETAG-${randomUUID().slice(0, 6)}`;
    await h.request('PUT', `/parts/${partNo}`, { body: { name: 'Seal', unit: 'pcs' } });
    await h.request('POST', `/warehouses/central/stock/${partNo}/counts`, { body: { onHand: 1 } });
    const created = await h.request('POST', '/parts-requests', { body: requestBody(partNo, 1) });
    expect([created.status, created.status === 201 ? '' : await created.clone().text()]).toEqual([201, '']);
    const etag = created.headers.get('etag')!;
    const { id, version } = await json<PartsRequestView>(created);
    expect(etag).toBe(`"${version}"`);
    const picked = await h.request('POST', `/parts-requests/${id}/pick`, { headers: { 'if-match': etag } });
    expect(picked.status).toBe(200);
    expect(picked.headers.get('etag')).toBe(`"${version + 1}"`);
    const stale = await h.request('POST', `/parts-requests/${id}/pack`, { headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(await json<PartsRequestView>(await h.request('GET', `/parts-requests/${id}`))).toMatchObject({ status: 'picked', version: version + 1 });
  });

  it('stock: a count with a stale If-Match is 412 and changes nothing', async () => {
    const partNo = `ETAG-${randomUUID().slice(0, 6)}`;
    const first = await h.request('POST', `/warehouses/central/stock/${partNo}/counts`, { body: { onHand: 4 } });
    expect(first.headers.get('etag')).toBe('"1"');
    const stale = await h.request('POST', `/warehouses/central/stock/${partNo}/counts`, { body: { onHand: 9 }, headers: { 'if-match': '"0"' } });
    expect(stale.status).toBe(412);
    expect(await json(await h.request('GET', `/warehouses/central/stock/${partNo}`))).toMatchObject({ onHand: 4, version: 1 });
  });

  it('the warehouse picks, packs, ships and counts stock; it does not request, close or write the catalogue', async () => {
    const partNo = `WH-${randomUUID().slice(0, 6)}`;
    const warehouse = { roles: ['warehouse'] as Role[], subject: 'keeper-1' };
    expect((await h.request('PUT', `/parts/${partNo}`, { body: { name: 'Seal', unit: 'pcs' } })).status).toBe(200);
    expect((await h.request('POST', `/warehouses/central/stock/${partNo}/counts`, { ...warehouse, body: { onHand: 1 } })).status).toBe(200);
    expect((await h.request('POST', '/parts-requests', { ...warehouse, body: requestBody(partNo, 1) })).status).toBe(403);
    const created = await h.request('POST', '/parts-requests', { body: requestBody(partNo, 1) });
    expect(created.status).toBe(201);
    const { id } = await json<PartsRequestView>(created);
    for (const step of ['pick', 'pack']) expect((await h.request('POST', `/parts-requests/${id}/${step}`, warehouse)).status).toBe(200);
    const shipped = await h.request('POST', `/parts-requests/${id}/ship`, { ...warehouse, body: { carrier: 'SF Express', trackingNo: 'SF3', transportCost: 10 } });
    expect(shipped.status).toBe(200);
    expect(await json<PartsRequestView>(shipped)).toMatchObject({ status: 'shipped', shipment: { inspectedBy: 'keeper-1' } });
    expect((await h.request('GET', `/warehouses/central/stock/${partNo}`, warehouse)).status).toBe(200);
    expect((await h.request('POST', `/parts-requests/${id}/cancel`, { ...warehouse, body: { reason: 'no' } })).status).toBe(403);
    expect((await h.request('PUT', `/parts/${partNo}`, { ...warehouse, body: { name: 'Seal', unit: 'pcs' } })).status).toBe(403);
  });

  it('a quality engineer scraps available units from the shelf, once per scrap id; other roles 403, reserved units and other tenants untouched', async () => {
    const partNo = `SCRAP-${randomUUID().slice(0, 6)}`;
    const qe = { roles: ['quality_engineer'] as Role[], subject: 'qe-zhou' };
    const url = `/warehouses/central/stock/${partNo}`;
    expect((await h.request('PUT', `/parts/${partNo}`, { body: { name: 'Seal', unit: 'pcs' } })).status).toBe(200);
    expect((await h.request('POST', `${url}/counts`, { body: { onHand: 3 } })).status).toBe(200);
    expect((await h.request('POST', '/parts-requests', { body: requestBody(partNo, 1) })).status).toBe(201);
    const body = { quantity: 2, reason: 'Water damage in rack B-4', scrapId: `scrap-${partNo}` };
    for (const roles of [['warehouse'], ['parts_clerk'], ['manager'], ['technician']] as Role[][]) {
      expect((await h.request('POST', `${url}/scraps`, { roles, subject: 'someone', body })).status).toBe(403);
    }
    const tooMany = await h.request('POST', `${url}/scraps`, { ...qe, body: { ...body, quantity: 3 } });
    expect(tooMany.status).toBe(409);
    expect(await tooMany.json()).toMatchObject({ code: 'STOCK_INSUFFICIENT' });
    expect((await h.request('POST', `${url}/scraps`, { ...qe, tenant: 'globex', body })).status).toBe(409);

    const scrapped = await h.request('POST', `${url}/scraps`, { ...qe, body });
    expect(scrapped.status).toBe(200);
    const again = await json<{ onHand: number; version: number }>(await h.request('POST', `${url}/scraps`, { ...qe, body }));
    const stock = await json<{ onHand: number; reserved: number; available: number; version: number; movements: Array<{ kind: string; quantity: number; reference: string | null }> }>(
      await h.request('GET', url),
    );
    expect(stock).toMatchObject({ onHand: 1, reserved: 1, available: 0 });
    expect(again.version).toBe(stock.version);
    expect(stock.movements.filter((m) => m.kind === 'scrap')).toEqual([expect.objectContaining({ quantity: 2, reference: 'Water damage in rack B-4' })]);
    const blank = await h.request('POST', `${url}/scraps`, { ...qe, body: { quantity: 1, reason: ' ' } });
    expect(blank.status).toBe(400);
  });

  it('a technician reads only the stock of their own van', async () => {
    expect((await h.request('GET', '/warehouses/van-tech-1/stock/SEAL-22', { roles: ['technician'], subject: 'tech-1' })).status).toBe(200);
    const other = await h.request('GET', '/warehouses/central/stock/SEAL-22', { roles: ['technician'], subject: 'tech-1' });
    expect(other.status).toBe(403);
  });
});
