import { contractsRegistry, PARTS_MONTH_FIGURES_PUBLISHED_V1 } from '@aftercare/contracts';
import { PartsRequest } from '../../parts-request/domain';
import type { PartsRequestSnapshot } from '../../parts-request/domain/parts-request.state';
import { partsMonthFigures, toMinorUnits } from './parts-month-figures';

const at = new Date('2026-03-10T08:00:00Z');
const catalogue = new Map([['SEAL-22', { partNo: 'SEAL-22', name: 'Seal', specification: null, material: null, substitutes: [], standardCost: 128.45 }]]);

function request(id: string, quantity: number, build: (r: PartsRequest) => void): PartsRequestSnapshot {
  const r = PartsRequest.request(
    id,
    'acme',
    {
      warehouseId: 'central',
      lines: [{ partNo: 'SEAL-22', quantity }],
      neededBy: new Date('2026-03-12T00:00:00Z'),
      customer: { name: 'C' },
      shipTo: { address: 'A', consignee: 'B', phone: '1' },
      origin: 'http',
      requestedBy: 'clerk',
      at,
    },
    catalogue,
  );
  build(r);
  return r.toSnapshot();
}

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
