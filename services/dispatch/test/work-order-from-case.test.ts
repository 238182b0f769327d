/**
 * Cases routed by intake become work orders, against the real local Kafka and store: one order per
 * case and routing round however often the event arrives, assigned to the technician with the skill,
 * product line and zone (nearest in time), or unassigned and escalated when nobody fits; every
 * decision readable with its candidates and rejection counts; tenants never see each other's orders.
 */
import {
  TOPICS,
  WORK_ORDER_ASSIGNED_V1,
  WORK_ORDER_CREATED_V1,
  WORK_ORDER_ESCALATED_V1,
  WORK_ORDER_UNASSIGNED_V1,
  type WorkOrderAssignedV1,
  type WorkOrderCreatedV1,
  type WorkOrderEscalatedV1,
  type WorkOrderUnassignedV1,
} from '@aftercare/contracts';
import { assertValidEvent, type ReceivedMessage } from '@aftercare/testing';
import type { WorkOrderView } from '../src/work-order/application/work-order.view';
import { json, readOrder, readTechnician, routedCase, seedTechnicians, startDispatch, stopDispatch, TENANT, type DispatchTestApp, type Problem } from './support/dispatch-app';

const EVENTS = TOPICS.dispatchWorkOrderEvents.name;

let h: DispatchTestApp;

beforeAll(async () => {
  h = await startDispatch('from-case', { watch: [EVENTS] });
  await seedTechnicians(h, [
    // Eligible and near the city site: the expected winner.
    { id: 'tech-near', zones: ['city', 'suburb'], baseLocation: { lat: 31.24, lng: 121.48 } },
    // Eligible, first by id, but based in Santiago de Chile: cannot reach the site by the deadline.
    { id: 'tech-a-far', zones: ['city'], baseLocation: { lat: -33.45, lng: -70.66 } },
    { id: 'tech-no-hydraulics', skills: ['repair'], baseLocation: { lat: 31.23, lng: 121.47 } },
    { id: 'tech-suburb-only', zones: ['suburb'], baseLocation: { lat: 31.23, lng: 121.47 } },
    { id: 'tech-other-line', productLines: ['HX'], baseLocation: { lat: 31.23, lng: 121.47 } },
    { id: 'tech-inactive', active: false, baseLocation: { lat: 31.23, lng: 121.47 } },
  ]);
}, 120_000);

afterAll(async () => {
  await stopDispatch(h);
});

const ofType = (type: string, caseId: string) => (m: ReceivedMessage) =>
  m.topic === h.topic(EVENTS) && m.headers.ce_type === type && m.headers.ce_caseid === caseId;

async function listFor(caseId: string, tenant = TENANT) {
  const response = await h.request('GET', `/work-orders?caseId=${encodeURIComponent(caseId)}`, { tenant, roles: ['manager'] });
  expect(response.status).toBe(200);
  return (await json<{ items: WorkOrderView[] }>(response)).items;
}

describe('a routed case', () => {
  it('becomes one work order assigned to the technician with the skill, product line and zone, published with the case id', async () => {
    const routed = routedCase();
    await h.publishRouted(routed);

    const [createdMessage] = await h.probe.waitFor(ofType(WORK_ORDER_CREATED_V1, routed.caseId));
    const created = assertValidEvent<WorkOrderCreatedV1>(createdMessage);
    expect(created.caseId).toBe(routed.caseId);
    expect(created.tenantId).toBe(TENANT);
    expect(created.data).toMatchObject({
      caseId: routed.caseId,
      type: 'repair',
      priority: 'P2',
      site: { address: routed.site.address, zone: 'city' },
      product: { model: 'CP-200', line: 'CP' },
      serialNo: routed.product.serialNumber,
      requiredSkills: ['repair', 'hydraulics'],
    });
    // Arrival on the city SLA (6 working hours from the routing), completion after it.
    expect(new Date(created.data.arrivalDeadline).getTime()).toBeGreaterThan(new Date(routed.routedAt).getTime());
    expect(new Date(created.data.completionDeadline).getTime()).toBeGreaterThan(new Date(created.data.arrivalDeadline).getTime());

    const [assignedMessage] = await h.probe.waitFor(ofType(WORK_ORDER_ASSIGNED_V1, routed.caseId));
    const assigned = assertValidEvent<WorkOrderAssignedV1>(assignedMessage);
    expect(assigned.subject).toBe(created.subject);
    expect(assigned.data).toMatchObject({ technicianId: 'tech-near', override: false, attempt: 1, evaluatedCandidates: 6, eligibleCandidates: 2 });
    expect(assigned.data.canMeetDeadline).toBe(true);

    const detail = await h.request('GET', `/work-orders/${created.subject}`, { roles: ['manager'] });
    expect(detail.status).toBe(200);
    expect(detail.headers.get('etag')).toBe('"1"');
    const order = await json<WorkOrderView>(detail);
    expect(order).toMatchObject({ id: created.subject, caseId: routed.caseId, status: 'assigned', technicianId: 'tech-near', version: 1 });
    // Why: the eligible candidates in rank order with scores, and how many failed each filter.
    const [decision] = order.assignmentDecisions ?? [];
    expect(decision).toMatchObject({
      winnerTechnicianId: 'tech-near',
      evaluatedCandidates: 6,
      eligibleCandidates: 2,
      rejections: { skill: 1, zone: 1, product_line: 1, inactive: 1, off_shift: 0, capacity: 0, declined: 0 },
    });
    expect(decision.candidates.map((c) => c.technicianId)).toEqual(['tech-near', 'tech-a-far']);
    expect(decision.winnerScore).toBe(decision.candidates[0].score);
    expect(decision.candidates[1]).toMatchObject({ eligible: true, canMeetDeadline: false });

    const technician = await readTechnician(h, 'tech-near');
    expect(technician).toMatchObject({ openOrders: 1, openOrderIds: [created.subject] });
  });

  it('delivered twice (same and new ce_id) is one work order; a new routing round of the case is a second one', async () => {
    const routed = routedCase();
    const first = await h.publishRouted(routed);
    await h.publishRouted(routed, { id: first.id });
    await h.publishRouted(routed);
    // Same key → same partition: the next round (another product, to tell it apart) is handled
    // after the duplicates, so once its order exists every duplicate has been handled.
    const nextRound = { ...routed, reroute: true, routedAt: new Date(Date.now() + 1000).toISOString(), product: { ...routed.product, model: 'HX-40' } };
    await h.publishRouted(nextRound);

    await h.probe.waitFor((m) => ofType(WORK_ORDER_CREATED_V1, routed.caseId)(m) && assertValidEvent<WorkOrderCreatedV1>(m).data.product.line === 'HX');
    const orders = await listFor(routed.caseId);
    expect(orders.map((o) => o.product.line).sort()).toEqual(['CP', 'HX']);
    const created = h.probe.messages.filter(ofType(WORK_ORDER_CREATED_V1, routed.caseId));
    expect(created).toHaveLength(2);
    expect(new Set(created.map((m) => m.key))).toEqual(new Set(orders.map((o) => o.id)));
    // The first round assigned once (nobody covers HX: the second is unassigned).
    expect(h.probe.messages.filter(ofType(WORK_ORDER_ASSIGNED_V1, routed.caseId))).toHaveLength(1);
    expect((await readTechnician(h, 'tech-near')).openOrderIds.filter((id) => created.some((m) => m.key === id))).toHaveLength(1);
  });

  it('with nobody able to take it: unassigned with the rejection counts, and escalated to the dispatcher', async () => {
    const routed = routedCase({ site: { address: 'Far away farm 7', zone: 'remote' } });
    await h.publishRouted(routed);

    const [unassignedMessage] = await h.probe.waitFor(ofType(WORK_ORDER_UNASSIGNED_V1, routed.caseId));
    const unassigned = assertValidEvent<WorkOrderUnassignedV1>(unassignedMessage);
    expect(unassigned.data).toMatchObject({ attempt: 1, evaluatedCandidates: 6, rejections: { zone: 6 } });
    const [escalatedMessage] = await h.probe.waitFor(ofType(WORK_ORDER_ESCALATED_V1, routed.caseId));
    const escalated = assertValidEvent<WorkOrderEscalatedV1>(escalatedMessage);
    expect(escalated.data).toMatchObject({ reason: 'no_candidate', escalatedTo: 'dispatcher', status: 'created', technicianId: null });

    const [order] = await listFor(routed.caseId);
    expect(order).toMatchObject({ status: 'created', technicianId: null, escalated: true });
  });

  it('of a type that is not for dispatch is not turned into an order (target claims)', async () => {
    const claims = routedCase({ target: 'claims', requestedType: 'quality_complaint' });
    const marker = routedCase({ caseId: claims.caseId, routedAt: new Date(Date.now() + 5000).toISOString() });
    await h.publishRouted(claims);
    await h.publishRouted(marker);
    await h.probe.waitFor(ofType(WORK_ORDER_CREATED_V1, claims.caseId));
    expect(await listFor(claims.caseId)).toHaveLength(1);
    expect(h.probe.messages.filter(ofType(WORK_ORDER_CREATED_V1, claims.caseId))).toHaveLength(1);
  });
});

describe('tenants', () => {
  it("never see each other's work orders or technicians", async () => {
    const routed = routedCase();
    await h.publishRouted(routed);
    const [message] = await h.probe.waitFor(ofType(WORK_ORDER_CREATED_V1, routed.caseId));
    const id = message.key as string;

    expect((await readOrder(h, id)).id).toBe(id);
    const other = await h.request('GET', `/work-orders/${id}`, { tenant: 'globex' });
    expect(other.status).toBe(404);
    expect((await json<Problem>(other)).code).toBe('WORK_ORDER_NOT_FOUND');
    expect(await listFor(routed.caseId, 'globex')).toEqual([]);
    expect((await h.request('POST', `/work-orders/${id}/cancel`, { tenant: 'globex', body: { reason: 'not mine' } })).status).toBe(404);
    expect((await h.request('GET', '/technicians/tech-near', { tenant: 'globex' })).status).toBe(404);
    expect(await json<{ items: unknown[] }>(await h.request('GET', '/technicians', { tenant: 'globex' }))).toEqual({ items: [], nextCursor: null });
  });
});
