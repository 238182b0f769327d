/**
 * The field workflow over HTTP against the real stack: the assigned technician takes the order from
 * acceptance to a complete service report, the dispatcher verifies it; an incomplete report is
 * refused and changes nothing; two dispatchers reassigning an assigned order at once — one wins, the
 * other gets 409, the previous technician's slot is freed; reassigning a scheduled order;
 * a decline reassigns; capacity is never overfilled; the carry-in branch; costs and the appraisal.
 */
import {
  TOPICS,
  WORK_ORDER_ACCEPTED_V1,
  WORK_ORDER_ASSIGNED_V1,
  WORK_ORDER_COMPLETED_V1,
  WORK_ORDER_CREATED_V1,
  WORK_ORDER_DECLINED_V1,
  WORK_ORDER_EN_ROUTE_V1,
  WORK_ORDER_ON_SITE_V1,
  WORK_ORDER_SCHEDULED_V1,
  WORK_ORDER_STARTED_V1,
  WORK_ORDER_UNASSIGNED_V1,
  WORK_ORDER_VERIFIED_V1,
  WORK_ORDER_AWAITING_PARTS_V1,
  WORK_ORDER_RESUMED_V1,
  WORK_ORDER_CLOSED_V1,
  WORK_ORDER_REPEAT_REPAIR_DETECTED_V1,
  type WorkOrderAssignedV1,
} from '@aftercare/contracts';
import type { Connection } from 'mongoose';
import { AGGREGATE_UNIQUE_INDEXES, MONGO_CONNECTION, type UniqueIndex } from '@aftercare/persistence';
import { assertValidEvent, until, type ReceivedMessage } from '@aftercare/testing';
import type { MonthlyAppraisalView as MonthlyAppraisal, OrderCostView } from '../src/appraisal/appraisal.view';
import { TECHNICIAN_UNIQUE_INDEXES, TechnicianRepository } from '../src/technician/infrastructure/technician.repository';
import { AssetHistories, assetHistoryFilters, assetKey } from '../src/work-order/infrastructure/asset-histories';
import { WORK_ORDER_UNIQUE_INDEXES, WorkOrderRepository } from '../src/work-order/infrastructure/work-order.repository';
import {
  json,
  readOrder,
  readTechnician,
  routedCase,
  seedTechnicians,
  startDispatch,
  stopDispatch,
  type DispatchTestApp,
  type OrderAnswer,
  type RequestOptions,
} from './support/dispatch-app';

const EVENTS = TOPICS.dispatchWorkOrderEvents.name;
let h: DispatchTestApp;

beforeAll(async () => {
  h = await startDispatch('workflow', { watch: [EVENTS] });
  await seedTechnicians(h, [
    { id: 'tech-1', zones: ['city'], baseLocation: { lat: 31.23, lng: 121.47 } },
    { id: 'tech-2', zones: ['city'], baseLocation: { lat: 31.3, lng: 121.5 } },
    { id: 'tech-3', zones: ['city'], baseLocation: { lat: 31.35, lng: 121.55 } },
    // The only one for the suburb: capacity 1.
    { id: 'tech-solo', zones: ['suburb'], baseLocation: { lat: 31.05, lng: 121.4 }, capacity: 1 },
  ]);
}, 120_000);

afterAll(async () => {
  await stopDispatch(h);
});

const ofType = (type: string, orderId: string) => (m: ReceivedMessage) => m.topic === h.topic(EVENTS) && m.headers.ce_type === type && m.key === orderId;

/** Routes a new case and waits until its order is assigned (or unassigned); returns the order. */
async function newOrder(overrides: Parameters<typeof routedCase>[0] = {}): Promise<{ id: string; technicianId: string | null; version: number; caseId: string }> {
  const routed = routedCase(overrides);
  await h.publishRouted(routed);
  const [created] = await h.probe.waitFor((m) => m.topic === h.topic(EVENTS) && m.headers.ce_type === WORK_ORDER_CREATED_V1 && m.headers.ce_caseid === routed.caseId);
  const id = created.key as string;
  const order = await readOrder(h, id);
  return { id, technicianId: order.technicianId, version: order.version, caseId: routed.caseId };
}

/** A command as the assigned technician (their login subject is their technician id). */
function asTechnician(technicianId: string, body: unknown = {}): RequestOptions {
  return { roles: ['technician'], subject: technicianId, body };
}

async function post(id: string, step: string, options: RequestOptions = { body: {} }) {
  const response = await h.request('POST', `/work-orders/${id}/${step}`, options);
  return { status: response.status, body: await json<OrderAnswer>(response), etag: response.headers.get('etag') };
}

const FULL_REPORT = {
  faultCause: 'Shaft seal worn after 9 months of dry running',
  faultCategory: 'seal',
  resolution: 'Replaced the shaft seal; 2 h pressure test without loss',
  partsReplaced: [{ partNo: 'SEAL-CP200-01', quantity: 1, serialOut: 'S-OLD-1', serialIn: 'S-NEW-1' }],
  labourHours: 2.5,
  travelHours: 1,
  personTimes: 1,
  customerAcceptance: { name: 'Li Wei', signedAt: new Date().toISOString(), signatureRef: 'sig://acme/li-wei.png' },
};

/** Drives an assigned order to in_progress as its technician. */
async function toInProgress(id: string, technicianId: string) {
  const now = Date.now();
  expect((await post(id, 'accept', asTechnician(technicianId))).status).toBe(200);
  const window = { windowStart: new Date(now + 3600_000).toISOString(), windowEnd: new Date(now + 7200_000).toISOString(), agreedWith: 'Li Wei' };
  expect((await post(id, 'schedule', asTechnician(technicianId, window))).status).toBe(200);
  expect((await post(id, 'depart', asTechnician(technicianId))).status).toBe(200);
  expect((await post(id, 'arrive', asTechnician(technicianId))).status).toBe(200);
  const started = await post(id, 'start', asTechnician(technicianId));
  expect(started.status).toBe(200);
  expect(started.body.status).toBe('in_progress');
}

describe('the field workflow', () => {
  it('runs from assignment to a complete report, verified by the dispatcher and closed; every step published', async () => {
    const order = await newOrder();
    const tech = order.technicianId as string;
    expect(tech).toMatch(/^tech-[123]$/);

    // Only the assigned technician may work on it.
    const stranger = await post(order.id, 'accept', asTechnician(tech === 'tech-1' ? 'tech-2' : 'tech-1'));
    expect(stranger.status).toBe(403);
    expect(stranger.body.code).toBe('WORK_ORDER_NOT_ASSIGNEE');

    await toInProgress(order.id, tech);
    expect((await post(order.id, 'await-parts', asTechnician(tech, { parts: [{ partNo: 'SEAL-CP200-01', quantity: 1 }] }))).body.status).toBe('awaiting_parts');
    expect((await post(order.id, 'resume', asTechnician(tech))).body.status).toBe('in_progress');

    const completed = await post(order.id, 'complete', asTechnician(tech, { report: FULL_REPORT }));
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ status: 'completed', report: { faultCause: FULL_REPORT.faultCause, partsReplaced: FULL_REPORT.partsReplaced } });
    // Verification is the dispatcher's.
    expect((await post(order.id, 'verify', asTechnician(tech))).status).toBe(403);
    const verified = await post(order.id, 'verify', { roles: ['dispatcher'], subject: 'supervisor-1', body: { remarks: 'QC ok' } });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ status: 'verified', verification: { verifiedBy: 'supervisor-1', remarks: 'QC ok' } });
    expect((await post(order.id, 'close', { body: {} })).body.status).toBe('closed');

    const types = [
      WORK_ORDER_CREATED_V1,
      WORK_ORDER_ASSIGNED_V1,
      WORK_ORDER_ACCEPTED_V1,
      WORK_ORDER_SCHEDULED_V1,
      WORK_ORDER_EN_ROUTE_V1,
      WORK_ORDER_ON_SITE_V1,
      WORK_ORDER_STARTED_V1,
      WORK_ORDER_AWAITING_PARTS_V1,
      WORK_ORDER_RESUMED_V1,
      WORK_ORDER_COMPLETED_V1,
      WORK_ORDER_VERIFIED_V1,
      WORK_ORDER_CLOSED_V1,
    ];
    await h.probe.waitFor(ofType(WORK_ORDER_CLOSED_V1, order.id));
    const published = h.probe.messages.filter((m) => m.topic === h.topic(EVENTS) && m.key === order.id);
    expect(published.map((m) => m.headers.ce_type)).toEqual(types);
    for (const m of published) {
      const envelope = assertValidEvent(m);
      expect(envelope.caseId).toBe(order.caseId);
    }
    // The technician's slot is free again.
    expect((await readTechnician(h, tech)).openOrderIds).not.toContain(order.id);

    const costs = await json<OrderCostView>(await h.request('GET', `/work-orders/${order.id}/costs`, { roles: ['manager'] }));
    expect(costs).toMatchObject({ reported: true, category: 'field_service', currency: 'CNY' });
    expect(costs.lines.map((l) => [l.kind, l.quantity])).toEqual([
      ['labour', 2.5],
      ['travel', 1],
      ['person_times', 1],
    ]);
    expect(costs.total).toBe(2.5 * 15_000 + 8_000 + 5_000);
  });

  it('refuses a report without fault cause, resolution or parts list (422 naming them); the order stays in progress', async () => {
    const order = await newOrder();
    const tech = order.technicianId as string;
    await toInProgress(order.id, tech);
    const { faultCause: _f, resolution: _r, partsReplaced: _p, ...incomplete } = FULL_REPORT;

    const refused = await post(order.id, 'complete', asTechnician(tech, { report: incomplete }));
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('WORK_ORDER_REPORT_INCOMPLETE');
    expect((refused.body.errors ?? []).map((e) => e.field).sort()).toEqual(['faultCause', 'partsReplaced', 'resolution']);

    const after = await readOrder(h, order.id);
    expect(after).toMatchObject({ status: 'in_progress', report: null, completedAt: null });
    expect(h.probe.messages.filter(ofType(WORK_ORDER_COMPLETED_V1, order.id))).toHaveLength(0);
    // The same technician can still complete it with the full report.
    expect((await post(order.id, 'complete', asTechnician(tech, { report: { ...FULL_REPORT, partsReplaced: [] } }))).status).toBe(200);
  });

  it('a QC failure sends the completed order back to in_progress as rework', async () => {
    const order = await newOrder();
    const tech = order.technicianId as string;
    await toInProgress(order.id, tech);
    await post(order.id, 'complete', asTechnician(tech, { report: FULL_REPORT }));
    const rework = await post(order.id, 'rework', { body: { reason: 'Still leaking at the flange' } });
    expect(rework.status).toBe(200);
    expect(rework.body).toMatchObject({ status: 'in_progress', reworks: [{ reason: 'Still leaking at the flange' }] });
  });
});

describe('assignment', () => {
  it('two dispatchers reassigning the same order (already assigned to a third technician) at once: one wins, the other gets 409 (body version) or 412 (If-Match)', async () => {
    const order = await newOrder();
    const previous = order.technicianId as string;
    expect(previous).toMatch(/^tech-[123]$/);
    expect((await readTechnician(h, previous)).openOrderIds).toContain(order.id);
    const [x, y] = ['tech-1', 'tech-2', 'tech-3'].filter((t) => t !== previous);

    const [a, b] = await Promise.all([
      post(order.id, 'assign', { subject: 'dispatcher-a', body: { technicianId: x, reason: 'knows the site', expectedVersion: order.version } }),
      post(order.id, 'assign', { subject: 'dispatcher-b', body: { technicianId: y }, headers: { 'if-match': `"${order.version}"` } }),
    ]);
    expect([a.status, b.status].filter((status) => status === 200)).toHaveLength(1);
    const winner = a.status === 200 ? a : b;
    const loser = a.status === 200 ? b : a;
    // dispatcher-a sent the legacy body version (409 as ever), dispatcher-b If-Match (412).
    expect([loser.status, loser.body.code]).toEqual(loser === a ? [409, 'CONCURRENT_MODIFICATION'] : [412, 'PRECONDITION_FAILED']);
    expect(winner.etag).toBe(`"${order.version + 1}"`);
    expect(winner.body.technicianId).toBe(a.status === 200 ? x : y);

    const stored = await readOrder(h, order.id);
    expect(stored.status).toBe('assigned');
    expect(stored.technicianId).toBe(winner.body.technicianId);
    expect((stored.assignmentDecisions ?? []).at(-1)).toMatchObject({
      override: true,
      decidedBy: a.status === 200 ? 'dispatcher-a' : 'dispatcher-b',
      previousTechnicianId: previous,
      previousStatus: 'assigned',
    });
    // Exactly one technician holds the order: the winner's. The previous one's slot is free again,
    // and the loser's technician was never left holding it.
    const holders = [];
    for (const t of ['tech-1', 'tech-2', 'tech-3']) if ((await readTechnician(h, t)).openOrderIds.includes(order.id)) holders.push(t);
    expect(holders).toEqual([stored.technicianId]);
    // Exactly one new assigned event (after the automatic one), naming the previous technician.
    const [, reassigned] = await h.probe.waitFor(ofType(WORK_ORDER_ASSIGNED_V1, order.id), { count: 2 });
    // Once the outbox is drained, whatever the race recorded has been published.
    const orders = h.app.get(WorkOrderRepository);
    await until(async () => (await orders.backlog()) === 0, 20_000, 'the work order outbox was not drained');
    expect(h.probe.messages.filter(ofType(WORK_ORDER_ASSIGNED_V1, order.id))).toHaveLength(2);
    expect(assertValidEvent<WorkOrderAssignedV1>(reassigned).data).toMatchObject({
      technicianId: stored.technicianId,
      previousTechnicianId: previous,
      override: true,
    });
  });

  it('a dispatcher reassigns a scheduled order: the appointment is cleared, the new technician accepts; none once en route', async () => {
    const order = await newOrder();
    const previous = order.technicianId as string;
    const next = previous === 'tech-1' ? 'tech-2' : 'tech-1';
    expect((await post(order.id, 'accept', asTechnician(previous))).status).toBe(200);
    const window = { windowStart: new Date(Date.now() + 3600_000).toISOString(), windowEnd: new Date(Date.now() + 7200_000).toISOString() };
    expect((await post(order.id, 'schedule', asTechnician(previous, window))).status).toBe(200);

    const reassigned = await post(order.id, 'assign', { body: { technicianId: next, reason: 'van broke down' } });
    expect(reassigned.status).toBe(200);
    expect(reassigned.body).toMatchObject({ status: 'assigned', technicianId: next, appointment: null, acceptedAt: null });
    expect((reassigned.body.assignmentDecisions ?? []).at(-1)).toMatchObject({
      previousTechnicianId: previous,
      previousStatus: 'scheduled',
      previousAppointment: { windowStart: window.windowStart, windowEnd: window.windowEnd },
    });
    expect((await readTechnician(h, previous)).openOrderIds).not.toContain(order.id);
    expect((await readTechnician(h, next)).openOrderIds).toContain(order.id);
    // The previous technician may no longer act on it; the new one accepts and agrees the visit.
    expect((await post(order.id, 'depart', asTechnician(previous))).status).toBe(403);
    expect((await post(order.id, 'accept', asTechnician(next))).status).toBe(200);
    expect((await post(order.id, 'schedule', asTechnician(next, window))).status).toBe(200);
    expect((await post(order.id, 'depart', asTechnician(next))).status).toBe(200);

    // Once the technician has set off, the order stays theirs.
    const refused = await post(order.id, 'assign', { body: { technicianId: previous } });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('WORK_ORDER_ILLEGAL_TRANSITION');
    // Naming the technician who holds it is refused too.
    const same = await newOrder();
    const sameAnswer = await post(same.id, 'assign', { body: { technicianId: same.technicianId } });
    expect([sameAnswer.status, sameAnswer.body.code]).toEqual([422, 'WORK_ORDER_ALREADY_ASSIGNED_TO_TECHNICIAN']);
  });

  it('a dispatcher assigns an order nobody could take (no previous technician recorded)', async () => {
    // Nobody covers the remote zone: the order waits for a dispatcher.
    const order = await newOrder({ site: { address: 'Jinshan depot 3', zone: 'remote' } });
    expect(order.technicianId).toBeNull();
    const assigned = await post(order.id, 'assign', { body: { technicianId: 'tech-3', expectedVersion: order.version } });
    expect(assigned.status).toBe(200);
    const [event] = await h.probe.waitFor(ofType(WORK_ORDER_ASSIGNED_V1, order.id));
    expect(assertValidEvent<WorkOrderAssignedV1>(event).data).toMatchObject({ technicianId: 'tech-3', previousTechnicianId: null });
    expect((await readTechnician(h, 'tech-3')).openOrderIds).toContain(order.id);
  });

  it('a decline reassigns the order at once to another technician, never back to the one who declined', async () => {
    const order = await newOrder();
    const first = order.technicianId as string;
    const declined = await post(order.id, 'decline', asTechnician(first, { reason: 'Van in the workshop' }));
    expect(declined.status).toBe(200);
    expect(declined.body.status).toBe('assigned');
    expect(declined.body.technicianId).not.toBe(first);
    expect(declined.body.declines).toEqual([expect.objectContaining({ technicianId: first, reason: 'Van in the workshop' })]);
    await h.probe.waitFor(ofType(WORK_ORDER_DECLINED_V1, order.id));
    await h.probe.waitFor(ofType(WORK_ORDER_ASSIGNED_V1, order.id), { count: 2 });
    expect((await readTechnician(h, first)).openOrderIds).not.toContain(order.id);
  });

  it('never fills a technician above capacity: the next suburb order finds nobody (capacity rejection)', async () => {
    const one = await newOrder({ site: { address: 'Minhang 1', zone: 'suburb' } });
    expect(one.technicianId).toBe('tech-solo');
    const two = await newOrder({ site: { address: 'Minhang 2', zone: 'suburb' } });
    expect(two.technicianId).toBeNull();
    await h.probe.waitFor(ofType(WORK_ORDER_UNASSIGNED_V1, two.id));
    const detail = await readOrder(h, two.id);
    expect(detail.assignmentDecisions?.[0].rejections.capacity).toBe(1);
    expect((await readTechnician(h, 'tech-solo')).openOrders).toBe(1);
  });
});

describe('an asset\'s service history (asset_histories)', () => {
  const store = () => h.app.get<Connection>(MONGO_CONNECTION);
  const completedIds = async (serial: string) => (await h.app.get(AssetHistories).completedRepairsOf('acme', serial)).map((r) => r.workOrderId);

  it('lists a completed order, ignores one sent back for rework until it is completed again, and is rebuilt for orders completed before it existed', async () => {
    const serial = `SN-H-${Date.now()}`;
    const product = { model: 'CP-200', serialNumber: serial, purchaseDate: '2024-06-01' };
    const done = await newOrder({ product });
    await toInProgress(done.id, done.technicianId as string);
    expect((await post(done.id, 'complete', asTechnician(done.technicianId as string, { report: FULL_REPORT }))).status).toBe(200);
    const reworked = await newOrder({ product });
    await toInProgress(reworked.id, reworked.technicianId as string);
    expect((await post(reworked.id, 'complete', asTechnician(reworked.technicianId as string, { report: FULL_REPORT }))).status).toBe(200);
    expect((await completedIds(serial)).sort()).toEqual([done.id, reworked.id].sort());

    expect((await post(reworked.id, 'rework', { body: { reason: 'seal still leaks' } })).body.status).toBe('in_progress');
    expect(await completedIds(serial)).toEqual([done.id]);

    // A store from before asset_histories: no history document, no rebuild marker.
    const histories = store().collection('asset_histories');
    await histories.deleteOne({ _id: assetKey('acme', serial) as never });
    await histories.deleteOne(assetHistoryFilters.marker() as never);
    expect(await completedIds(serial)).toEqual([]);
    expect(await h.app.get(AssetHistories).backfillOnce()).toBeGreaterThanOrEqual(1);
    expect(await completedIds(serial)).toEqual([done.id]);
    expect(await h.app.get(AssetHistories).backfillOnce()).toBe(0);

    // Completed again after the rework: listed again (the id was kept), the slot freed.
    expect((await post(reworked.id, 'complete', asTechnician(reworked.technicianId as string, { report: FULL_REPORT }))).status).toBe(200);
    expect((await completedIds(serial)).sort()).toEqual([done.id, reworked.id].sort());
  });

  it('declares on the store the unique indexes the hot-path filters are shaped for', async () => {
    const uniqueOf = async (collection: string) =>
      (await store().collection(collection).listIndexes().toArray()).filter((i) => i.unique === true).map((i) => ({ name: i.name, key: i.key }));
    const declared = (indexes: readonly UniqueIndex[]) => indexes.map((i) => ({ name: i.name, key: i.keys }));
    expect(WORK_ORDER_UNIQUE_INDEXES).toEqual(AGGREGATE_UNIQUE_INDEXES);
    expect(await uniqueOf('work_orders')).toEqual(expect.arrayContaining(declared(WORK_ORDER_UNIQUE_INDEXES)));
    expect(await uniqueOf('technicians')).toEqual(expect.arrayContaining(declared(TECHNICIAN_UNIQUE_INDEXES)));
  });
});

describe('technician capacity under concurrency', () => {
  it('ten assignments racing for a technician with capacity 3: exactly three are counted, a repeat counts once', async () => {
    await seedTechnicians(h, [{ id: 'tech-race', zones: ['remote'], productLines: ['ZZ'], capacity: 3 }]);
    const technicians = h.app.get(TechnicianRepository);
    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => technicians.takeOrder('acme', 'tech-race', `wo-race-${i}`)));
    expect(outcomes.filter((o) => o === 'taken')).toHaveLength(3);
    expect(outcomes.filter((o) => o === 'at_capacity')).toHaveLength(7);
    const holder = await readTechnician(h, 'tech-race');
    expect(holder.openOrders).toBe(3);
    expect(await technicians.takeOrder('acme', 'tech-race', holder.openOrderIds[0])).toBe('already_held');
    expect(await technicians.releaseOrder('acme', 'tech-race', holder.openOrderIds[0])).toBe(true);
    expect(await technicians.releaseOrder('acme', 'tech-race', holder.openOrderIds[0])).toBe(false);
    expect((await readTechnician(h, 'tech-race')).openOrders).toBe(2);
  });
});

describe('carry-in', () => {
  it('takes the item to the workshop and back, then completes with the report', async () => {
    const order = await newOrder();
    const tech = order.technicianId as string;
    await toInProgress(order.id, tech);
    const promised = new Date(Date.now() + 3 * 86_400_000).toISOString();
    expect((await post(order.id, 'carry-in', asTechnician(tech, { receiptNo: 'RCPT-1', promisedReturnDate: promised }))).body.status).toBe('carried_in');
    expect((await post(order.id, 'start', asTechnician(tech))).body.status).toBe('in_repair');
    const noCard = await post(order.id, 'repaired', { body: {} });
    expect(noCard.status).toBe(422);
    expect(noCard.body.code).toBe('WORK_ORDER_REPAIR_CARD_MISSING');
    expect((await post(order.id, 'repair-card', asTechnician(tech, { actualHours: 3, parts: [{ partNo: 'IMP-7', quantity: 1 }] }))).status).toBe(200);
    expect((await post(order.id, 'repaired', { body: { remarks: 'bench test ok' } })).body.status).toBe('repaired');
    const signature = { name: 'Li Wei', signedAt: new Date().toISOString(), signatureRef: 'sig://acme/return.png' };
    expect((await post(order.id, 'return', asTechnician(tech, { signature }))).body.status).toBe('returned');
    const { customerAcceptance: _c, ...report } = FULL_REPORT;
    const done = await post(order.id, 'complete', asTechnician(tech, { report }));
    expect(done.status).toBe(200);
    expect(done.body.report?.customerAcceptance.name).toBe('Li Wei');
  });
});

describe('repeat repair and appraisal', () => {
  it('the same asset completed again with the same fault raises repeat-repair-detected; the month shows it', async () => {
    const serial = `SN-${Date.now()}`;
    const product = { model: 'CP-200', serialNumber: serial, purchaseDate: '2024-06-01' };
    const first = await newOrder({ product });
    await toInProgress(first.id, first.technicianId as string);
    await post(first.id, 'complete', asTechnician(first.technicianId as string, { report: FULL_REPORT }));

    const second = await newOrder({ product });
    await toInProgress(second.id, second.technicianId as string);
    await post(second.id, 'complete', asTechnician(second.technicianId as string, { report: { ...FULL_REPORT, faultCategory: 'SEAL' } }));
    const [message] = await h.probe.waitFor(ofType(WORK_ORDER_REPEAT_REPAIR_DETECTED_V1, second.id));
    const event = assertValidEvent<{ previousWorkOrderId: string; serialNo: string }>(message);
    expect(event.data).toMatchObject({ previousWorkOrderId: first.id, serialNo: serial });

    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    const response = await h.request('GET', `/appraisals?month=${month}`, { roles: ['manager'] });
    expect(response.status).toBe(200);
    const appraisal = await json<MonthlyAppraisal>(response);
    const row = appraisal.technicians.find((t) => t.technicianId === first.technicianId);
    expect(row?.repeatRepairs).toBeGreaterThanOrEqual(1);
    expect(row?.jobs).toBeGreaterThanOrEqual(1);
    expect(row).toMatchObject({ period: month, surveyAverage: null, complaints: 0 });
    expect(appraisal.costs.field_service.orders).toBeGreaterThanOrEqual(2);
    expect((await h.request('GET', '/appraisals?month=2025-13', { roles: ['manager'] })).status).toBe(400);
  });
});
