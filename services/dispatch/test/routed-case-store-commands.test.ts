/**
 * What a routed case costs in store commands, against the real local store (issue 8): a new
 * routing round is one `work_orders` insert — its derived id's unique `_id` says whether the round
 * has an order, no read first — and one guarded technician write; a redelivery costs more but
 * changes nothing, even after the order it names was cancelled (the technician it would take again
 * is not left counting it).
 */
import type { Connection } from 'mongoose';
import { MONGO_CONNECTION } from '@aftercare/persistence';
import { mentionsAny, outboxEmptied, storeCommandsDuring } from '@aftercare/testing';
import { CreateWorkOrderFromCase } from '../src/work-order/application/create-from-case';
import { WorkOrderRepository } from '../src/work-order/infrastructure/work-order.repository';
import { readOrder, readTechnician, routedCase, seedTechnicians, startDispatch, stopDispatch, type DispatchTestApp } from './support/dispatch-app';

let h: DispatchTestApp;

beforeAll(async () => {
  h = await startDispatch('store-commands');
  await seedTechnicians(h, [{ id: 'tech-one', zones: ['city', 'suburb'], capacity: 20, baseLocation: { lat: 31.24, lng: 121.48 } }]);
}, 120_000);

afterAll(async () => {
  await stopDispatch(h);
});

/** The commands on `collection` (naming `mention`, if given) sent while `work` runs. */
const commandsDuring = <T>(collection: string, work: () => Promise<T>, mention?: string) =>
  storeCommandsDuring(
    h.app.get<symbol, Connection>(MONGO_CONNECTION).getClient(),
    (sent) => sent.collection === collection && (!mention || mentionsAny(sent.command, [mention])),
    work,
  );

const published = (id: string) => outboxEmptied(h.app.get(WorkOrderRepository).documents, id);

const create = (routed: ReturnType<typeof routedCase>) => h.app.get(CreateWorkOrderFromCase).execute(routed);

describe('a routed case', () => {
  it('becomes its work order with one insert, no read before it', async () => {
    const routed = routedCase();
    const { result, sent } = await commandsDuring('work_orders', () => create(routed));
    expect(result.outcome).toBe('created');
    expect(sent).toEqual(['work_orders insert']);
  });

  it("counts against its technician with one guarded write when this instance changed the technician's count last", async () => {
    await create(routedCase());
    const { result, sent } = await commandsDuring('technicians', () => create(routedCase()), 'tech-one');
    expect(result).toMatchObject({ outcome: 'created', order: { technicianId: 'tech-one' } });
    expect(sent).toEqual(['technicians update']);
  });

  it('delivered again finds the order the insert refused, and leaves the technician counting it once', async () => {
    const routed = routedCase();
    const first = await create(routed);
    if (first.outcome !== 'created') throw new Error(`expected a new order, got ${first.outcome}`);
    await published(first.order.id);

    const { result, sent } = await commandsDuring('work_orders', () => create(routed));
    expect(result).toMatchObject({ outcome: 'duplicate', order: { id: first.order.id } });
    expect(sent).toEqual(['work_orders insert', 'work_orders find']);
    expect((await readTechnician(h, 'tech-one')).openOrderIds.filter((id) => id === first.order.id)).toHaveLength(1);
  });

  it('delivered again after its order was cancelled takes no capacity for it', async () => {
    const routed = routedCase();
    const first = await create(routed);
    if (first.outcome !== 'created') throw new Error(`expected a new order, got ${first.outcome}`);
    expect(first.order.technicianId).toBe('tech-one');
    const cancelled = await h.request('POST', `/work-orders/${first.order.id}/cancel`, { body: { reason: 'customer fixed it' } });
    expect(cancelled.status).toBe(200);
    expect((await readTechnician(h, 'tech-one')).openOrderIds).not.toContain(first.order.id);

    const again = await create(routed);
    expect(again).toMatchObject({ outcome: 'duplicate', order: { id: first.order.id } });
    expect((await readOrder(h, first.order.id)).status).toBe('cancelled');
    expect((await readTechnician(h, 'tech-one')).openOrderIds).not.toContain(first.order.id);
  });
});
