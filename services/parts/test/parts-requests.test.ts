import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ERP_GOODS_RECEIPT_POSTED_V1,
  ERP_PURCHASE_REQUEST_STATUS_CHANGED_V1,
  EXAMPLES_DIR,
  NOTIFICATION_REQUESTED_V1,
  PARTS_REQUEST_DELAYED_V1,
  PARTS_REQUEST_DELIVERED_V1,
  PARTS_REQUEST_SHIPPED_V1,
  PURCHASE_REQUEST_REQUESTED_V1,
  TOPICS,
  WORK_ORDER_AWAITING_PARTS_V1,
  type ErpGoodsReceiptPostedV1,
  type ErpPurchaseRequestStatusChangedV1,
  type WorkOrderAwaitingPartsV1,
} from '@aftercare/contracts';
import { assertValidEvent, until, type ReceivedMessage } from '@aftercare/testing';
import type { Role } from '@aftercare/auth';
import { MONGO_CONNECTION } from '@aftercare/persistence';
import type { Connection } from 'mongoose';
import { levelsFrom, reserve } from '../src/stock/domain';
import { StockStore } from '../src/stock/infrastructure/stock.store';
import type { PartsRequestPage, PartsRequestView } from '../src/parts-request/application/parts-request.view';
import type { StockView } from '../src/stock/application/stock.view';
import { TENANT, json, startParts, type PartsTestApp } from './support/parts-app';

const example = <T>(type: string): T => JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${type}.json`), 'utf8')) as T;
const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000);

describe('parts requests against the real stack', () => {
  let parts: PartsTestApp;
  const partsTopic = () => parts.topic(TOPICS.partsRequestEvents.name);
  const purchaseTopic = () => parts.topic(TOPICS.purchaseRequests.name);
  const notificationTopic = () => parts.topic(TOPICS.notificationRequests.name);
  const ofType = (topic: string, type: string, subject?: string) => (m: ReceivedMessage) =>
    m.topic === topic && m.headers.ce_type === type && (subject === undefined || m.key === subject);

  beforeAll(async () => {
    parts = await startParts('requests', {
      watch: [
        TOPICS.partsRequestEvents.name,
        TOPICS.purchaseRequests.name,
        TOPICS.notificationRequests.name,
        TOPICS.dispatchWorkOrderEvents.name,
        TOPICS.erpGoodsReceipts.name,
        TOPICS.erpPurchaseRequestStatus.name,
      ],
    });
  });
  afterAll(() => parts.close());

  async function stockUp(partNo: string, onHand: number, warehouse = 'central'): Promise<void> {
    const response = await parts.request('POST', `/warehouses/${warehouse}/stock/${partNo}/counts`, { body: { onHand } });
    expect(response.status).toBe(200);
  }

  async function requestParts(partNo: string, quantity: number, extra: Record<string, unknown> = {}): Promise<Response> {
    return parts.request('POST', '/parts-requests', {
      body: {
        warehouseId: 'central',
        priority: 'P2',
        lines: [{ partNo, name: 'Seal', specification: '22 mm', material: 'SiC', quantity }],
        neededBy: hoursFromNow(24).toISOString(),
        customer: { name: 'Shanghai Pump Works' },
        shipTo: { address: '88 Riverside Road', consignee: 'Li Na', phone: '+86 21 5555 0101' },
        ...extra,
      },
    });
  }

  async function read(id: string): Promise<PartsRequestView> {
    const response = await parts.request('GET', `/parts-requests/${encodeURIComponent(id)}`);
    expect(response.status).toBe(200);
    return json<PartsRequestView>(response);
  }

  async function stock(partNo: string, warehouse = 'central'): Promise<StockView> {
    return json<StockView>(await parts.request('GET', `/warehouses/${warehouse}/stock/${partNo}`));
  }

  it('makes one request per work order and awaiting round: the same awaiting-parts twice creates one', async () => {
    const workOrderId = `wo-${randomUUID()}`;
    const caseId = `sr-${randomUUID()}`;
    const base = example<WorkOrderAwaitingPartsV1>(WORK_ORDER_AWAITING_PARTS_V1);
    const round1: WorkOrderAwaitingPartsV1 = { ...base, workOrderId, caseId, tenantId: TENANT, requestedAt: '2026-11-30T08:00:00.000Z', neededBy: null };
    const publish = (data: WorkOrderAwaitingPartsV1, id?: string) =>
      parts.publish(TOPICS.dispatchWorkOrderEvents.name, WORK_ORDER_AWAITING_PARTS_V1, workOrderId, data, { id, caseId, source: '/aftercare/dispatch' });
    const id = await publish(round1);
    await publish(round1, id); // a redelivery of the same message
    await publish(round1); // the same event published again under a new id
    // A second awaiting round of the same order, after the copies in the order's partition:
    // once it exists, the copies before it have been handled.
    await publish({ ...round1, requestedAt: '2026-11-30T12:00:00.000Z' });
    const list = async () => json<PartsRequestPage>(await parts.request('GET', `/parts-requests?workOrderId=${workOrderId}`));
    await until(async () => (await list()).items.length === 2 && (await list()).items.every((r) => r.status !== 'requested'), 30_000, 'two requests not allocated');
    const requests = (await list()).items;
    expect(requests.map((r) => r.requestedAt).sort()).toEqual(['2026-11-30T08:00:00.000Z', '2026-11-30T12:00:00.000Z']);
    for (const r of requests) {
      expect(r).toMatchObject({ origin: 'work_order', caseId, workOrderId, requestedBy: base.technicianId, status: 'backordered' });
      expect(r.lines.map((l) => [l.partNo, l.quantity])).toEqual(base.parts.map((p) => [p.partNo, p.quantity]));
    }
  });

  it('never oversells: 100 concurrent requests for the last 5 units reserve exactly 5, the rest are backordered', async () => {
    const partNo = `LAST-${randomUUID().slice(0, 8)}`;
    await stockUp(partNo, 5);
    const answers = await Promise.all(Array.from({ length: 100 }, () => requestParts(partNo, 1)));
    expect(answers.map((a) => a.status)).toEqual(Array(100).fill(201));
    const views = await Promise.all(answers.map((a) => json<PartsRequestView>(a)));
    expect(views.filter((v) => v.status === 'reserved')).toHaveLength(5);
    expect(views.filter((v) => v.status === 'backordered')).toHaveLength(95);
    const level = await stock(partNo);
    expect(level).toMatchObject({ onHand: 5, reserved: 5, available: 0 });
    expect(level.waiting).toHaveLength(95);
    const item = (await parts.app.get(StockStore).find(TENANT, 'central', partNo)).item;
    expect(levelsFrom(item.movements)).toEqual(item.levels);
    let available = 0;
    for (const m of item.movements) {
      available = levelsFrom(item.movements.slice(0, item.movements.indexOf(m) + 1)).available;
      expect(available).toBeGreaterThanOrEqual(0);
    }
  }, 120_000);

  it('never oversells across instances: two stock stores racing for the last 5 units reserve exactly 5, the version guard turning the rest away', async () => {
    // Each instance queues its own changes of an item; between instances only the version guard
    // of the one conditional update decides. A second store on the same database is a second
    // instance as far as the stock is concerned (its own queue, no shared memory).
    const partNo = `RACE-${randomUUID().slice(0, 8)}`;
    await stockUp(partNo, 5);
    const instances = [parts.app.get(StockStore), new StockStore(parts.app.get<Connection>(MONGO_CONNECTION))];
    const at = new Date();
    const reserved = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        instances[i % 2]!.change(TENANT, 'central', partNo, (item) => {
          const result = reserve(item, `race-${i}`, 1, at);
          return { item: result.item, result: result.reserved };
        }),
      ),
    );
    expect(reserved.filter((units) => units === 1)).toHaveLength(5);
    expect(reserved.filter((units) => units === 0)).toHaveLength(95);
    const item = (await parts.app.get(StockStore).find(TENANT, 'central', partNo)).item;
    expect(item.levels).toEqual({ onHand: 5, reserved: 5, available: 0 });
    expect(levelsFrom(item.movements)).toEqual(item.levels);
    expect(item.movements.filter((m) => m.kind === 'reservation')).toHaveLength(5);
  }, 120_000);

  it('backorders a shortfall with one ERP purchase request; the goods receipt reserves and ships it without a person', async () => {
    const partNo = `BO-${randomUUID().slice(0, 8)}`;
    const created = await json<PartsRequestView>(await requestParts(partNo, 2));
    expect(created.status).toBe('backordered');
    const purchaseRequestId = `${created.id}:1`;
    const [purchase] = await parts.probe.waitFor(ofType(purchaseTopic(), PURCHASE_REQUEST_REQUESTED_V1, purchaseRequestId));
    expect(assertValidEvent(purchase!).data).toMatchObject({ partsRequestId: created.id, partNo, quantity: 2, warehouseId: 'central' });

    const receipt: ErpGoodsReceiptPostedV1 = { receiptId: `GR-${randomUUID()}`, warehouseId: 'central', purchaseRequestId, lines: [{ partNo, quantity: 2 }], receivedAt: new Date().toISOString() };
    await parts.publish(TOPICS.erpGoodsReceipts.name, ERP_GOODS_RECEIPT_POSTED_V1, 'central', receipt);
    const [shipped] = await parts.probe.waitFor(ofType(partsTopic(), PARTS_REQUEST_SHIPPED_V1, created.id), { timeoutMs: 30_000 });
    expect(assertValidEvent(shipped!).data).toMatchObject({ carrier: parts.config.PARTS_AUTO_SHIP_CARRIER, trackingNo: receipt.receiptId });
    const after = await read(created.id);
    expect(after).toMatchObject({ status: 'shipped', lines: [{ reserved: 2, backordered: 0 }] });
    expect(await stock(partNo)).toMatchObject({ onHand: 0, reserved: 0, available: 0, waiting: [] });
    // The shipment was published after the backorder: every purchase request of it has arrived.
    expect(parts.probe.messages.filter(ofType(purchaseTopic(), PURCHASE_REQUEST_REQUESTED_V1, purchaseRequestId))).toHaveLength(1);
  }, 60_000);

  it('announces a slipped ERP date once per slip, with one customer notification request each', async () => {
    const partNo = `LATE-${randomUUID().slice(0, 8)}`;
    const caseId = `sr-${randomUUID()}`;
    const created = await json<PartsRequestView>(await requestParts(partNo, 1, { caseId }));
    const purchaseRequestId = `${created.id}:1`;
    const slip1 = hoursFromNow(72).toISOString();
    const slip2 = hoursFromNow(96).toISOString();
    const status = (s: ErpPurchaseRequestStatusChangedV1['status'], plannedDate: string): ErpPurchaseRequestStatusChangedV1 => ({ purchaseRequestId, status: s, plannedDate, changedAt: new Date().toISOString() });
    const send = (data: ErpPurchaseRequestStatusChangedV1) => parts.publish(TOPICS.erpPurchaseRequestStatus.name, ERP_PURCHASE_REQUEST_STATUS_CHANGED_V1, purchaseRequestId, data);
    await send(status('planned', slip1));
    await send(status('purchasing', slip1)); // the same date again: no new slip
    await send(status('purchasing', slip2)); // a later date: a new slip
    const delayedAt = (m: ReceivedMessage) => (assertValidEvent(m).data as { expectedAt: string }).expectedAt;
    await parts.probe.waitFor((m) => ofType(partsTopic(), PARTS_REQUEST_DELAYED_V1, created.id)(m) && delayedAt(m) === slip2, { timeoutMs: 30_000 });
    const delays = parts.probe.messages.filter(ofType(partsTopic(), PARTS_REQUEST_DELAYED_V1, created.id));
    expect(delays.map(delayedAt)).toEqual([slip1, slip2]);
    expect(delays.every((d) => d.headers.ce_caseid === caseId)).toBe(true);
    const expectedOf = (m: ReceivedMessage) => (assertValidEvent(m).data as { parameters: { expectedAt: string } }).parameters.expectedAt;
    await parts.probe.waitFor((m) => ofType(notificationTopic(), NOTIFICATION_REQUESTED_V1, caseId)(m) && expectedOf(m) === slip2);
    expect(parts.probe.messages.filter(ofType(notificationTopic(), NOTIFICATION_REQUESTED_V1, caseId)).map(expectedOf)).toEqual([slip1, slip2]);
    expect((await read(created.id)).lines[0]!.purchaseRequest).toMatchObject({ status: 'purchasing', plannedDate: slip2 });
  }, 60_000);

  it("announces a shipment's ETA slipping on the way once per slip, with one customer notification request each", async () => {
    const partNo = `ETA-${randomUUID().slice(0, 8)}`;
    const caseId = `sr-${randomUUID()}`;
    await stockUp(partNo, 1);
    const created = await json<PartsRequestView>(await requestParts(partNo, 1, { caseId }));
    for (const step of ['pick', 'pack']) expect((await parts.request('POST', `/parts-requests/${created.id}/${step}`)).status).toBe(200);
    const onTime = hoursFromNow(12).toISOString();
    expect((await parts.request('POST', `/parts-requests/${created.id}/ship`, { body: { carrier: 'SF Express', trackingNo: 'SF-ETA', eta: onTime } })).status).toBe(200);
    const revise = (eta: string, options: { roles?: Role[] } = {}) => parts.request('POST', `/parts-requests/${created.id}/eta`, { body: { eta }, ...options });
    const slip1 = hoursFromNow(48).toISOString();
    const slip2 = hoursFromNow(60).toISOString();
    expect((await revise(slip1, { roles: ['warehouse'] })).status).toBe(200);
    expect((await revise(slip1)).status).toBe(200); // the same date again: no new slip
    expect((await revise(slip2)).status).toBe(200);
    expect((await revise(slip2, { roles: ['technician'] })).status).toBe(403);
    expect((await parts.request('POST', `/parts-requests/${created.id}/eta`, { body: { eta: 'tomorrow' } })).status).toBe(400);
    const delayedAt = (m: ReceivedMessage) => (assertValidEvent(m).data as { expectedAt: string; reason: string }).expectedAt;
    await parts.probe.waitFor((m) => ofType(partsTopic(), PARTS_REQUEST_DELAYED_V1, created.id)(m) && delayedAt(m) === slip2, { timeoutMs: 30_000 });
    const delays = parts.probe.messages.filter(ofType(partsTopic(), PARTS_REQUEST_DELAYED_V1, created.id));
    expect(delays.map(delayedAt)).toEqual([slip1, slip2]);
    expect(delays.map((d) => (assertValidEvent(d).data as { reason: string }).reason)).toEqual(['shipment_eta', 'shipment_eta']);
    expect(delays.every((d) => d.headers.ce_caseid === caseId)).toBe(true);
    const expectedOf = (m: ReceivedMessage) => (assertValidEvent(m).data as { parameters: { expectedAt: string } }).parameters.expectedAt;
    await parts.probe.waitFor((m) => ofType(notificationTopic(), NOTIFICATION_REQUESTED_V1, caseId)(m) && expectedOf(m) === slip2);
    expect(parts.probe.messages.filter(ofType(notificationTopic(), NOTIFICATION_REQUESTED_V1, caseId)).map(expectedOf)).toEqual([slip1, slip2]);
    expect((await read(created.id)).shipment).toMatchObject({ eta: slip2 });
    expect((await parts.request('POST', `/parts-requests/${created.id}/deliver`, { body: { receivedBy: 'Li Na', lines: [{ partNo, received: 1, damaged: 0 }] } })).status).toBe(200);
    expect((await revise(hoursFromNow(72).toISOString())).status).toBe(409);
  }, 60_000);

  it('records a shortfall and a damaged unit against the carrier; the request closes only once that is settled', async () => {
    const partNo = `RCV-${randomUUID().slice(0, 8)}`;
    await stockUp(partNo, 3);
    const created = await json<PartsRequestView>(await requestParts(partNo, 3));
    expect(created.status).toBe('reserved');
    for (const step of ['pick', 'pack']) expect((await parts.request('POST', `/parts-requests/${created.id}/${step}`)).status).toBe(200);
    const ship = await parts.request('POST', `/parts-requests/${created.id}/ship`, { body: { carrier: 'SF Express', trackingNo: 'SF1', transportCost: 35 } });
    expect(ship.status).toBe(200);
    expect(await stock(partNo)).toMatchObject({ onHand: 0, reserved: 0 });

    const technician = await parts.request('GET', `/parts-requests/${created.id}`, { roles: ['technician'], subject: 'tech-other' });
    expect(technician.status).toBe(404);
    const otherTenant = await parts.request('GET', `/parts-requests/${created.id}`, { tenant: 'globex' });
    expect(otherTenant.status).toBe(404);

    const delivered = await parts.request('POST', `/parts-requests/${created.id}/deliver`, { body: { receivedBy: 'Li Na', lines: [{ partNo, received: 2, damaged: 1 }] } });
    expect(delivered.status).toBe(200);
    expect((await json<PartsRequestView>(delivered)).delivery).toMatchObject({ shortfall: 1, damaged: 1, carrierClaimOpen: true });
    const [event] = await parts.probe.waitFor(ofType(partsTopic(), PARTS_REQUEST_DELIVERED_V1, created.id));
    expect(assertValidEvent(event!).data).toMatchObject({ carrier: 'SF Express', shortfall: 1, damaged: 1, carrierClaimOpen: true });

    const refused = await parts.request('POST', `/parts-requests/${created.id}/close`);
    expect(refused.status).toBe(409);
    expect(await json<{ code: string }>(refused)).toMatchObject({ code: 'PARTS_REQUEST_CARRIER_CLAIM_OPEN' });
    expect((await parts.request('POST', `/parts-requests/${created.id}/carrier-claim/settle`, { body: { amount: 120 } })).status).toBe(200);
    const closed = await parts.request('POST', `/parts-requests/${created.id}/close`);
    expect(closed.status).toBe(200);
    expect(await json<PartsRequestView>(closed)).toMatchObject({ status: 'closed', costs: { transportCost: 35 } });
  }, 60_000);

  it('names every missing field of the procedure (422)', async () => {
    const response = await parts.request('POST', '/parts-requests', { body: { lines: [{ quantity: 1 }] } });
    expect(response.status).toBe(422);
    const problem = await json<{ code: string; errors: Array<{ field: string }> }>(response);
    expect(problem.code).toBe('PARTS_REQUEST_INCOMPLETE');
    expect(problem.errors.map((e) => e.field)).toEqual(
      expect.arrayContaining(['warehouseId', 'neededBy', 'customer.name', 'shipTo.address', 'shipTo.consignee', 'shipTo.phone', 'lines[0].name', 'lines[0].specification', 'lines[0].material']),
    );
  });
});
