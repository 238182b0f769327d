import { REQUESTED_AT as at, partsRequestSnapshot } from '../../reporting/domain/testing/parts-requests';
import { shipParts } from './fulfilment';

describe('shipParts', () => {
  it('refuses to ship a packed request without the dispatch note its packing made, naming it, and leaves the request as it was', () => {
    const state = {
      ...partsRequestSnapshot('pr-1', (r) => {
        r.allocate([{ lineNo: 1, reservationId: 'pr-1:1@SEAL-22', partNo: 'SEAL-22', quantity: 2 }], at);
        r.pick('w', at);
        r.pack('w', at);
      }),
      shipment: null,
    };
    expect(() => shipParts('pr-1', state, { carrier: 'SF', trackingNo: 'SF1', eta: null, transportCost: 30, at })).toThrow(
      'parts request pr-1: the shipment is not set after the fact that sets it',
    );
    expect(state).toMatchObject({ status: 'packed_inspected', shipment: null });
  });
});
