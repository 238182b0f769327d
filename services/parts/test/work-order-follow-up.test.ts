import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  EXAMPLES_DIR,
  PARTS_REQUEST_CANCELLED_V1,
  PARTS_REQUEST_DELIVERED_V1,
  SERVICE_REQUEST_CANCELLED_V1,
  TOPICS,
  WORK_ORDER_AWAITING_PARTS_V1,
  WORK_ORDER_CANCELLED_V1,
  WORK_ORDER_COMPLETED_V1,
  WORK_ORDER_REPAIRED_V1,
  type ServiceRequestCancelledV1,
  type WorkOrderAwaitingPartsV1,
  type WorkOrderCancelledV1,
  type WorkOrderCompletedV1,
  type WorkOrderPartReplacedV1,
  type WorkOrderRepairedV1,
} from '@aftercare/contracts';
import { FAILURE_HEADERS } from '@aftercare/messaging';
import { until, type ReceivedMessage } from '@aftercare/testing';
import type { PartReturnView } from '../src/part-return/application/part-return.view';
import type { PartsRequestPage, PartsRequestView } from '../src/parts-request/application/parts-request.view';
import type { StockView } from '../src/stock/application/stock.view';
import { TENANT, json, startParts, type PartsTestApp } from './support/parts-app';

const example = <T>(type: string): T => JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${type}.json`), 'utf8')) as T;
const DLT = 'parts.main.dlt';

/** Dispatch's news about a work order that parts acts on: the service report's parts and the order's cancellation. */
describe('work orders repaired, completed and cancelled, and cases cancelled, against the real stack', () => {
  let parts: PartsTestApp;

  beforeAll(async () => {
    parts = await startParts('work-order-follow-up', { watch: [TOPICS.partsRequestEvents.name, DLT] });
  });
  afterAll(() => parts.close());

  const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

  async function count(warehouse: string, partNo: string, onHand: number): Promise<void> {
    expect((await parts.request('POST', `/warehouses/${warehouse}/stock/${partNo}/counts`, { body: { onHand } })).status).toBe(200);
  }

  const stock = async (warehouse: string, partNo: string) => json<StockView>(await parts.request('GET', `/warehouses/${warehouse}/stock/${partNo}`));
  const partReturn = (id: string) => parts.request('GET', `/part-returns/${encodeURIComponent(id)}`, { roles: ['quality_engineer'] });

  function completed(workOrderId: string, technicianId: string, partsReplaced: WorkOrderPartReplacedV1[], reworkCount = 0): WorkOrderCompletedV1 {
    const base = example<WorkOrderCompletedV1>(WORK_ORDER_COMPLETED_V1);
    return { ...base, workOrderId, tenantId: TENANT, technicianId, reworkCount, report: { ...base.report, partsReplaced }, completedAt: new Date().toISOString() };
  }

  async function requestOverHttp(partNo: string, quantity: number, refs: { caseId: string; workOrderId?: string }): Promise<PartsRequestView> {
    const response = await parts.request('POST', '/parts-requests', {
      body: {
        warehouseId: 'central',
        priority: 'P2',
        ...refs,
        lines: [{ partNo, name: 'Seal', specification: '22 mm', material: 'SiC', quantity }],
        neededBy: new Date(Date.now() + 86_400_000).toISOString(),
        customer: { name: 'Shanghai Pump Works' },
        shipTo: { address: '88 Riverside Road', consignee: 'Li Na', phone: '+86 21 5555 0101' },
      },
    });
    expect(response.status).toBe(201);
    return json<PartsRequestView>(response);
  }

  const publishOrder = <T extends { workOrderId: string; caseId: string }>(type: string, data: T, id?: string) =>
    parts.publish(TOPICS.dispatchWorkOrderEvents.name, type, data.workOrderId, data, { id, caseId: data.caseId, source: '/aftercare/dispatch' });

  it("takes a report's parts out of the technician's van once, and registers each serial taken out as a returned part", async () => {
    const technician = unique('tech');
    const van = `van-${technician}`;
    const seal = unique('SEAL');
    const workOrderId = unique('wo');
    await count(van, seal, 3);
    const report = completed(workOrderId, technician, [
      { partNo: seal, quantity: 1, serialOut: 'OLD-1', serialIn: 'NEW-1' },
      { partNo: seal, quantity: 1, serialOut: 'OLD-2', serialIn: 'NEW-2' },
    ]);
    const id = await publishOrder(WORK_ORDER_COMPLETED_V1, report);
    await until(async () => (await stock(van, seal)).onHand === 1, 30_000, 'the van was not decremented');
    await publishOrder(WORK_ORDER_COMPLETED_V1, report, id); // a redelivery
    // The same order's next report (after a rework) follows the redelivery in the order's partition.
    await publishOrder(WORK_ORDER_COMPLETED_V1, completed(workOrderId, technician, [{ partNo: seal, quantity: 1 }], 1));
    await until(async () => (await stock(van, seal)).onHand === 0, 30_000, "the rework's part was not taken");

    const level = await stock(van, seal);
    expect(level).toMatchObject({ onHand: 0, reserved: 0, available: 0 });
    const used = level.movements.filter((m) => m.kind === 'consumption');
    expect(used.map((m) => [m.quantity, m.reference]).sort()).toEqual([
      [1, workOrderId],
      [2, workOrderId],
    ]);
    for (const serial of ['OLD-1', 'OLD-2']) {
      const response = await partReturn(`ret-${workOrderId}-${serial}`);
      expect(response.status).toBe(200);
      expect(await json<PartReturnView>(response)).toMatchObject({ status: 'received', partNo: seal, serialNo: serial, workOrderId, caseId: report.caseId, receivedBy: technician, warehouseId: 'central' });
    }
  }, 60_000);

  it('does not take from the van the parts delivered to the site for the same order', async () => {
    const technician = unique('tech');
    const seal = unique('SEAL');
    const workOrderId = unique('wo');
    await count('central', seal, 1);
    const awaiting: WorkOrderAwaitingPartsV1 = {
      ...example<WorkOrderAwaitingPartsV1>(WORK_ORDER_AWAITING_PARTS_V1),
      workOrderId,
      tenantId: TENANT,
      technicianId: technician,
      parts: [{ partNo: seal, quantity: 1 }],
      requestedAt: new Date().toISOString(),
    };
    await publishOrder(WORK_ORDER_AWAITING_PARTS_V1, awaiting);
    const requests = async () => (await json<PartsRequestPage>(await parts.request('GET', `/parts-requests?workOrderId=${workOrderId}`))).items;
    await until(async () => (await requests())[0]?.status === 'reserved', 30_000, 'the request was not reserved');
    const [request] = await requests();
    for (const step of ['pick', 'pack']) expect((await parts.request('POST', `/parts-requests/${request!.id}/${step}`)).status).toBe(200);
    expect((await parts.request('POST', `/parts-requests/${request!.id}/ship`, { body: { carrier: 'SF Express', trackingNo: 'SF9', transportCost: 20 } })).status).toBe(200);
    const delivered = await parts.request('POST', `/parts-requests/${request!.id}/deliver`, { body: { receivedBy: technician, lines: [{ partNo: seal, received: 1, damaged: 0 }] } });
    expect(delivered.status).toBe(200);

    // The van never held this seal: were the delivered one taken from it, the report would be dead-lettered.
    await publishOrder(WORK_ORDER_COMPLETED_V1, completed(workOrderId, technician, [{ partNo: seal, quantity: 1, serialOut: 'OLD-9' }]));
    await until(async () => (await partReturn(`ret-${workOrderId}-OLD-9`)).status === 200, 30_000, 'the report was not handled');
    expect(await stock(`van-${technician}`, seal)).toMatchObject({ onHand: 0, movements: [] });
  }, 60_000);

  it('dead-letters a report the van cannot cover, naming part and van, and takes nothing from the van', async () => {
    const technician = unique('tech');
    const van = `van-${technician}`;
    const seal = unique('SEAL');
    const bearing = unique('BRG');
    await count(van, seal, 1);
    await count(van, bearing, 5);
    const workOrderId = unique('wo');
    const id = await publishOrder(
      WORK_ORDER_COMPLETED_V1,
      completed(workOrderId, technician, [
        { partNo: bearing, quantity: 2, serialOut: 'BRG-OLD' },
        { partNo: seal, quantity: 2 },
      ]),
    );
    const [dead] = await parts.probe.waitFor((m: ReceivedMessage) => m.topic === parts.topic(DLT) && m.headers.ce_id === id, { timeoutMs: 30_000 });
    expect(dead!.headers[FAILURE_HEADERS.errorCode]).toBe('STOCK_INSUFFICIENT');
    expect(dead!.headers[FAILURE_HEADERS.errorMessage]).toBe(`${workOrderId} used 2 of ${seal} from ${van}, which holds 1 available`);
    expect(await stock(van, seal)).toMatchObject({ onHand: 1, available: 1 });
    expect(await stock(van, bearing)).toMatchObject({ onHand: 5, available: 5 });
    expect((await partReturn(`ret-${workOrderId}-BRG-OLD`)).status).toBe(404);
  }, 60_000);

  it("takes an awaiting round's parts from the technician's own van: delivered at once (dispatch's resume signal), the warehouse's hold given back, not taken again by the report", async () => {
    const technician = unique('tech');
    const van = `van-${technician}`;
    const [seal, gasket] = [unique('SEAL'), unique('GSK')];
    const workOrderId = unique('wo');
    await count('central', gasket, 5);
    await count(van, seal, 1);
    await count(van, gasket, 2);
    const awaiting: WorkOrderAwaitingPartsV1 = {
      ...example<WorkOrderAwaitingPartsV1>(WORK_ORDER_AWAITING_PARTS_V1),
      workOrderId,
      tenantId: TENANT,
      technicianId: technician,
      parts: [
        { partNo: seal, quantity: 1 },
        { partNo: gasket, quantity: 2 },
      ],
      requestedAt: new Date().toISOString(),
    };
    await publishOrder(WORK_ORDER_AWAITING_PARTS_V1, awaiting);
    const requests = async () => (await json<PartsRequestPage>(await parts.request('GET', `/parts-requests?workOrderId=${workOrderId}`))).items;
    await until(async () => (await requests())[0]?.status === 'partially_reserved', 30_000, 'the request was not allocated');
    const [request] = await requests();
    const asTechnician = (subject: string, body: object = {}) =>
      parts.request('POST', `/parts-requests/${request!.id}/take-from-van`, { roles: ['technician'], subject, body });

    expect((await asTechnician(unique('tech'))).status).toBe(404); // another technician's request
    const notYours = await asTechnician(technician, { technicianId: unique('tech') });
    expect(notYours.status).toBe(403);
    expect((await json<{ code: string }>(notYours)).code).toBe('STOCK_NOT_YOURS');
    expect((await parts.request('POST', `/parts-requests/${request!.id}/take-from-van`, { body: {} })).status).toBe(422); // a clerk names the van
    await count(van, gasket, 1);
    const short = await asTechnician(technician);
    expect(short.status).toBe(409);
    expect((await json<{ code: string }>(short)).code).toBe('STOCK_INSUFFICIENT');
    expect(await stock(van, seal)).toMatchObject({ onHand: 1, available: 1 }); // nothing taken

    await count(van, gasket, 2);
    const taken = await asTechnician(technician);
    expect(taken.status).toBe(200);
    expect(await json<PartsRequestView>(taken)).toMatchObject({ status: 'delivered', delivery: { receivedBy: technician, shortfall: 0, damaged: 0, takenFrom: van } });
    const [delivered] = await parts.probe.waitFor(
      (m: ReceivedMessage) => m.topic === parts.topic(TOPICS.partsRequestEvents.name) && m.headers.ce_type === PARTS_REQUEST_DELIVERED_V1 && m.key === request!.id,
      { timeoutMs: 30_000 },
    );
    // What dispatch's parts-delivered handler resumes the order on: its work order, nothing short or damaged.
    expect(JSON.parse(delivered!.value!)).toMatchObject({ workOrderId, shortfall: 0, damaged: 0, carrier: van, carrierClaimOpen: false });
    expect(await stock(van, seal)).toMatchObject({ onHand: 0, available: 0 });
    expect(await stock(van, gasket)).toMatchObject({ onHand: 0, available: 0 });
    expect(await stock('central', gasket)).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
    expect((await stock('central', seal)).waiting).toEqual([]);
    expect((await asTechnician(technician)).status).toBe(409); // taken once

    // The report fits what the van gave for the round: the van (now empty) is not asked again, so nothing is dead-lettered.
    const completion = await publishOrder(WORK_ORDER_COMPLETED_V1, completed(workOrderId, technician, [{ partNo: seal, quantity: 1, serialOut: 'V-OLD' }]));
    await until(async () => (await partReturn(`ret-${workOrderId}-V-OLD`)).status === 200, 30_000, 'the report was not handled');
    expect(parts.probe.messages.filter((m) => m.topic === parts.topic(DLT) && m.headers.ce_id === completion)).toEqual([]);
    expect((await stock(van, seal)).movements.filter((m) => m.kind === 'consumption').map((m) => [m.quantity, m.reference])).toEqual([[1, request!.id]]);
  }, 90_000);

  function repaired(workOrderId: string, technicianId: string, parts: WorkOrderPartReplacedV1[]): WorkOrderRepairedV1 {
    const base = example<WorkOrderRepairedV1>(WORK_ORDER_REPAIRED_V1);
    return { ...base, workOrderId, tenantId: TENANT, technicianId, receiptNo: unique('RCPT'), parts, inspectedAt: new Date().toISOString() };
  }

  it("takes a workshop repair's parts out of the workshop's stock once, and not again from the van at completion", async () => {
    const technician = unique('tech');
    const workshop = parts.config.PARTS_WORKSHOP_WAREHOUSE;
    const seal = unique('SEAL');
    const sleeve = unique('SLV');
    const workOrderId = unique('wo');
    await count(workshop, seal, 3);
    await count(workshop, sleeve, 1);
    const repair = repaired(workOrderId, technician, [
      { partNo: seal, quantity: 2, serialOut: 'W-OLD-1', serialIn: 'W-NEW-1' },
      { partNo: sleeve, quantity: 1 },
    ]);
    const id = await publishOrder(WORK_ORDER_REPAIRED_V1, repair);
    await until(async () => (await stock(workshop, sleeve)).onHand === 0, 30_000, 'the workshop stock was not decremented');
    await publishOrder(WORK_ORDER_REPAIRED_V1, repair, id); // a redelivery
    // The completion repeats the card's parts; the van holds none of them: taken from it, the report would be dead-lettered.
    const completion = await publishOrder(WORK_ORDER_COMPLETED_V1, {
      ...completed(workOrderId, technician, [
        { partNo: seal, quantity: 2, serialOut: 'W-OLD-1' },
        { partNo: sleeve, quantity: 1 },
      ]),
      carriedIn: true,
      caseId: repair.caseId,
    });
    // A later report of the same order (same partition) is handled after the redelivery and the completion.
    const marker = unique('MARK');
    await count(`van-${technician}`, marker, 1);
    await publishOrder(WORK_ORDER_COMPLETED_V1, completed(workOrderId, technician, [{ partNo: marker, quantity: 1 }], 1));
    await until(async () => (await stock(`van-${technician}`, marker)).onHand === 0, 30_000, 'the later report was not handled');

    expect(parts.probe.messages.filter((m) => m.topic === parts.topic(DLT) && [id, completion].includes(m.headers.ce_id as string))).toEqual([]);
    const returned = await partReturn(`ret-${workOrderId}-W-OLD-1`);
    expect(returned.status).toBe(200);
    expect(await json<PartReturnView>(returned)).toMatchObject({ status: 'received', partNo: seal, workOrderId, receivedBy: technician });
    expect((await stock(workshop, seal)).movements.filter((m) => m.kind === 'consumption').map((m) => [m.quantity, m.reference])).toEqual([[2, workOrderId]]);
    expect(await stock(workshop, seal)).toMatchObject({ onHand: 1, available: 1 });
    expect(await stock(`van-${technician}`, seal)).toMatchObject({ onHand: 0, movements: [] });
    expect(await stock(`van-${technician}`, sleeve)).toMatchObject({ onHand: 0, movements: [] });
  }, 90_000);

  it("dead-letters a repair card the workshop's stock cannot cover, naming part and workshop, and takes nothing", async () => {
    const workshop = parts.config.PARTS_WORKSHOP_WAREHOUSE;
    const seal = unique('SEAL');
    const workOrderId = unique('wo');
    await count(workshop, seal, 1);
    const id = await publishOrder(WORK_ORDER_REPAIRED_V1, repaired(workOrderId, unique('tech'), [{ partNo: seal, quantity: 3, serialOut: 'W-OLD-9' }]));
    const [dead] = await parts.probe.waitFor((m: ReceivedMessage) => m.topic === parts.topic(DLT) && m.headers.ce_id === id, { timeoutMs: 30_000 });
    expect(dead!.headers[FAILURE_HEADERS.errorCode]).toBe('STOCK_INSUFFICIENT');
    expect(dead!.headers[FAILURE_HEADERS.errorMessage]).toBe(`${workOrderId} used 3 of ${seal} from ${workshop}, which holds 1 available`);
    expect(await stock(workshop, seal)).toMatchObject({ onHand: 1, available: 1 });
    expect((await partReturn(`ret-${workOrderId}-W-OLD-9`)).status).toBe(404);
  }, 60_000);

  it("cancels the order's requests still in the warehouse, giving their units back; one on its way stays as it is", async () => {
    const workOrderId = unique('wo');
    const caseId = unique('sr');
    const [held, missing, onItsWay] = [unique('HELD'), unique('MISS'), unique('WAY')];
    await count('central', held, 2);
    await count('central', onItsWay, 1);
    const requestFor = (partNo: string, quantity: number) => requestOverHttp(partNo, quantity, { caseId, workOrderId });
    const reserved = await requestFor(held, 2);
    const backordered = await requestFor(missing, 1);
    const shipped = await requestFor(onItsWay, 1);
    expect([reserved.status, backordered.status]).toEqual(['reserved', 'backordered']);
    for (const step of ['pick', 'pack']) expect((await parts.request('POST', `/parts-requests/${shipped.id}/${step}`)).status).toBe(200);
    expect((await parts.request('POST', `/parts-requests/${shipped.id}/ship`, { body: { carrier: 'SF Express', trackingNo: 'SF7', transportCost: 20 } })).status).toBe(200);

    const cancellation: WorkOrderCancelledV1 = { ...example<WorkOrderCancelledV1>(WORK_ORDER_CANCELLED_V1), workOrderId, caseId, tenantId: TENANT, reasonCode: 'case_cancelled' };
    const id = await publishOrder(WORK_ORDER_CANCELLED_V1, cancellation);
    const cancelledEvent = (requestId: string) => (m: ReceivedMessage) => m.topic === parts.topic(TOPICS.partsRequestEvents.name) && m.headers.ce_type === PARTS_REQUEST_CANCELLED_V1 && m.key === requestId;
    await parts.probe.waitFor(cancelledEvent(reserved.id), { timeoutMs: 30_000 });
    await parts.probe.waitFor(cancelledEvent(backordered.id), { timeoutMs: 30_000 });

    const read = async (requestId: string) => json<PartsRequestView>(await parts.request('GET', `/parts-requests/${requestId}`));
    expect(await read(reserved.id)).toMatchObject({ status: 'cancelled', cancellation: { by: 'dispatch', reason: `work order cancelled: ${cancellation.reason}` } });
    expect((await read(backordered.id)).status).toBe('cancelled');
    expect((await read(shipped.id)).status).toBe('shipped');
    expect(await stock('central', held)).toMatchObject({ onHand: 2, reserved: 0, available: 2 });
    expect((await stock('central', missing)).waiting).toEqual([]);

    // A redelivery, then a later report of the same order (same partition): once the report is handled, so is the redelivery.
    const versions = [(await read(reserved.id)).version, (await read(backordered.id)).version];
    await publishOrder(WORK_ORDER_CANCELLED_V1, cancellation, id);
    const technician = unique('tech');
    await count(`van-${technician}`, held, 1);
    await publishOrder(WORK_ORDER_COMPLETED_V1, { ...completed(workOrderId, technician, [{ partNo: held, quantity: 1, serialOut: 'MARK' }]), caseId });
    await until(async () => (await partReturn(`ret-${workOrderId}-MARK`)).status === 200, 30_000, 'the later report was not handled');
    for (const request of [reserved, backordered]) expect(parts.probe.messages.filter(cancelledEvent(request.id))).toHaveLength(1);
    expect([(await read(reserved.id)).version, (await read(backordered.id)).version]).toEqual(versions);
  }, 90_000);

  it("cancels a case's requests made without a work order when the case is cancelled, once under redelivery; a work order's request follows its order", async () => {
    const caseId = unique('sr');
    const [held, missing, ofOrder] = [unique('HELD'), unique('MISS'), unique('ORD')];
    await count('central', held, 3);
    await count('central', ofOrder, 1);
    const requestFor = (partNo: string, quantity: number, workOrderId?: string) => requestOverHttp(partNo, quantity, { caseId, ...(workOrderId ? { workOrderId } : {}) });
    const reserved = await requestFor(held, 2);
    const backordered = await requestFor(missing, 1);
    const withOrder = await requestFor(ofOrder, 1, unique('wo'));
    expect([reserved.status, backordered.status, withOrder.status]).toEqual(['reserved', 'backordered', 'reserved']);

    const cancellation: ServiceRequestCancelledV1 = { ...example<ServiceRequestCancelledV1>(SERVICE_REQUEST_CANCELLED_V1), caseId, tenantId: TENANT, reason: 'Customer fixed it' };
    const publishCase = (id?: string) =>
      parts.publish(TOPICS.intakeServiceRequestEvents.name, SERVICE_REQUEST_CANCELLED_V1, caseId, cancellation, { id, caseId, source: '/aftercare/intake' });
    const id = await publishCase();
    const cancelledEvent = (requestId: string) => (m: ReceivedMessage) => m.topic === parts.topic(TOPICS.partsRequestEvents.name) && m.headers.ce_type === PARTS_REQUEST_CANCELLED_V1 && m.key === requestId;
    const [event] = await parts.probe.waitFor(cancelledEvent(reserved.id), { timeoutMs: 30_000 });
    expect(event!.headers.ce_caseid).toBe(caseId);
    await parts.probe.waitFor(cancelledEvent(backordered.id), { timeoutMs: 30_000 });

    const read = async (requestId: string) => json<PartsRequestView>(await parts.request('GET', `/parts-requests/${requestId}`));
    expect(await read(reserved.id)).toMatchObject({ status: 'cancelled', cancellation: { by: 'intake', reason: 'case cancelled: Customer fixed it' } });
    expect((await read(backordered.id)).status).toBe('cancelled');
    expect(await stock('central', held)).toMatchObject({ onHand: 3, reserved: 0, available: 3 });
    expect((await stock('central', missing)).waiting).toEqual([]);

    // A redelivery, then a second case's cancellation on the same key (same partition): once that is handled, so is the redelivery.
    const versions = [(await read(reserved.id)).version, (await read(backordered.id)).version];
    await publishCase(id);
    const marker = await requestFor(held, 1);
    await publishCase();
    await parts.probe.waitFor(cancelledEvent(marker.id), { timeoutMs: 30_000 });
    for (const request of [reserved, backordered]) expect(parts.probe.messages.filter(cancelledEvent(request.id))).toHaveLength(1);
    expect([(await read(reserved.id)).version, (await read(backordered.id)).version]).toEqual(versions);
    // The work order's request is its order's business (dispatch cancels the order, or lets it run to its end in the workshop).
    expect(await read(withOrder.id)).toMatchObject({ status: 'reserved', version: withOrder.version });
  }, 90_000);

  it("dead-letters, with the reason, a message whose derived id is another tenant's request or return, and leaves that tenant's record alone", async () => {
    // The ids are made from the message (order and round, order and serial), not the tenant:
    // dispatch's order ids are per tenant, so only a wrong or hostile producer can collide.
    const workOrderId = unique('wo');
    const other = 'globex';
    const awaiting: WorkOrderAwaitingPartsV1 = { ...example<WorkOrderAwaitingPartsV1>(WORK_ORDER_AWAITING_PARTS_V1), workOrderId, caseId: unique('sr'), tenantId: TENANT, requestedAt: '2026-11-30T08:00:00.000Z' };
    await publishOrder(WORK_ORDER_AWAITING_PARTS_V1, awaiting);
    const list = async () => json<PartsRequestPage>(await parts.request('GET', `/parts-requests?workOrderId=${workOrderId}`));
    // Allocated, its second save: the request is listed at version 1 for a moment before it.
    const allocated = async () => (await list()).items.filter((r) => r.status !== 'requested');
    await until(async () => (await allocated()).length === 1, 30_000, "acme's request was not created and allocated");
    const [mine] = await allocated();

    const publishAs = <T extends { workOrderId: string; caseId: string }>(type: string, data: T) =>
      parts.publish(TOPICS.dispatchWorkOrderEvents.name, type, data.workOrderId, { ...data, tenantId: other }, { caseId: data.caseId, tenantId: other, source: '/aftercare/dispatch' });
    const deadLetter = async (id: string) => (await parts.probe.waitFor((m: ReceivedMessage) => m.topic === parts.topic(DLT) && m.headers.ce_id === id, { timeoutMs: 30_000 }))[0]!;

    const request = await deadLetter(await publishAs(WORK_ORDER_AWAITING_PARTS_V1, awaiting));
    expect(request.headers[FAILURE_HEADERS.errorCode]).toBe('PARTS_REQUEST_ID_TAKEN');
    expect(request.headers[FAILURE_HEADERS.errorMessage]).toBe(`parts request ${mine!.id} exists under another tenant: no request is created for tenant ${other}`);
    expect(await json<PartsRequestView>(await parts.request('GET', `/parts-requests/${mine!.id}`))).toMatchObject({ version: mine!.version, workOrderId });

    const technician = unique('tech');
    // The same van in both tenants holds the part: the report's consumption passes, the return's registration is what collides.
    await count(`van-${technician}`, 'SEAL-X', 1);
    const counted = await parts.request('POST', `/warehouses/van-${technician}/stock/SEAL-X/counts`, { body: { onHand: 1 }, tenant: other });
    expect(counted.status).toBe(200);
    const report = completed(workOrderId, technician, [{ partNo: 'SEAL-X', quantity: 1, serialOut: 'X-OLD' }]);
    await publishOrder(WORK_ORDER_COMPLETED_V1, report);
    await until(async () => (await partReturn(`ret-${workOrderId}-X-OLD`)).status === 200, 30_000, "acme's returned part was not registered");
    const returned = await deadLetter(await publishAs(WORK_ORDER_COMPLETED_V1, report));
    expect(returned.headers[FAILURE_HEADERS.errorCode]).toBe('PART_RETURN_ID_TAKEN');
    expect(returned.headers[FAILURE_HEADERS.errorMessage]).toBe(`part return ret-${workOrderId}-X-OLD exists under another tenant: the returned part is not registered for tenant ${other}`);
  }, 90_000);
});
