import { PartsRequest } from '../../../parts-request/domain';
import type { PartsRequestSnapshot } from '../../../parts-request/domain/parts-request.state';

export const REQUESTED_AT = new Date('2026-03-10T08:00:00Z');

/** A request for `quantity` SEAL-22 at `standardCost` each, made at REQUESTED_AT, then taken through `build`. */
export function partsRequestSnapshot(id: string, build: (r: PartsRequest) => void, { quantity = 2, standardCost = 100 } = {}): PartsRequestSnapshot {
  const catalogue = new Map([['SEAL-22', { partNo: 'SEAL-22', name: 'Seal', specification: null, material: null, substitutes: [], standardCost }]]);
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
      at: REQUESTED_AT,
    },
    catalogue,
  );
  build(r);
  return r.toSnapshot();
}
