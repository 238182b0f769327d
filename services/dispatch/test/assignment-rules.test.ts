/**
 * Assignment rules as written (issue 10, item 7), against the real stack: a repeat repair goes to
 * another qualified technician when one is available, never to the one whose fix failed; orders
 * that found no technician by the end of the day are assigned when shifts start, the oldest
 * carry-over first. The scanner's timer is slowed down; its passes run at chosen instants.
 */
import { TOPICS, WORK_ORDER_ASSIGNED_V1, WORK_ORDER_CREATED_V1, type WorkOrderAssignedV1 } from '@aftercare/contracts';
import { assertValidEvent } from '@aftercare/testing';
import { DeadlineScanner } from '../src/deadlines/deadline-scanner';
import type { AssignmentDecisionView } from '../src/work-order/application/work-order.view';
import { DispatchDay } from '../src/work-order/infrastructure/dispatch-day';
import { WorkOrderRepository } from '../src/work-order/infrastructure/work-order.repository';
import { json, readOrder, routedCase, seedTechnicians, startDispatch, stopDispatch, type DispatchTestApp, type OrderAnswer, type RequestOptions } from './support/dispatch-app';

const EVENTS = TOPICS.dispatchWorkOrderEvents.name;
let h: DispatchTestApp;

beforeAll(async () => {
  h = await startDispatch('assignment-rules', { watch: [EVENTS], env: { DEADLINE_SCAN_INTERVAL_MS: '3600000' } });
  await seedTechnicians(h, [
    // Both qualified for a city CP repair; tech-near is the nearer one and wins a fresh case.
    { id: 'tech-near', baseLocation: { lat: 31.231, lng: 121.474 } },
    { id: 'tech-other', baseLocation: { lat: 31.3, lng: 121.5 } },
  ]);
}, 120_000);

afterAll(async () => {
  await stopDispatch(h);
});

async function newOrder(overrides: Parameters<typeof routedCase>[0], tenant?: string): Promise<{ id: string; technicianId: string | null }> {
  const routed = routedCase(overrides);
  await h.publishRouted(routed);
  const [created] = await h.probe.waitFor((m) => m.topic === h.topic(EVENTS) && m.headers.ce_type === WORK_ORDER_CREATED_V1 && m.headers.ce_caseid === routed.caseId);
  const id = created.key as string;
  const order = await h.request('GET', `/work-orders/${id}`, { roles: ['manager'], ...(tenant ? { tenant } : {}) });
  return { id, technicianId: (await json<{ technicianId: string | null }>(order)).technicianId };
}

async function step(id: string, name: string, technicianId: string, body: unknown = {}): Promise<OrderAnswer> {
  const options: RequestOptions = { roles: ['technician'], subject: technicianId, body };
  const response = await h.request('POST', `/work-orders/${id}/${name}`, options);
  const answer = await json<OrderAnswer>(response);
  if (response.status !== 200) throw new Error(`${name} ${id}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

const REPORT = {
  faultCause: 'Shaft seal worn',
  faultCategory: 'seal',
  resolution: 'Replaced the shaft seal',
  partsReplaced: [],
  labourHours: 1,
  travelHours: 1,
  personTimes: 1,
  customerAcceptance: { name: 'Li Wei', signedAt: new Date().toISOString(), signatureRef: 'sig://acme/li-wei.png' },
};

describe('a repeat repair', () => {
  it('goes to another qualified technician, not to the one whose fix failed', async () => {
    const product = { model: 'CP-200', serialNumber: `SN-${Date.now()}`, purchaseDate: '2024-06-01' };
    const first = await newOrder({ product });
    expect(first.technicianId).toBe('tech-near');
    const now = Date.now();
    await step(first.id, 'accept', 'tech-near');
    await step(first.id, 'schedule', 'tech-near', { windowStart: new Date(now + 3600_000).toISOString(), windowEnd: new Date(now + 7200_000).toISOString() });
    await step(first.id, 'depart', 'tech-near');
    await step(first.id, 'arrive', 'tech-near');
    await step(first.id, 'start', 'tech-near');
    expect((await step(first.id, 'complete', 'tech-near', { report: REPORT })).status).toBe('completed');

    // The same asset fails again: tech-near is still the nearer and the asset's last technician.
    const second = await newOrder({ product });
    expect(second.technicianId).toBe('tech-other');
    const [decision] = (await readOrder(h, second.id)).assignmentDecisions as AssignmentDecisionView[];
    expect(decision).toMatchObject({ repeatRepair: true, lastTechnicianId: 'tech-near', eligibleCandidates: 2 });
    expect(decision.candidates.map((c) => [c.technicianId, c.score === 1])).toEqual([
      ['tech-other', false],
      ['tech-near', true],
    ]);

    // Another asset's repair still goes to the nearer technician.
    expect((await newOrder({ product: { ...product, serialNumber: `${product.serialNumber}-B` } })).technicianId).toBe('tech-near');
  });
});

describe('orders carried over from the previous day', () => {
  const TENANT = 'globex';

  it('are assigned when shifts start, the oldest carry-over first', async () => {
    // Nobody works for this tenant yet: both orders find no technician.
    const site = { address: '1 Century Avenue', zone: 'city' as const };
    const oldest = await newOrder({ tenantId: TENANT, site }, TENANT);
    const younger = await newOrder({ tenantId: TENANT, site }, TENANT);
    expect([oldest.technicianId, younger.technicianId]).toEqual([null, null]);

    const orders = h.app.get(WorkOrderRepository);
    const day = h.app.get(DispatchDay);
    const scanner = h.app.get(DeadlineScanner);
    const stored = async (id: string) => (await orders.findById(TENANT, id))!;
    // 18:00: half an hour after the working day they were created in ended.
    const endOfDay = Math.max(...(await Promise.all([oldest, younger].map(async (o) => day.nextCarryOverAt(await stored(o.id)).getTime()))));
    await scanner.scan(new Date(endOfDay + 30 * 60_000));
    for (const o of [oldest, younger]) expect(await stored(o.id)).toMatchObject({ status: 'created', carryOverCount: 1 });
    // A fresh order of the morning comes after both on the dispatcher's board.
    const fresh = await newOrder({ tenantId: TENANT, site, priority: 'P1' }, TENANT);
    const board = await json<{ items: Array<{ id: string; carryOverCount: number }> }>(await h.request('GET', '/work-orders/board', { tenant: TENANT }));
    expect(board.items.map((o) => o.id)).toEqual([oldest.id, younger.id, fresh.id]);

    // Overnight, one technician joins with room for one job.
    await seedTechnicians(h, [{ id: 'globex-tech', capacity: 1, baseLocation: { lat: 31.24, lng: 121.5 } }], TENANT);
    const shiftStart = day.shiftStartAfterCarryOver(await stored(oldest.id))!;
    expect(shiftStart.getTime()).toBeGreaterThan(endOfDay);
    await scanner.scan(new Date(shiftStart.getTime() + 60_000));

    const [assigned] = await h.probe.waitFor((m) => m.topic === h.topic(EVENTS) && m.headers.ce_type === WORK_ORDER_ASSIGNED_V1 && m.key === oldest.id);
    expect(assertValidEvent<WorkOrderAssignedV1>(assigned).data).toMatchObject({ technicianId: 'globex-tech', override: false });
    expect(await stored(oldest.id)).toMatchObject({ status: 'assigned', technicianId: 'globex-tech' });
    await h.request('POST', `/work-orders/${fresh.id}/cancel`, { tenant: TENANT, body: { reason: 'Test done' } });
    // The younger one was offered too, after it: the technician was full by then.
    const left = await stored(younger.id);
    expect(left).toMatchObject({ status: 'created', technicianId: null });
    expect(left.lastAssignmentAttemptAt).toEqual(new Date(shiftStart.getTime() + 60_000));

    // The same morning again changes nothing.
    await scanner.scan(new Date(shiftStart.getTime() + 120_000));
    expect((await stored(younger.id)).assignmentDecisions).toHaveLength(2);
  });
});
