/**
 * A case cancelled in intake, against the real local Kafka and store: its open work order is
 * cancelled (`case_cancelled`) and the technician's slot freed — also an order no technician took
 * (found by the routing round) and one whose technician is on site; an order holding the
 * customer's item in the workshop runs to its end. Redelivered, nothing changes; nothing is
 * dead-lettered. A dispatcher's cancel names what intake should do with the case.
 */
import { randomUUID } from 'node:crypto';
import {
  SERVICE_REQUEST_CANCELLED_V1,
  TOPICS,
  WORK_ORDER_CANCELLED_V1,
  WORK_ORDER_CREATED_V1,
  toKafkaHeaders,
  type ServiceRequestCancelledV1,
  type ServiceRequestRoutedV1,
  type WorkOrderCancelledV1,
} from '@aftercare/contracts';
import { assertValidEvent, failuresOnceDrained, testEnvironment, type ReceivedMessage } from '@aftercare/testing';
import { json, readOrder, readTechnician, routedCase, seedTechnicians, startDispatch, stopDispatch, TENANT, type DispatchTestApp, type OrderAnswer, type RequestOptions } from './support/dispatch-app';

const EVENTS = TOPICS.dispatchWorkOrderEvents.name;
const CASES = TOPICS.intakeServiceRequestEvents.name;

let h: DispatchTestApp;

beforeAll(async () => {
  h = await startDispatch('withdrawn-case', { watch: [EVENTS] });
  await seedTechnicians(h, [{ id: 'tech-city', zones: ['city'], capacity: 10 }]);
}, 120_000);

afterAll(async () => {
  await stopDispatch(h);
});

const ofType = (type: string, orderId: string) => (m: ReceivedMessage) => m.topic === h.topic(EVENTS) && m.headers.ce_type === type && m.key === orderId;

async function newOrder(overrides: Partial<ServiceRequestRoutedV1> = {}): Promise<{ id: string; routed: ServiceRequestRoutedV1 }> {
  const routed = routedCase(overrides);
  await h.publishRouted(routed);
  const [created] = await h.probe.waitFor((m) => m.topic === h.topic(EVENTS) && m.headers.ce_type === WORK_ORDER_CREATED_V1 && m.headers.ce_caseid === routed.caseId);
  return { id: created.key as string, routed };
}

/** intake's `cancelled` for the case, as intake publishes it (openWork: the orders it knows of). */
async function cancelCase(routed: ServiceRequestRoutedV1, openWorkOrderIds: string[], id = randomUUID()): Promise<void> {
  const data: ServiceRequestCancelledV1 = {
    caseId: routed.caseId,
    tenantId: routed.tenantId,
    cancelledAt: new Date().toISOString(),
    reason: 'Machine sold',
    cancelledBy: 'customer',
    previousStatus: openWorkOrderIds.length ? 'in_progress' : 'acknowledged',
    externalRef: null,
    openWork: openWorkOrderIds.map((reference) => ({ kind: 'work_order', reference, startedAt: routed.routedAt, completedAt: null })),
    routing: { target: 'dispatch', routedAt: routed.routedAt, round: 1 },
  };
  await h.probe.send(h.topic(CASES), {
    key: routed.caseId,
    value: JSON.stringify(data),
    headers: toKafkaHeaders({ id, type: SERVICE_REQUEST_CANCELLED_V1, source: '/aftercare/intake', time: data.cancelledAt, subject: routed.caseId, tenantId: TENANT, caseId: routed.caseId, data }),
  });
}

const asTechnician = (technicianId: string, body: unknown = {}): RequestOptions => ({ roles: ['technician'], subject: technicianId, body });

async function post(id: string, step: string, options: RequestOptions = { body: {} }) {
  const response = await h.request('POST', `/work-orders/${id}/${step}`, options);
  return { status: response.status, body: await json<OrderAnswer>(response) };
}

async function toOnSite(id: string): Promise<void> {
  const now = Date.now();
  expect((await post(id, 'accept', asTechnician('tech-city'))).status).toBe(200);
  const window = { windowStart: new Date(now + 3600_000).toISOString(), windowEnd: new Date(now + 7200_000).toISOString(), agreedWith: 'Li Wei' };
  expect((await post(id, 'schedule', asTechnician('tech-city', window))).status).toBe(200);
  expect((await post(id, 'depart', asTechnician('tech-city'))).status).toBe(200);
  expect((await post(id, 'arrive', asTechnician('tech-city'))).status).toBe(200);
}

async function cancelledEventOf(orderId: string) {
  const [message] = await h.probe.waitFor(ofType(WORK_ORDER_CANCELLED_V1, orderId));
  return assertValidEvent<WorkOrderCancelledV1>(message).data;
}

const noFailures = async () =>
  expect(await failuresOnceDrained(testEnvironment().kafkaBrokers, h.names, [h.topic(CASES)])).toEqual({ retried: 0, deadLettered: 0 });

describe('a case cancelled in intake', () => {
  it('cancels its assigned order with case_cancelled and frees the technician; a redelivery changes nothing', async () => {
    const { id, routed } = await newOrder();
    expect((await readTechnician(h, 'tech-city')).openOrderIds).toContain(id);
    const messageId = randomUUID();
    await cancelCase(routed, [id], messageId);
    await cancelCase(routed, [id], messageId);
    await cancelCase(routed, [id]);

    expect(await cancelledEventOf(id)).toMatchObject({ reasonCode: 'case_cancelled', cancelledBy: 'intake', previousStatus: 'assigned', technicianId: 'tech-city', reason: 'case cancelled by customer: Machine sold' });
    await noFailures();
    const order = await readOrder(h, id);
    expect(order).toMatchObject({ status: 'cancelled', version: 2, cancellation: { reasonCode: 'case_cancelled', previousStatus: 'assigned' } });
    expect((await readTechnician(h, 'tech-city')).openOrderIds).not.toContain(id);
    expect(h.probe.messages.filter(ofType(WORK_ORDER_CANCELLED_V1, id))).toHaveLength(1);
  });

  it('finds and cancels the order no technician took (not in the case’s open work) by its routing round', async () => {
    const { id, routed } = await newOrder({ site: { address: 'Far away farm 7', zone: 'remote' } });
    expect((await readOrder(h, id)).status).toBe('created');
    await cancelCase(routed, []);
    expect(await cancelledEventOf(id)).toMatchObject({ reasonCode: 'case_cancelled', previousStatus: 'created', technicianId: null });
    await noFailures();
  });

  it('cancels an order whose technician is on site (the visit stays on record as the previous status)', async () => {
    const { id, routed } = await newOrder();
    await toOnSite(id);
    await cancelCase(routed, [id]);
    expect(await cancelledEventOf(id)).toMatchObject({ reasonCode: 'case_cancelled', previousStatus: 'on_site' });
    await noFailures();
    expect((await readTechnician(h, 'tech-city')).openOrderIds).not.toContain(id);
  });

  it('leaves an order holding the customer’s item in the workshop to run to its end', async () => {
    const { id, routed } = await newOrder();
    await toOnSite(id);
    const carried = await post(id, 'carry-in', asTechnician('tech-city', { receiptNo: `R-${randomUUID().slice(0, 6)}`, promisedReturnDate: new Date(Date.now() + 3 * 86_400_000).toISOString() }));
    expect(carried.body.status).toBe('carried_in');
    const version = (await readOrder(h, id)).version;
    await cancelCase(routed, [id]);
    await noFailures();
    expect(await readOrder(h, id)).toMatchObject({ status: 'carried_in', version, cancellation: null });
    expect(h.probe.messages.filter(ofType(WORK_ORDER_CANCELLED_V1, id))).toHaveLength(0);
  });
});

describe('a dispatcher cancelling an order', () => {
  it('names what intake should do with the case (replan) and defaults to other; an unknown code is 400', async () => {
    const first = await newOrder();
    expect((await post(first.id, 'cancel', { body: { reason: 'Wrong product line', reasonCode: 'replan' } })).body).toMatchObject({ status: 'cancelled', cancellation: { reasonCode: 'replan' } });
    expect(await cancelledEventOf(first.id)).toMatchObject({ reasonCode: 'replan', cancelledBy: 'dispatcher-1' });

    const second = await newOrder();
    expect((await post(second.id, 'cancel', { body: { reason: 'Customer unreachable', reasonCode: 'case_cancelled' } })).status).toBe(400);
    expect((await post(second.id, 'cancel', { body: { reason: 'Customer unreachable' } })).body).toMatchObject({ cancellation: { reasonCode: 'other' } });
  });
});
