import { monthBounds, monthFigures } from './month-figures';
import { REQUESTED_AT as at, partsRequestSnapshot as request } from './testing/parts-requests';

describe("the month's figures", () => {
  it('adds up costs, fill rate, backorder rate and lead time of the live requests', () => {
    const fromStock = request('a', (r) => {
      r.allocate([{ lineNo: 1, reservationId: 'a:1@SEAL-22', partNo: 'SEAL-22', quantity: 2 }], at);
      r.pick('w', at);
      r.pack('w', at);
      r.ship({ carrier: 'SF', trackingNo: '1', eta: null, transportCost: 30, at });
      r.deliver('B', [{ partNo: 'SEAL-22', received: 2, damaged: 0 }], new Date(at.getTime() + 10 * 3_600_000));
    });
    const backordered = request('b', (r) => {
      r.allocate([], at);
      r.allocate([{ lineNo: 1, reservationId: 'GR-1>b:1', partNo: 'SEAL-22', quantity: 2 }], at);
    });
    const cancelled = request('c', (r) => {
      r.allocate([{ lineNo: 1, reservationId: 'c:1@SEAL-22', partNo: 'SEAL-22', quantity: 2 }], at);
      r.cancel('not needed', 'clerk', at);
    });
    expect(monthFigures('2026-03', [fromStock, backordered, cancelled])).toEqual({
      month: '2026-03',
      requests: 3,
      cancelled: 1,
      materialCost: 400,
      transportCost: 30,
      fillRate: 0.5,
      backorderRate: 0.5,
      averageLeadTimeHours: 10,
    });
  });

  it('has no rates for a month without requests', () => {
    expect(monthFigures('2026-04', [])).toMatchObject({ requests: 0, fillRate: null, backorderRate: null, averageLeadTimeHours: null, materialCost: 0 });
  });

  it('reads a month as YYYY-MM only', () => {
    expect(monthBounds('2026-12')).toEqual({ from: new Date('2026-12-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') });
    expect(monthBounds('2026-13')).toBeNull();
    expect(monthBounds('0097-12')).toEqual({ from: new Date('0097-12-01T00:00:00Z'), to: new Date('0098-01-01T00:00:00Z') });
    expect(monthBounds('26-1')).toBeNull();
  });
});
