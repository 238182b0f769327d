import { allocate, servingOrder, type WaitingDemand } from './allocation';
import { adjustTo, consume, dropDemand, emptyStockItem, pick, queueDemand, receive, release, reserve, returnToStock, scrapFromShelf, serveWaiting, type StockItem } from './stock-item';
import { takenFromStock, usedFor, vanOf } from './parts-usage';
import { levelsFrom } from './stock-ledger';

const at = new Date('2026-03-10T08:00:00Z');
const demand = (id: string, quantity: number, priority: WaitingDemand['priority'], minutes: number): WaitingDemand => ({
  demandId: id,
  partsRequestId: id.split(':')[0]!,
  lineNo: 1,
  quantity,
  priority,
  requestedAt: new Date(at.getTime() + minutes * 60_000),
});

function stocked(onHand: number): StockItem {
  return adjustTo(emptyStockItem('wh-1', 'SEAL-22'), 'count-1', onHand, at);
}

/** The stored levels always equal what the ledger adds up to. */
function expectConsistent(item: StockItem): void {
  expect(levelsFrom(item.movements)).toEqual(item.levels);
  expect(item.levels.available).toBe(item.levels.onHand - item.levels.reserved);
}

describe('stock item', () => {
  it('reserves what is available, never more, and a repeated reservation changes nothing', () => {
    const item = stocked(5);
    const first = reserve(item, 'r1', 3, at);
    expect(first.reserved).toBe(3);
    expect(first.item.levels).toEqual({ onHand: 5, reserved: 3, available: 2 });
    const second = reserve(first.item, 'r2', 4, at);
    expect(second.reserved).toBe(2);
    expect(second.item.levels.available).toBe(0);
    const none = reserve(second.item, 'r3', 1, at);
    expect(none.reserved).toBe(0);
    expect(none.item).toBe(second.item);
    const again = reserve(second.item, 'r1', 3, at);
    expect(again.reserved).toBe(3);
    expect(again.item).toBe(second.item);
    expectConsistent(second.item);
  });

  it('never lets available go below zero over any sequence of reservations', () => {
    let item = stocked(5);
    let reserved = 0;
    for (let i = 0; i < 100; i++) {
      const result = reserve(item, `r${i}`, 1 + (i % 3), at);
      item = result.item;
      reserved += result.reserved;
      expect(item.levels.available).toBeGreaterThanOrEqual(0);
    }
    expect(reserved).toBe(5);
    expectConsistent(item);
  });

  it('refuses a quantity that is not a positive whole number', () => {
    expect(() => reserve(stocked(5), 'r1', 0, at)).toThrow(/positive integer/);
    expect(() => reserve(stocked(5), 'r1', 1.5, at)).toThrow(/positive integer/);
  });

  it('releases reserved units back to available, once per movement id', () => {
    const { item } = reserve(stocked(5), 'r1', 3, at);
    const released = release(item, 'x1', 3, 'pr-1:1', at);
    expect(released.levels).toEqual({ onHand: 5, reserved: 0, available: 5 });
    expect(release(released, 'x1', 3, 'pr-1:1', at)).toBe(released);
    expectConsistent(released);
  });

  it('picks reserved units off the shelf and refuses to pick more than is reserved', () => {
    const { item } = reserve(stocked(5), 'r1', 2, at);
    const picked = pick(item, 'p1', 2, 'pr-1', at);
    expect(picked.levels).toEqual({ onHand: 3, reserved: 0, available: 3 });
    expect(pick(picked, 'p1', 2, 'pr-1', at)).toBe(picked);
    expect(() => pick(picked, 'p2', 1, 'pr-1', at)).toThrow(/only 0 reserved/);
    expectConsistent(picked);
  });

  it('serves waiting demand from a receipt by priority, then age, and keeps what is left over', () => {
    let item = emptyStockItem('wh-1', 'SEAL-22');
    item = queueDemand(item, demand('p3-old:1', 2, 'P3', 0));
    item = queueDemand(item, demand('p1-new:1', 2, 'P1', 30));
    item = queueDemand(item, demand('p3-new:1', 2, 'P3', 10));
    const { item: after, allocations } = receive(item, 'GR-1', 5, at);
    expect(allocations.map((a) => [a.demandId, a.quantity])).toEqual([
      ['p1-new:1', 2],
      ['p3-old:1', 2],
      ['p3-new:1', 1],
    ]);
    expect(after.waiting.map((d) => [d.demandId, d.quantity])).toEqual([['p3-new:1', 1]]);
    expect(after.levels).toEqual({ onHand: 5, reserved: 5, available: 0 });
    expectConsistent(after);
    expect(allocations[0]!.reservationId).toBe('GR-1>p1-new:1');
    expect(receive(after, 'GR-1', 5, at)).toEqual({ item: after, allocations });
  });

  it('serves waiting demand from units a count found, by priority then age, once per count', () => {
    let item = emptyStockItem('wh-1', 'SEAL-22');
    item = queueDemand(item, demand('p3-old:1', 1, 'P3', 0));
    item = queueDemand(item, demand('p1-new:1', 1, 'P1', 30));
    const counted = adjustTo(item, 'count-9', 1, at);
    const { item: served, allocations } = serveWaiting(counted, 'count-9', at);
    expect(allocations).toEqual([{ reservationId: 'count-9>p1-new:1', demandId: 'p1-new:1', quantity: 1 }]);
    expect(served.waiting.map((d) => d.demandId)).toEqual(['p3-old:1']);
    expect(served.levels).toEqual({ onHand: 1, reserved: 1, available: 0 });
    expectConsistent(served);
    expect(serveWaiting(served, 'count-9', at)).toEqual({ item: served, allocations });
  });

  it('hands released units to the next waiting demand, not back to the shelf', () => {
    const held = reserve(stocked(2), 'r1', 2, at).item;
    const waiting = queueDemand(held, demand('p2:1', 3, 'P2', 5));
    const released = release(waiting, 'r1:release', 2, 'r1', at);
    const { item: served, allocations } = serveWaiting(released, 'r1:release', at);
    expect(allocations).toEqual([{ reservationId: 'r1:release>p2:1', demandId: 'p2:1', quantity: 2 }]);
    expect(served.waiting).toEqual([{ ...demand('p2:1', 1, 'P2', 5) }]);
    expect(served.levels).toEqual({ onHand: 2, reserved: 2, available: 0 });
    expectConsistent(served);
  });

  it('serves nothing and changes nothing when nothing is available or nobody waits', () => {
    const empty = queueDemand(emptyStockItem('wh-1', 'S'), demand('a:1', 1, 'P2', 0));
    expect(serveWaiting(empty, 'count-1', at)).toEqual({ item: empty, allocations: [] });
    const shelf = stocked(3);
    expect(serveWaiting(shelf, 'count-1', at).item).toBe(shelf);
  });

  it('queues a demand once and drops it on cancellation', () => {
    const queued = queueDemand(queueDemand(emptyStockItem('wh-1', 'S'), demand('a:1', 1, 'P2', 0)), demand('a:1', 3, 'P2', 0));
    expect(queued.waiting).toHaveLength(1);
    expect(queued.waiting[0]!.quantity).toBe(1);
    expect(dropDemand(queued, 'a:1').waiting).toEqual([]);
  });

  it('sets on hand to a count with a signed adjustment, once per count', () => {
    const counted = adjustTo(stocked(5), 'count-2', 2, at);
    expect(counted.levels.onHand).toBe(2);
    expect(counted.movements.at(-1)).toMatchObject({ kind: 'adjustment', quantity: -3 });
    expect(adjustTo(counted, 'count-2', 9, at)).toBe(counted);
    expect(adjustTo(counted, 'count-3', 2, at)).toBe(counted);
    expect(() => adjustTo(counted, 'count-4', -1, at)).toThrow(/not negative/);
    expectConsistent(counted);
  });

  it('takes a repaired return back into stock', () => {
    const returned = returnToStock(stocked(1), 'ret-1', 1, 'return-1', at);
    expect(returned.levels.onHand).toBe(2);
    expect(returnToStock(returned, 'ret-1', 1, 'return-1', at)).toBe(returned);
  });
});

describe('allocation by priority, then age', () => {
  it('serves a P1 line stoppage before an older P3', () => {
    const waiting = [demand('old-p3:1', 1, 'P3', 0), demand('new-p1:1', 1, 'P1', 60)];
    expect(allocate(1, waiting).map((a) => a.demand.demandId)).toEqual(['new-p1:1']);
  });

  it('serves equal priorities oldest first, and ties by id', () => {
    const waiting = [demand('b:1', 1, 'P2', 5), demand('c:1', 1, 'P2', 0), demand('a:1', 1, 'P2', 5)];
    expect([...waiting].sort(servingOrder).map((d) => d.demandId)).toEqual(['c:1', 'a:1', 'b:1']);
  });

  it('allocates nothing without stock and never more than there is', () => {
    expect(allocate(0, [demand('a:1', 1, 'P1', 0)])).toEqual([]);
    expect(allocate(-2, [demand('a:1', 1, 'P1', 0)])).toEqual([]);
    expect(allocate(3, [demand('a:1', 2, 'P1', 0), demand('b:1', 2, 'P1', 1)]).map((a) => a.quantity)).toEqual([2, 1]);
  });
});

describe('stock item: parts used from a van', () => {
  const van = (onHand: number) => adjustTo(emptyStockItem('van-tech-1', 'SEAL-22'), 'count-1', onHand, at);

  it('takes used units off the shelf as a consumption movement, once per movement id', () => {
    const used = consume(van(3), 'wo-1:SEAL-22', 2, 'wo-1', at);
    expect(used.levels).toEqual({ onHand: 1, reserved: 0, available: 1 });
    expect(used.movements.at(-1)).toMatchObject({ kind: 'consumption', quantity: 2, reference: 'wo-1' });
    expect(consume(used, 'wo-1:SEAL-22', 2, 'wo-1', at)).toBe(used);
    expectConsistent(used);
  });

  it('never goes below zero: more than is available (reserved units included) is refused, naming part, van and what it holds', () => {
    expect(() => consume(van(1), 'wo-1:SEAL-22', 2, 'wo-1', at)).toThrow(expect.objectContaining({ code: 'STOCK_INSUFFICIENT', message: 'wo-1 used 2 of SEAL-22 from van-tech-1, which holds 1 available' }));
    const held = reserve(van(2), 'r1', 2, at).item;
    expect(() => consume(held, 'wo-1:SEAL-22', 1, 'wo-1', at)).toThrow(/holds 0 available/);
    expect(() => consume(emptyStockItem('van-tech-1', 'SEAL-22'), 'wo-1:SEAL-22', 1, 'wo-1', at)).toThrow(/STOCK_INSUFFICIENT|holds 0/);
    expect(() => consume(van(2), 'wo-1:SEAL-22', 0, 'wo-1', at)).toThrow(/positive integer/);
  });
});

describe('parts used for a work order', () => {
  it("is the technician's own warehouse", () => {
    expect(vanOf('tech-1')).toBe('van-tech-1');
  });

  it('counts only what the report used beyond the parts delivered for the order, per part number', () => {
    expect(takenFromStock([{ partNo: 'SEAL-22', quantity: 1 }], [])).toEqual([{ partNo: 'SEAL-22', quantity: 1 }]);
    expect(takenFromStock([{ partNo: 'SEAL-22', quantity: 1 }], [{ partNo: 'SEAL-22', quantity: 1 }])).toEqual([]);
    expect(
      takenFromStock(
        [
          { partNo: 'SEAL-22', quantity: 1 },
          { partNo: 'SEAL-22', quantity: 2 },
          { partNo: 'BEARING-6204', quantity: 2 },
        ],
        [
          { partNo: 'SEAL-22', quantity: 1 },
          { partNo: 'GASKET-9', quantity: 4 },
        ],
      ),
    ).toEqual([
      { partNo: 'SEAL-22', quantity: 2 },
      { partNo: 'BEARING-6204', quantity: 2 },
    ]);
    expect(takenFromStock([], [{ partNo: 'SEAL-22', quantity: 1 }])).toEqual([]);
  });

  it('reads what a stock item gave up for an order from its consumption movements only', () => {
    let workshop = adjustTo(emptyStockItem('workshop', 'SEAL-22'), 'count-1', 5, at);
    workshop = consume(workshop, 'repaired:wo-1#R-1', 2, 'wo-1', at);
    workshop = consume(workshop, 'repaired:wo-2#R-2', 1, 'wo-2', at);
    workshop = reserve(workshop, 'wo-1', 1, at).item; // a reservation named like the order is not a usage
    expect(usedFor(workshop, 'wo-1')).toEqual({ partNo: 'SEAL-22', quantity: 2 });
    expect(usedFor(workshop, 'wo-3')).toEqual({ partNo: 'SEAL-22', quantity: 0 });
  });
});

describe('stock item: units scrapped from the shelf', () => {
  const shelf = (onHand: number) => adjustTo(emptyStockItem('central', 'SEAL-22'), 'count-1', onHand, at);

  it('takes the units off the books as a scrap movement with its reason, once per scrap id', () => {
    const scrapped = scrapFromShelf(shelf(3), 'scrap-1', 2, 'water damage', at);
    expect(scrapped.levels).toEqual({ onHand: 1, reserved: 0, available: 1 });
    expect(scrapped.movements.at(-1)).toMatchObject({ id: 'scrap-1', kind: 'scrap', quantity: 2, reference: 'water damage' });
    expect(scrapFromShelf(scrapped, 'scrap-1', 2, 'water damage', at)).toBe(scrapped);
    expect(levelsFrom(scrapped.movements)).toEqual(scrapped.levels);
  });

  it('scraps available units only: reserved units belong to a request, and nothing goes below zero', () => {
    const held = reserve(shelf(2), 'r1', 1, at).item;
    expect(() => scrapFromShelf(held, 'scrap-1', 2, 'damaged', at)).toThrow(
      expect.objectContaining({ code: 'STOCK_INSUFFICIENT', message: 'scrapping 2 of SEAL-22 in central, which holds 1 available (reserved units are released first)' }),
    );
    expect(scrapFromShelf(held, 'scrap-1', 1, 'damaged', at).levels).toEqual({ onHand: 1, reserved: 1, available: 0 });
    expect(() => scrapFromShelf(emptyStockItem('central', 'SEAL-22'), 'scrap-1', 1, 'damaged', at)).toThrow(/holds 0 available/);
    expect(() => scrapFromShelf(shelf(2), 'scrap-1', 0, 'damaged', at)).toThrow(/positive integer/);
  });
});
