import { randomUUID } from 'node:crypto';
import type { Role } from '@aftercare/auth';
import {
  ERP_GOODS_RECEIPT_POSTED_V1,
  ERP_PURCHASE_REQUEST_STATUS_CHANGED_V1,
  PARTS_REQUEST_DELIVERED_V1,
  PARTS_REQUEST_REQUESTED_V1,
  PARTS_REQUEST_SHIPPED_V1,
  PURCHASE_REQUEST_REQUESTED_V1,
  SERVICE_REQUEST_RESOLVED_V1,
  TOPICS,
  WORK_ORDER_AWAITING_PARTS_V1,
  WORK_ORDER_COMPLETED_V1,
  WORK_ORDER_RESUMED_V1,
  WORK_ORDER_VERIFIED_V1,
  toKafkaHeaders,
  type ErpGoodsReceiptPostedV1,
  type ErpPurchaseRequestStatusChangedV1,
} from '@aftercare/contracts';
import { assertValidEvent, until, type ReceivedMessage, type ServiceProcess } from '@aftercare/testing';
import { assignedOrder, caseReaches, completeAndVerify, pumpUnderWarranty, registerTechnician, sealRepairReport, startOnSite, warrantyCase } from './support/field-work';
import { TENANT } from './support/intake-and-dispatch';
import { IntakeDispatchAndParts } from './support/with-parts';

/**
 * Story 5 of docs/domain.md, system tier: intake, dispatch and parts as separate processes sharing
 * only the broker. A technician on site needs a seal the central warehouse does not have → parts
 * backorders it with one ERP purchase request → the ERP reports progress, then the goods receipt
 * → parts reserves, picks, packs and ships without a person → the technician confirms delivery →
 * dispatch resumes the order on its own → completed, verified → the case is resolved in intake.
 * The completion clock is paused while the order waits for parts (the default policy's
 * `pauseInStates`), and the parts steps are on the case timeline.
 */
describe('story 5: a backordered part, from the technician on site to the resolved case', () => {
  const system = new IntakeDispatchAndParts('e2e-parts-story');
  const { topicPrefix } = system;
  const topic = (name: string) => `${topicPrefix}${name}`;
  let intake: ServiceProcess;
  let dispatch: ServiceProcess;
  let parts: ServiceProcess;

  const call = (service: ServiceProcess, method: string, url: string, roles: Role[], body?: unknown, subject = 'e2e') => system.call(service, method, url, roles, body, { subject });
  const sendAsErp = (name: string, type: string, key: string, data: unknown) =>
    system.probe.send(topic(name), {
      key,
      value: JSON.stringify(data),
      headers: toKafkaHeaders({ id: randomUUID(), type, source: '/erp', time: new Date().toISOString(), subject: key, tenantId: TENANT, data }),
    });
  const ofType = (name: string, type: string, match: (m: ReceivedMessage) => boolean) => (m: ReceivedMessage) => m.topic === topic(name) && m.headers.ce_type === type && match(m);

  beforeAll(async () => {
    await system.start([
      topic(TOPICS.dispatchWorkOrderEvents.name),
      topic(TOPICS.partsRequestEvents.name),
      topic(TOPICS.purchaseRequests.name),
      topic('parts.main.dlt'),
      topic('dispatch.main.dlt'),
      topic('intake.timeline.dlt'),
    ]);
    ({ intake, dispatch, parts } = system);
  }, 300_000);

  afterAll(() => system.stop());

  /** A technician on site needs a seal the central warehouse does not hold: the order waits in awaiting_parts. */
  async function technicianWaitingForASeal() {
    // A technician fit for the job; the order may go to them or to one an earlier test registered.
    await registerTechnician(system, `tech-${randomUUID().slice(0, 8)}`, 'Li Na');

    // The seal is in the catalogue; the central warehouse holds none.
    const seal = `SEAL-${randomUUID().slice(0, 8)}`;
    expect((await call(parts, 'PUT', `/parts/${seal}`, ['parts_clerk'], { name: 'Mechanical seal', specification: '22 mm', material: 'SiC/carbon', unit: 'pcs', standardCost: 180 })).status).toBe(200);

    const caseId = await warrantyCase(system, await pumpUnderWarranty(system));
    const forCase = (m: ReceivedMessage) => m.headers.ce_caseid === caseId;
    const assigned = await assignedOrder(system, caseId);
    const { workOrderId, technicianId } = assigned;
    const tech = (step: string, body: unknown = {}) => call(dispatch, 'POST', `/work-orders/${workOrderId}/${step}`, ['technician'], body, technicianId);
    const order = async () => (await call(dispatch, 'GET', `/work-orders/${workOrderId}`, ['dispatcher'])).body;
    await startOnSite(system, assigned);
    const now = Date.now();

    // On site: the seal is needed. The order waits and its completion clock stops.
    expect((await tech('await-parts', { parts: [{ partNo: seal, quantity: 1, description: 'Mechanical seal 22 mm' }] })).status).toBe(200);
    const waiting = await order();
    expect(waiting).toMatchObject({ status: 'awaiting_parts', completionDeadline: null, clocks: { completion: { pausedReason: 'awaiting_parts', deadline: null } } });

    return { assigned, technicianId, seal, caseId, workOrderId, tech, order, forCase, now };
  }

  /** The service report of the seal fitted, the old one's serial taken out. */
  const sealReplaced = (seal: string, serialOut: string) => sealRepairReport({ partsReplaced: [{ partNo: seal, quantity: 1, serialOut }] });

  it('waits in awaiting_parts with the completion clock paused, resumes on delivery and resolves the case', async () => {
    const { assigned, technicianId, seal, caseId, workOrderId, order, forCase, now } = await technicianWaitingForASeal();
    const workOrders = TOPICS.dispatchWorkOrderEvents.name;

    // Parts: one request for the round, backordered, one purchase request to the ERP.
    const [purchaseMessage] = await system.probe.waitFor(ofType(TOPICS.purchaseRequests.name, PURCHASE_REQUEST_REQUESTED_V1, () => true), { timeoutMs: 30_000 });
    const purchase = assertValidEvent<{ purchaseRequestId: string; partsRequestId: string; partNo: string; quantity: number; warehouseId: string }>(purchaseMessage!).data;
    expect(purchase).toMatchObject({ partNo: seal, quantity: 1, warehouseId: 'central' });
    const requestId = purchase.partsRequestId;
    const request = async () => (await call(parts, 'GET', `/parts-requests/${requestId}`, ['parts_clerk'])).body;
    expect(await request()).toMatchObject({ status: 'backordered', workOrderId, caseId, origin: 'work_order', requestedBy: technicianId });

    // The ERP buys it and says so, then posts the goods receipt.
    const status: ErpPurchaseRequestStatusChangedV1 = { purchaseRequestId: purchase.purchaseRequestId, status: 'purchasing', plannedDate: new Date(now + 86_400_000).toISOString(), changedAt: new Date().toISOString() };
    await sendAsErp(TOPICS.erpPurchaseRequestStatus.name, ERP_PURCHASE_REQUEST_STATUS_CHANGED_V1, purchase.purchaseRequestId, status);
    await until(async () => (await request()).lines[0].purchaseRequest?.status === 'purchasing', 30_000, 'the ERP status was not followed');
    const receipt: ErpGoodsReceiptPostedV1 = { receiptId: `GR-${randomUUID()}`, warehouseId: 'central', purchaseRequestId: purchase.purchaseRequestId, lines: [{ partNo: seal, quantity: 1 }], receivedAt: new Date().toISOString() };
    await sendAsErp(TOPICS.erpGoodsReceipts.name, ERP_GOODS_RECEIPT_POSTED_V1, 'central', receipt);

    // Reserved, picked, packed and shipped without a person.
    const partsEvents = TOPICS.partsRequestEvents.name;
    const ofRequest = (m: ReceivedMessage) => m.key === requestId;
    const [shipped] = await system.probe.waitFor(ofType(partsEvents, PARTS_REQUEST_SHIPPED_V1, ofRequest), { timeoutMs: 30_000 });
    expect(shipped!.headers.ce_caseid).toBe(caseId);
    expect(await request()).toMatchObject({ status: 'shipped', lines: [{ reserved: 1, backordered: 0 }] });
    expect((await order()).status).toBe('awaiting_parts');

    // The technician receives the seal; dispatch resumes the order on its own.
    const delivered = await call(parts, 'POST', `/parts-requests/${requestId}/deliver`, ['technician'], { receivedBy: technicianId, lines: [{ partNo: seal, received: 1, damaged: 0 }] }, technicianId);
    expect(delivered.status).toBe(200);
    await system.probe.waitFor(ofType(workOrders, WORK_ORDER_RESUMED_V1, forCase), { timeoutMs: 30_000 });
    const resumed = await order();
    expect(resumed.status).toBe('in_progress');
    expect(resumed.completionDeadline).not.toBeNull();
    expect(resumed.clocks.completion).toMatchObject({ pausedReason: null });
    expect(resumed.clocks.completion.history.map((e: { kind: string }) => e.kind)).toEqual(['started', 'paused', 'resumed']);

    // Completed with the delivered seal fitted: nothing is taken from the (uncounted) van; the old seal comes back as a returned part.
    await completeAndVerify(system, assigned, sealReplaced(seal, 'SL-OLD-1'));
    await until(async () => (await call(parts, 'GET', `/part-returns/ret-${workOrderId}-SL-OLD-1`, ['quality_engineer'])).status === 200, 30_000, 'the old seal was not registered');
    expect((await call(parts, 'GET', `/warehouses/van-${technicianId}/stock/${seal}`, ['parts_clerk'])).body).toMatchObject({ onHand: 0, movements: [] });

    await caseReaches(system, caseId, 'resolved');
    let timeline: string[] = [];
    await until(
      async () => {
        timeline = (await call(intake, 'GET', `/service-requests/${caseId}/timeline`, ['agent'])).body.entries.map((e: { type: string }) => e.type);
        return timeline.includes(SERVICE_REQUEST_RESOLVED_V1) && timeline.includes(PARTS_REQUEST_DELIVERED_V1);
      },
      30_000,
      () => `timeline incomplete: ${timeline.join(', ')}`,
    );
    const inOrder = (types: string[]) => expect(timeline.filter((t) => types.includes(t))).toEqual(types);
    inOrder([WORK_ORDER_AWAITING_PARTS_V1, PARTS_REQUEST_REQUESTED_V1, PARTS_REQUEST_SHIPPED_V1, PARTS_REQUEST_DELIVERED_V1]);
    inOrder([WORK_ORDER_AWAITING_PARTS_V1, WORK_ORDER_RESUMED_V1, WORK_ORDER_COMPLETED_V1, WORK_ORDER_VERIFIED_V1, SERVICE_REQUEST_RESOLVED_V1]);

    // One purchase request for the shortfall, and nothing dead-lettered anywhere on the way.
    expect(system.probe.messages.filter(ofType(TOPICS.purchaseRequests.name, PURCHASE_REQUEST_REQUESTED_V1, () => true))).toHaveLength(1);
    expect(system.probe.messages.filter((m) => m.topic.endsWith('.dlt'))).toEqual([]);
  }, 240_000);

  it("resumes the order on its own when the technician takes the seal from their own van instead", async () => {
    const { technicianId, seal, workOrderId, tech, order, forCase } = await technicianWaitingForASeal();
    const workOrders = TOPICS.dispatchWorkOrderEvents.name;
    const [requested] = await system.probe.waitFor(ofType(TOPICS.partsRequestEvents.name, PARTS_REQUEST_REQUESTED_V1, forCase), { timeoutMs: 30_000 });
    const requestId = requested!.key!;
    await until(async () => (await call(parts, 'GET', `/parts-requests/${requestId}`, ['parts_clerk'])).body.status === 'backordered', 30_000, 'the request was not backordered');

    // The seal turns out to be in the van: the technician takes it from there.
    expect((await call(parts, 'POST', `/warehouses/van-${technicianId}/stock/${seal}/counts`, ['parts_clerk'], { onHand: 1 })).status).toBe(200);
    const taken = await call(parts, 'POST', `/parts-requests/${requestId}/take-from-van`, ['technician'], {}, technicianId);
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ status: 'delivered', delivery: { takenFrom: `van-${technicianId}` } });
    await system.probe.waitFor(ofType(workOrders, WORK_ORDER_RESUMED_V1, forCase), { timeoutMs: 30_000 });
    expect((await order()).status).toBe('in_progress');
    expect((await call(parts, 'GET', `/warehouses/central/stock/${seal}`, ['parts_clerk'])).body).toMatchObject({ waiting: [] });

    // Completed with that seal: the report does not take it from the van a second time.
    const completed = await tech('complete', { report: sealReplaced(seal, 'SL-OLD-2') });
    expect(completed.status).toBe(200);
    await until(async () => (await call(parts, 'GET', `/part-returns/ret-${workOrderId}-SL-OLD-2`, ['quality_engineer'])).status === 200, 30_000, 'the old seal was not registered');
    const van = (await call(parts, 'GET', `/warehouses/van-${technicianId}/stock/${seal}`, ['parts_clerk'])).body;
    expect(van).toMatchObject({ onHand: 0, available: 0 });
    expect(van.movements.filter((m: { kind: string }) => m.kind === 'consumption')).toHaveLength(1);
    expect(system.probe.messages.filter((m) => m.topic.endsWith('.dlt'))).toEqual([]);
  }, 240_000);
});
