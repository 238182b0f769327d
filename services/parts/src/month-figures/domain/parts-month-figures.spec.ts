import { contractsRegistry, PARTS_MONTH_FIGURES_PUBLISHED_V1 } from '@aftercare/contracts';
import { REQUESTED_AT as at, partsRequestSnapshot } from '../../reporting/domain/testing/parts-requests';
import { partsMonthFigures, toMinorUnits } from './parts-month-figures';

const request = (id: string, quantity: number, build: Parameters<typeof partsRequestSnapshot>[1]) => partsRequestSnapshot(id, build, { quantity, standardCost: 128.45 });

describe("parts' month figures for the report", () => {
  it('are the material and transport cost of the live requests, in minor units', () => {
    const shipped = request('a', 2, (r) => {
      r.allocate([{ lineNo: 1, reservationId: 'a:1@SEAL-22', partNo: 'SEAL-22', quantity: 2 }], at);
      r.pick('w', at);
      r.pack('w', at);
      r.ship({ carrier: 'SF', trackingNo: '1', eta: null, transportCost: 30.5, at });
    });
    const reserved = request('b', 3, (r) => r.allocate([{ lineNo: 1, reservationId: 'b:1@SEAL-22', partNo: 'SEAL-22', quantity: 3 }], at));
    const cancelled = request('c', 5, (r) => {
      r.allocate([{ lineNo: 1, reservationId: 'c:1@SEAL-22', partNo: 'SEAL-22', quantity: 5 }], at);
      r.cancel('not needed', 'clerk', at);
    });
    // 5 units × 128.45 = 642.25; 30.50 by carrier; the cancelled request costs nothing
    const figures = partsMonthFigures('2026-03', [shipped, reserved, cancelled]);
    expect(figures).toEqual({ materialCost: 64_225, transportCost: 3_050 });
    expect(() => contractsRegistry().assertValid(PARTS_MONTH_FIGURES_PUBLISHED_V1, { tenantId: 'acme', month: '2026-03', publishedAt: at.toISOString(), figures })).not.toThrow();
  });

  it('are zero, not missing, for a month without requests', () => {
    expect(partsMonthFigures('2026-04', [])).toEqual({ materialCost: 0, transportCost: 0 });
  });

  it('round to the minor unit half up', () => {
    expect([toMinorUnits(0.005), toMinorUnits(12.344), toMinorUnits(1_000_000.1)]).toEqual([1, 1_234, 100_000_010]);
  });
});
