import { contractsRegistry, PARTS_REQUEST_SHIPPED_V1 } from '@aftercare/contracts';
import { REQUESTED_AT as at, partsRequestSnapshot } from '../../reporting/domain/testing/parts-requests';
import type { PartsRequest } from './parts-request';
import { purchaseRequestEvent, toPartsRequestEvent } from './parts-request.event-mapper';
import type { PartsRequestFact } from './parts-request.facts';
import type { PartsRequestState } from './parts-request.state';

const requested = () => partsRequestSnapshot('pr-1', () => undefined);
const packed = () =>
  partsRequestSnapshot('pr-1', (r: PartsRequest) => {
    r.allocate([{ lineNo: 1, reservationId: 'pr-1:1@SEAL-22', partNo: 'SEAL-22', quantity: 2 }], at);
    r.pick('w', at);
    r.pack('w', at);
  });
const shipped = () =>
  partsRequestSnapshot('pr-1', (r: PartsRequest) => {
    r.allocate([{ lineNo: 1, reservationId: 'pr-1:1@SEAL-22', partNo: 'SEAL-22', quantity: 2 }], at);
    r.pick('w', at);
    r.pack('w', at);
    r.ship({ carrier: 'SF', trackingNo: 'SF1', eta: null, transportCost: 30, at });
  });
const withCarrier = (s: PartsRequestState): PartsRequestState => ({ ...s, shipment: s.shipment && { ...s.shipment, carrier: 'SF' } });

describe('toPartsRequestEvent', () => {
  it('publishes a fact with what its transition set on the request', () => {
    const event = toPartsRequestEvent('pr-1', 'acme', { kind: 'shipped', at }, shipped());
    expect(event.type).toBe(PARTS_REQUEST_SHIPPED_V1);
    expect(event.data).toMatchObject({ partsRequestId: 'pr-1', carrier: 'SF', trackingNo: 'SF1', dispatchNoteNo: 'DN-pr-1' });
    contractsRegistry().assertValid(event.type, event.data);
  });

  it.each<[PartsRequestFact['kind'], string, PartsRequestFact, () => PartsRequestState]>([
    ['packed_inspected', 'the shipment', { kind: 'packed_inspected', at, by: 'w' }, requested],
    ['shipped', 'the shipment', { kind: 'shipped', at }, requested],
    ['shipped', 'the carrier', { kind: 'shipped', at }, packed],
    ['shipped', 'the tracking number', { kind: 'shipped', at }, () => withCarrier(packed())],
    ['delivered', 'the delivery', { kind: 'delivered', at }, shipped],
    ['delayed', 'the needed-by date', { kind: 'delayed', at, expectedAt: at, reason: 'shipment_eta' }, () => ({ ...requested(), neededBy: null })],
    ['cancelled', 'the cancellation', { kind: 'cancelled', at, released: 0 }, requested],
  ])('refuses a %s fact on a request without %s, naming it, instead of publishing it half-empty', (_kind, what, fact, state) => {
    expect(() => toPartsRequestEvent('pr-1', 'acme', fact, state())).toThrow(`parts request pr-1: ${what} is not set after the fact that sets it`);
  });
});

describe('purchaseRequestEvent', () => {
  it('refuses a line without the purchase request its allocation raised, naming the line, instead of sending it to the ERP half-empty', () => {
    const state = requested();
    expect(() => purchaseRequestEvent('pr-1', 'acme', state, state.lines[0], at)).toThrow("parts request pr-1: line 1's purchase request is not set after the fact that sets it");
  });
});
