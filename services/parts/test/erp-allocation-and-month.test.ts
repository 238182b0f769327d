import { randomUUID } from 'node:crypto';
import {
  ERP_GOODS_RECEIPT_POSTED_V1,
  ERP_PARTS_CATALOGUE_ITEM_UPSERTED_V1,
  ERP_STOCK_LEVEL_REPORTED_V1,
  PARTS_REQUEST_SHIPPED_V1,
  TOPICS,
  type ErpGoodsReceiptPostedV1,
  type ErpPartsCatalogueItemUpsertedV1,
  type ErpStockLevelReportedV1,
} from '@aftercare/contracts';
import type { Role } from '@aftercare/auth';
import { until, type ReceivedMessage } from '@aftercare/testing';
import type { CatalogueItemView } from '../src/catalogue/application/catalogue-item.view';
import type { PartsRequestView } from '../src/parts-request/application/parts-request.view';
import type { StockView } from '../src/stock/application/stock.view';
import { TENANT, json, startParts, type PartsTestApp } from './support/parts-app';

/**
 * The catalogue, stock levels and goods receipts from the ERP, substitutes, competing requests
 * served by priority, and the month's figures through the API — each against the real stack.
 */
describe('the ERP feeds, allocation and the month, against the real stack', () => {
  let parts: PartsTestApp;

  beforeAll(async () => {
    parts = await startParts('erp-allocation-month', { watch: [TOPICS.partsRequestEvents.name] });
  });
  afterAll(() => parts.close());

  const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
  const asErp = (topic: string, type: string, key: string, data: unknown, tenantId = TENANT) => parts.publish(topic, type, key, data, { tenantId, source: '/erp' });
  const stock = async (partNo: string, tenant = TENANT) => json<StockView>(await parts.request('GET', `/warehouses/central/stock/${partNo}`, { tenant }));
  const read = async (id: string, tenant = TENANT) => json<PartsRequestView>(await parts.request('GET', `/parts-requests/${id}`, { tenant }));

  function requestParts(partNo: string, quantity: number, options: { priority?: string; allowSubstitutes?: boolean; tenant?: string } = {}) {
    return parts.request('POST', '/parts-requests', {
      tenant: options.tenant ?? TENANT,
      body: {
        warehouseId: 'central',
        priority: options.priority ?? 'P2',
        lines: [{ partNo, name: 'Seal', specification: '22 mm', material: 'SiC', quantity, allowSubstitutes: options.allowSubstitutes ?? false }],
        neededBy: new Date(Date.now() + 86_400_000).toISOString(),
        customer: { name: 'Shanghai Pump Works' },
        shipTo: { address: '88 Riverside Road', consignee: 'Li Na', phone: '+86 21 5555 0101' },
      },
    });
  }

  it("keeps the ERP's catalogue (newest wins) and stock levels, and meets a line with a substitute only when the requester allows it", async () => {
    const [seal, substitute] = [unique('SEAL'), unique('SEAL-B')];
    const item: ErpPartsCatalogueItemUpsertedV1 = {
      partNo: seal,
      name: 'Mechanical seal',
      specification: '22 mm',
      material: 'SiC/carbon',
      unit: 'pcs',
      substitutes: [substitute],
      standardCost: 180,
      updatedAt: '2026-11-02T00:00:00.000Z',
    };
    await asErp(TOPICS.erpPartsCatalogue.name, ERP_PARTS_CATALOGUE_ITEM_UPSERTED_V1, seal, item);
    await asErp(TOPICS.erpPartsCatalogue.name, ERP_PARTS_CATALOGUE_ITEM_UPSERTED_V1, seal, { ...item, name: 'Old name', standardCost: 1, updatedAt: '2026-11-01T00:00:00.000Z' });
    const level: ErpStockLevelReportedV1 = { warehouseId: 'central', partNo: substitute, onHand: 1, countedAt: new Date().toISOString() };
    await asErp(TOPICS.erpStockLevels.name, ERP_STOCK_LEVEL_REPORTED_V1, `central|${substitute}`, level);
    await until(async () => (await stock(substitute)).onHand === 1, 30_000, "the ERP's stock level did not arrive");
    // A third, newer item after the older one on the same key (same partition): once it is in, the older one was handled too.
    await asErp(TOPICS.erpPartsCatalogue.name, ERP_PARTS_CATALOGUE_ITEM_UPSERTED_V1, seal, { ...item, unit: 'set', updatedAt: '2026-11-03T00:00:00.000Z' });
    const catalogueItem = async () => (await parts.request('GET', `/parts/${seal}`)).json() as Promise<CatalogueItemView>;
    await until(async () => (await catalogueItem()).unit === 'set', 30_000, "the ERP's catalogue items did not arrive");
    // Written twice (inserted, then the newest): the older item in between changed nothing.
    expect(await catalogueItem()).toMatchObject({ version: 2, name: 'Mechanical seal', substitutes: [substitute], standardCost: 180 });

    const strict = await json<PartsRequestView>(await requestParts(seal, 1));
    expect(strict).toMatchObject({ status: 'backordered', lines: [{ reserved: 0, backordered: 1 }] });
    const flexible = await json<PartsRequestView>(await requestParts(seal, 1, { allowSubstitutes: true }));
    expect(flexible).toMatchObject({ status: 'reserved', lines: [{ reserved: 1, reservedParts: [{ partNo: substitute, quantity: 1 }] }] });
    expect(await stock(substitute)).toMatchObject({ onHand: 1, reserved: 1, available: 0 });
  }, 60_000);

  it('serves a goods receipt to the P1 request before an older P3 one, and ships it without a person', async () => {
    const seal = unique('SEAL');
    const older = await json<PartsRequestView>(await requestParts(seal, 1, { priority: 'P3' }));
    const urgent = await json<PartsRequestView>(await requestParts(seal, 1, { priority: 'P1' }));
    expect([older.status, urgent.status]).toEqual(['backordered', 'backordered']);
    // The goods were bought for the older request; the line stoppage still comes first.
    const receipt: ErpGoodsReceiptPostedV1 = { receiptId: `GR-${randomUUID()}`, warehouseId: 'central', purchaseRequestId: `${older.id}:1`, lines: [{ partNo: seal, quantity: 1 }], receivedAt: new Date().toISOString() };
    await asErp(TOPICS.erpGoodsReceipts.name, ERP_GOODS_RECEIPT_POSTED_V1, 'central', receipt);
    await parts.probe.waitFor(
      (m: ReceivedMessage) => m.topic === parts.topic(TOPICS.partsRequestEvents.name) && m.headers.ce_type === PARTS_REQUEST_SHIPPED_V1 && m.key === urgent.id,
      { timeoutMs: 30_000 },
    );
    expect((await read(urgent.id)).status).toBe('shipped');
    expect(await read(older.id)).toMatchObject({ status: 'backordered', lines: [{ reserved: 0, backordered: 1 }] });
    expect((await stock(seal)).waiting.map((d) => [d.partsRequestId, d.priority])).toEqual([[older.id, 'P3']]);
  }, 60_000);

  it('hands units a cancelled request frees, or a count finds, to the waiting requests by priority then age, and ships what they complete', async () => {
    const seal = unique('SEAL');
    const shippedBySystem = (id: string) =>
      parts.probe.waitFor((m: ReceivedMessage) => m.topic === parts.topic(TOPICS.partsRequestEvents.name) && m.headers.ce_type === PARTS_REQUEST_SHIPPED_V1 && m.key === id, { timeoutMs: 30_000 });
    expect((await parts.request('POST', `/warehouses/central/stock/${seal}/counts`, { body: { onHand: 1 } })).status).toBe(200);
    const holder = await json<PartsRequestView>(await requestParts(seal, 1, { priority: 'P4' }));
    const older = await json<PartsRequestView>(await requestParts(seal, 1, { priority: 'P3' }));
    const urgent = await json<PartsRequestView>(await requestParts(seal, 1, { priority: 'P1' }));
    expect([holder.status, older.status, urgent.status]).toEqual(['reserved', 'backordered', 'backordered']);

    // The holder is cancelled: its unit goes to the P1 line stoppage, which ships without a person.
    expect((await parts.request('POST', `/parts-requests/${holder.id}/cancel`, { body: { reason: 'not needed' } })).status).toBe(200);
    await shippedBySystem(urgent.id);
    expect(await read(urgent.id)).toMatchObject({ status: 'shipped', lines: [{ reserved: 1, backordered: 0 }] });
    expect(await stock(seal)).toMatchObject({ onHand: 0, reserved: 0, available: 0 });

    // A newcomer queues behind the older request at its own priority; a stock-take finds one unit: the P2 newcomer's.
    const newcomer = await json<PartsRequestView>(await requestParts(seal, 1, { priority: 'P2' }));
    expect(newcomer.status).toBe('backordered');
    const counted = await json<StockView>(await parts.request('POST', `/warehouses/central/stock/${seal}/counts`, { body: { onHand: 1 } }));
    expect(counted.waiting.map((d) => d.partsRequestId)).toEqual([older.id]);
    await shippedBySystem(newcomer.id);

    // The ERP's count finds another: the last one waiting, the older P3, gets it.
    const level: ErpStockLevelReportedV1 = { warehouseId: 'central', partNo: seal, onHand: 1, countedAt: new Date().toISOString() };
    await asErp(TOPICS.erpStockLevels.name, ERP_STOCK_LEVEL_REPORTED_V1, `central|${seal}`, level);
    await shippedBySystem(older.id);
    const after = await stock(seal);
    expect(after).toMatchObject({ onHand: 0, reserved: 0, available: 0, waiting: [] });
    expect((await read(holder.id)).status).toBe('cancelled');
  }, 90_000);

  it("answers the month's costs and rates of a tenant through the API, to the roles that may read them", async () => {
    const tenant = unique('month');
    const seal = unique('SEAL');
    const call = (method: string, url: string, body?: unknown, roles: Role[] = ['parts_clerk']) => parts.request(method, url, { tenant, roles, body });
    expect((await call('PUT', `/parts/${seal}`, { name: 'Seal', specification: '22 mm', material: 'SiC', unit: 'pcs', standardCost: 180 })).status).toBe(200);
    expect((await call('POST', `/warehouses/central/stock/${seal}/counts`, { onHand: 2 })).status).toBe(200);

    const served = await json<PartsRequestView>(await requestParts(seal, 2, { tenant }));
    expect(served.status).toBe('reserved');
    for (const step of ['pick', 'pack']) expect((await call('POST', `/parts-requests/${served.id}/${step}`)).status).toBe(200);
    expect((await call('POST', `/parts-requests/${served.id}/ship`, { carrier: 'SF Express', trackingNo: 'SF-M1', transportCost: 35 })).status).toBe(200);
    expect((await call('POST', `/parts-requests/${served.id}/deliver`, { receivedBy: 'Li Na', lines: [{ partNo: seal, received: 2, damaged: 0 }] })).status).toBe(200);
    expect((await call('POST', `/parts-requests/${served.id}/close`)).status).toBe(200);
    const waiting = await json<PartsRequestView>(await requestParts(seal, 1, { tenant }));
    expect(waiting.status).toBe('backordered');
    const withdrawn = await json<PartsRequestView>(await requestParts(seal, 1, { tenant }));
    expect((await call('POST', `/parts-requests/${withdrawn.id}/cancel`, { reason: 'not needed' })).status).toBe(200);
    // Another tenant's requests of the same month count nowhere here.
    expect((await requestParts(seal, 1)).status).toBe(201);

    const month = new Date().toISOString().slice(0, 7);
    const response = await call('GET', `/parts-reports/months/${month}`, undefined, ['manager']);
    expect(response.status).toBe(200);
    const figures = await json<Record<string, unknown>>(response);
    expect(figures).toMatchObject({ month, requests: 3, cancelled: 1, materialCost: 360, transportCost: 35, fillRate: 0.5, backorderRate: 0.5 });
    expect(figures.averageLeadTimeHours).toEqual(expect.any(Number));
    expect((await call('GET', `/parts-reports/months/${month}`)).status).toBe(200);
    for (const role of ['technician', 'warehouse', 'quality_engineer'] as Role[]) expect((await call('GET', `/parts-reports/months/${month}`, undefined, [role])).status).toBe(403);
    expect((await call('GET', '/parts-reports/months/2026-13', undefined, ['manager'])).status).toBe(400);
  }, 60_000);
});
