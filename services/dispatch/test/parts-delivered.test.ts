import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  EXAMPLES_DIR,
  PARTS_REQUEST_DELAYED_V1,
  PARTS_REQUEST_DELIVERED_V1,
  TOPICS,
  WORK_ORDER_CREATED_V1,
  WORK_ORDER_RESUMED_V1,
  toKafkaHeaders,
  type PartsRequestDelayedV1,
  type PartsRequestDeliveredV1,
} from '@aftercare/contracts';
import { FAILURE_HEADERS } from '@aftercare/messaging';
import { until } from '@aftercare/testing';
import { readOrder, routedCase, seedTechnicians, startDispatch, stopDispatch, TENANT, type DispatchTestApp } from './support/dispatch-app';

jest.setTimeout(120_000);

const EVENTS = TOPICS.dispatchWorkOrderEvents.name;
const PARTS = TOPICS.partsRequestEvents.name;
const DLT = 'dispatch.main.dlt';
let h: DispatchTestApp;

beforeAll(async () => {
  h = await startDispatch('parts-delivered', { watch: [EVENTS, PARTS, DLT] });
  await seedTechnicians(h, [{ id: 'tech-parts', zones: ['city'] }]);
}, 120_000);

afterAll(() => stopDispatch(h));

async function orderAwaitingParts(): Promise<{ id: string; caseId: string }> {
  const routed = routedCase();
  await h.publishRouted(routed);
  const [created] = await h.probe.waitFor((m) => m.topic === h.topic(EVENTS) && m.headers.ce_type === WORK_ORDER_CREATED_V1 && m.headers.ce_caseid === routed.caseId);
  const id = created!.key as string;
  const tech = (await readOrder(h, id)).technicianId as string;
  const asTechnician = (body: unknown = {}) => ({ roles: ['technician' as const], subject: tech, body });
  const now = Date.now();
  const steps: Array<[string, unknown]> = [
    ['accept', {}],
    ['schedule', { windowStart: new Date(now + 3_600_000).toISOString(), windowEnd: new Date(now + 7_200_000).toISOString() }],
    ['depart', {}],
    ['arrive', {}],
    ['start', {}],
    ['await-parts', { parts: [{ partNo: 'SEAL-22', quantity: 1 }] }],
  ];
  for (const [step, body] of steps) {
    const response = await h.request('POST', `/work-orders/${id}/${step}`, asTechnician(body));
    if (response.status !== 200) throw new Error(`${step}: ${response.status} ${await response.text()}`);
  }
  expect((await readOrder(h, id)).status).toBe('awaiting_parts');
  return { id, caseId: routed.caseId };
}

async function publishDelivered(order: { id: string; caseId: string }, overrides: Partial<PartsRequestDeliveredV1> = {}): Promise<string> {
  const example = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${PARTS_REQUEST_DELIVERED_V1}.json`), 'utf8')) as PartsRequestDeliveredV1;
  const data: PartsRequestDeliveredV1 = { ...example, tenantId: TENANT, caseId: order.caseId, workOrderId: order.id, partsRequestId: `pr-${randomUUID()}`, deliveredAt: new Date().toISOString(), ...overrides };
  const id = randomUUID();
  await h.probe.send(h.topic(PARTS), {
    key: data.partsRequestId,
    value: JSON.stringify(data),
    headers: toKafkaHeaders({ id, type: PARTS_REQUEST_DELIVERED_V1, source: '/aftercare/parts', time: new Date().toISOString(), subject: data.partsRequestId, tenantId: TENANT, caseId: order.caseId, data }),
  });
  return id;
}

describe('dispatch follows the parts of a waiting work order', () => {
  it('resumes the work order on its own when parts delivers all of them', async () => {
    const order = await orderAwaitingParts();
    await publishDelivered(order);
    const [resumed] = await h.probe.waitFor((m) => m.topic === h.topic(EVENTS) && m.headers.ce_type === WORK_ORDER_RESUMED_V1 && m.key === order.id, { timeoutMs: 30_000 });
    expect(resumed).toBeDefined();
    expect((await readOrder(h, order.id)).status).toBe('in_progress');
  });

  it('keeps waiting after a short delivery, and resumes on the complete one that follows', async () => {
    const order = await orderAwaitingParts();
    const partsRequestId = `pr-${randomUUID()}`;
    const shortAt = new Date(Date.now() - 60_000).toISOString();
    const completeAt = new Date().toISOString();
    // One key: handled in this order.
    await publishDelivered(order, { partsRequestId, shortfall: 1, carrierClaimOpen: true, deliveredAt: shortAt });
    await publishDelivered(order, { partsRequestId, deliveredAt: completeAt });
    const [resumed] = await h.probe.waitFor((m) => m.topic === h.topic(EVENTS) && m.headers.ce_type === WORK_ORDER_RESUMED_V1 && m.key === order.id, { timeoutMs: 30_000 });
    // Resumed at the complete delivery, not the short one.
    expect((JSON.parse(resumed!.value as string) as { resumedAt: string }).resumedAt).toBe(completeAt);
  });

  it('shows when late parts are expected: each later slip, never an earlier date, and a redelivery writes nothing', async () => {
    const order = await orderAwaitingParts();
    const example = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${PARTS_REQUEST_DELAYED_V1}.json`), 'utf8')) as PartsRequestDelayedV1;
    const partsRequestId = `pr-${randomUUID()}`;
    const [slip1, earlier, slip2] = [72, 24, 96].map((hours) => new Date(Date.now() + hours * 3_600_000).toISOString());
    const publishDelayed = async (expectedAt: string, id = randomUUID()) => {
      const data: PartsRequestDelayedV1 = { ...example, tenantId: TENANT, caseId: order.caseId, workOrderId: order.id, partsRequestId, expectedAt };
      await h.probe.send(h.topic(PARTS), {
        key: partsRequestId,
        value: JSON.stringify(data),
        headers: toKafkaHeaders({ id, type: PARTS_REQUEST_DELAYED_V1, source: '/aftercare/parts', time: new Date().toISOString(), subject: partsRequestId, tenantId: TENANT, caseId: order.caseId, data }),
      });
      return id;
    };
    const expectedAt = async () => (await readOrder(h, order.id)).partsWaits[0]!.expectedAt as unknown as string | null; // JSON: an ISO string
    const id = await publishDelayed(slip1);
    await until(async () => (await expectedAt()) === slip1, 30_000, 'the first slip is not shown');
    const version = (await readOrder(h, order.id)).version;
    await publishDelayed(slip1, id); // a redelivery
    await publishDelayed(earlier); // an earlier date than the one shown
    await publishDelayed(slip2); // one key: handled after the two before it
    await until(async () => (await expectedAt()) === slip2, 30_000, 'the second slip is not shown');
    expect((await readOrder(h, order.id)).version).toBe(version + 1);
    expect((await readOrder(h, order.id)).status).toBe('awaiting_parts');
  });

  it('dead-letters news of parts for a work order the tenant does not have, and carries on', async () => {
    const unknown = { id: `wo-${randomUUID()}`, caseId: `case-${randomUUID()}` };
    const deliveredId = await publishDelivered(unknown);
    const [dead] = await h.probe.waitFor((m) => m.topic === h.topic(DLT) && m.headers.ce_id === deliveredId, { timeoutMs: 30_000 });
    expect(dead!.headers[FAILURE_HEADERS.errorCode]).toBe('WORK_ORDER_UNKNOWN');
    expect(dead!.headers[FAILURE_HEADERS.errorMessage]).toContain(`work order ${unknown.id}, which tenant ${TENANT} does not have`);
    // The consumer goes on: the next order's delivery resumes it.
    const order = await orderAwaitingParts();
    await publishDelivered(order);
    await h.probe.waitFor((m) => m.topic === h.topic(EVENTS) && m.headers.ce_type === WORK_ORDER_RESUMED_V1 && m.key === order.id, { timeoutMs: 30_000 });
  });
});
