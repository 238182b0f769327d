/**
 * Capacity reconciliation against the real store. The stale state a crash between counting the
 * technician and saving the order would leave is written straight into Mongo: a technician holding
 * an order id that does not exist, one that was cancelled, and one that was reassigned to someone
 * else. The first pass only records the suspects; a pass after the grace period removes them — but
 * not an id that became valid in between (the order given back to that technician) — and keeps the
 * technician's valid orders. With a short interval, the service's own timer does it unattended.
 */
import type { Connection } from 'mongoose';
import { TOPICS, WORK_ORDER_CREATED_V1 } from '@aftercare/contracts';
import { LeaseStore, MONGO_CONNECTION, claimPass } from '@aftercare/persistence';
import { eventually } from '@aftercare/testing';
import { CAPACITY_RECONCILIATION_JOB, CapacityReconciler } from '../src/deadlines/capacity-reconciler';
import { json, readOrder, readTechnician, routedCase, seedTechnicians, startDispatch, stopDispatch, type DispatchTestApp, type OrderAnswer } from './support/dispatch-app';

const EVENTS = TOPICS.dispatchWorkOrderEvents.name;

async function newOrder(h: DispatchTestApp): Promise<{ id: string; technicianId: string | null }> {
  const routed = routedCase();
  await h.publishRouted(routed);
  const [created] = await h.probe.waitFor(
    (m) => m.topic === h.topic(EVENTS) && m.headers.ce_type === WORK_ORDER_CREATED_V1 && m.headers.ce_caseid === routed.caseId,
  );
  const id = created.key as string;
  return { id, technicianId: (await readOrder(h, id)).technicianId };
}

async function post(h: DispatchTestApp, id: string, step: string, body: unknown): Promise<OrderAnswer> {
  const response = await h.request('POST', `/work-orders/${id}/${step}`, { body });
  const answer = await json<OrderAnswer>(response);
  if (response.status !== 200) throw new Error(`${step} ${id}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

/** What a crash right after counting the technician leaves behind: the id in `openOrderIds`. */
async function leaveStaleHold(h: DispatchTestApp, technicianId: string, orderId: string): Promise<void> {
  const technicians = h.app.get<Connection>(MONGO_CONNECTION).collection('technicians');
  const result = await technicians.updateOne({ _id: technicianId as never }, { $addToSet: { openOrderIds: orderId }, $inc: { openOrders: 1, version: 1 } });
  expect(result.modifiedCount).toBe(1);
}

describe('the capacity reconciliation pass', () => {
  let h: DispatchTestApp;

  beforeAll(async () => {
    h = await startDispatch('capacity', { watch: [EVENTS] });
    await seedTechnicians(h, [{ id: 'tech-a', zones: ['city'], capacity: 10 }]);
  }, 120_000);

  afterAll(async () => {
    await stopDispatch(h);
  });

  it('removes ids of missing, cancelled and reassigned orders after the grace period, never a valid one', async () => {
    expect(h.config.CAPACITY_RECONCILE_INTERVAL_MS).toBe(300_000);
    const grace = h.config.CAPACITY_RECONCILE_GRACE_MS;
    const valid = await newOrder(h);
    const cancelled = await newOrder(h);
    const reassigned = await newOrder(h);
    const comesBack = await newOrder(h);
    for (const o of [valid, cancelled, reassigned, comesBack]) expect(o.technicianId).toBe('tech-a');
    // Registered afterwards, so that tech-a (the only one then) holds all four.
    await seedTechnicians(h, [{ id: 'tech-b', zones: ['city'], capacity: 10 }]);

    await post(h, cancelled.id, 'cancel', { reason: 'customer withdrew' });
    await post(h, reassigned.id, 'assign', { technicianId: 'tech-b' });
    await post(h, comesBack.id, 'assign', { technicianId: 'tech-b' });
    expect((await readTechnician(h, 'tech-a')).openOrderIds).toEqual([valid.id]);

    // The crash leftovers: tech-a still counts orders that are not (or no longer) theirs.
    for (const id of ['wo-never-saved', cancelled.id, reassigned.id, comesBack.id]) await leaveStaleHold(h, 'tech-a', id);
    expect((await readTechnician(h, 'tech-a')).openOrders).toBe(5);

    const reconciler = h.app.get(CapacityReconciler);
    const t0 = new Date();
    // First sighting: suspects recorded, nothing removed (an assignment in flight looks the same).
    const first = await reconciler.reconcile(t0);
    expect(first.removed).toEqual([]);
    expect(first.suspected).toBe(4);
    expect((await readTechnician(h, 'tech-a')).openOrders).toBe(5);
    // Within the grace period: still nothing.
    expect((await reconciler.reconcile(new Date(t0.getTime() + grace - 1000))).removed).toEqual([]);

    // Meanwhile a dispatcher gives one of them back to tech-a: that id is valid again.
    const back = await post(h, comesBack.id, 'assign', { technicianId: 'tech-a' });
    expect(back.technicianId).toBe('tech-a');

    const second = await reconciler.reconcile(new Date(t0.getTime() + grace + 1000));
    expect([...second.removed].sort()).toEqual(['tech-a/wo-never-saved', `tech-a/${cancelled.id}`, `tech-a/${reassigned.id}`].sort());
    expect(second.suspected).toBe(0);
    const a = await readTechnician(h, 'tech-a');
    expect([...a.openOrderIds].sort()).toEqual([valid.id, comesBack.id].sort());
    expect(a.openOrders).toBe(2);
    // tech-b keeps the order really assigned to them, and lost the one given back (released by the reassignment).
    expect((await readTechnician(h, 'tech-b')).openOrderIds).toEqual([reassigned.id]);

    // Nothing left to do; the counts stay.
    const third = await reconciler.reconcile(new Date(t0.getTime() + 3 * grace));
    expect(third).toMatchObject({ removed: [], suspected: 0 });
    expect((await readTechnician(h, 'tech-a')).openOrders).toBe(2);
    const technicians = h.app.get<Connection>(MONGO_CONNECTION).collection('technicians');
    expect((await technicians.findOne({ _id: 'tech-a' as never }))?.capacitySuspects).toEqual([]);

    // One pass at a time (as across instances): a pass started while another holds the lease does
    // nothing. The other pass is held explicitly: two passes started together may not overlap at all.
    const later = new Date(t0.getTime() + 4 * grace);
    const leases = h.app.get(LeaseStore);
    const other = await claimPass(leases, CAPACITY_RECONCILIATION_JOB, later, 60_000);
    expect(other).not.toBeNull();
    expect((await reconciler.reconcile(later)).ran).toBe(false);
    await leases.release(other as NonNullable<typeof other>);
    expect((await reconciler.reconcile(later)).ran).toBe(true);
  });
});

describe('the capacity reconciliation timer', () => {
  let h: DispatchTestApp;

  beforeAll(async () => {
    h = await startDispatch('capacity-timer', {
      watch: [EVENTS],
      env: { CAPACITY_RECONCILE_INTERVAL_MS: '200', CAPACITY_RECONCILE_GRACE_MS: '500' },
    });
    await seedTechnicians(h, [{ id: 'tech-a', zones: ['city'] }]);
  }, 120_000);

  afterAll(async () => {
    await stopDispatch(h);
  });

  it('frees a slot held for an order that was never saved, by itself', async () => {
    const valid = await newOrder(h);
    expect(valid.technicianId).toBe('tech-a');
    await leaveStaleHold(h, 'tech-a', 'wo-lost-in-a-crash');
    expect((await readTechnician(h, 'tech-a')).openOrders).toBe(2);
    await eventually(async () => expect((await readTechnician(h, 'tech-a')).openOrderIds).toEqual([valid.id]));
  });
});
