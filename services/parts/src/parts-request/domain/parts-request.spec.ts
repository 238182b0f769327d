import {
  CATALOG, channelCarries,
  NOTIFICATION_REQUESTED_V1,
  PARTS_REQUEST_DELAYED_V1,
  PARTS_REQUEST_EVENT_TYPES,
  PURCHASE_REQUEST_REQUESTED_V1,
  TOPICS,
  contractsRegistry,
} from '@aftercare/contracts';
import { DomainError } from '@aftercare/ddd';
import { PartsRequest } from './parts-request';
import { PARTS_REQUEST_TRANSITIONS } from './parts-request.state-machine';
import { PARTS_REQUEST_STATUSES } from './parts-request.state';
import type { CataloguePart, RequestPartsCommand } from './registration';

const at = new Date('2026-03-10T08:00:00Z');
const later = (hours: number) => new Date(at.getTime() + hours * 3_600_000);
const catalogue = new Map<string, CataloguePart>([
  ['SEAL-22', { partNo: 'SEAL-22', name: 'Mechanical seal', specification: '22 mm', material: 'SiC/carbon', substitutes: ['SEAL-22B'], standardCost: 180 }],
]);

function command(overrides: Partial<RequestPartsCommand> = {}): RequestPartsCommand {
  return {
    priority: 'P1',
    warehouseId: 'wh-central',
    caseId: 'sr-1',
    workOrderId: 'wo-1',
    lines: [{ partNo: 'SEAL-22', quantity: 2, allowSubstitutes: true }],
    neededBy: later(24),
    customer: { customerId: 'c-1', name: 'Shanghai Pump Works' },
    originalPlanNo: 'PLAN-1',
    shipTo: { address: '88 Riverside Road', consignee: 'Li Na', phone: '+86 21 5555 0101' },
    requiredShipDate: '2026-03-10',
    requiredArrivalDate: '2026-03-11',
    origin: 'http',
    requestedBy: 'clerk-1',
    at,
    ...overrides,
  };
}

const newRequest = (overrides: Partial<RequestPartsCommand> = {}) => PartsRequest.request('pr-1', 'acme', command(overrides), catalogue);

/** A request saved once (facts cleared), so a test sees only what its command records. */
function saved(request: PartsRequest): PartsRequest {
  request.markPersisted(request.version + 1);
  return request;
}

function errorOf(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a domain error');
}

function shippedRequest(): PartsRequest {
  const request = saved(newRequest());
  request.allocate([{ lineNo: 1, reservationId: 'pr-1:1@wh', partNo: 'SEAL-22', quantity: 2 }], at);
  request.pick('wh-1', at);
  request.pack('wh-1', at);
  request.ship({ carrier: 'SF Express', trackingNo: 'SF1', eta: later(20), transportCost: 35, at });
  return saved(request);
}

describe('parts request: registration', () => {
  it('registers the fields of the procedure and records one requested fact', () => {
    const request = newRequest();
    expect(request.status).toBe('requested');
    expect(request.pendingFacts.map((f) => f.kind)).toEqual(['requested']);
    expect(request.lines[0]).toMatchObject({ partNo: 'SEAL-22', name: 'Mechanical seal', substitutes: ['SEAL-22B'], unitCost: 180 });
  });

  it('names every missing field at once (422)', () => {
    const error = errorOf(() => newRequest({ warehouseId: '', neededBy: null, customer: null, shipTo: { address: 'x' }, lines: [{ quantity: 1 }] }));
    expect(error.code).toBe('PARTS_REQUEST_INCOMPLETE');
    expect(error.kind).toBe('rule');
    expect(error.fieldErrors.map((e) => e.field)).toEqual([
      'warehouseId',
      'neededBy',
      'customer.name',
      'shipTo.consignee',
      'shipTo.phone',
      'lines[0].name',
      'lines[0].specification',
      'lines[0].material',
    ]);
  });

  it('asks for name, specification and material only of a part the catalogue does not know', () => {
    const request = newRequest({ lines: [{ name: 'Gasket', specification: 'DN50', material: 'EPDM', quantity: 1 }] });
    expect(request.lines[0]).toMatchObject({ partNo: null, name: 'Gasket', unitCost: 0 });
  });

  it('lets a request from a work order leave customer and phone to the case', () => {
    const request = newRequest({ origin: 'work_order', customer: null, shipTo: { address: 'Site', consignee: 'tech-1' } });
    expect(request.status).toBe('requested');
  });

  it('refuses malformed values (400) and requires lines', () => {
    expect(errorOf(() => newRequest({ priority: 'P9' })).kind).toBe('invalid');
    expect(errorOf(() => newRequest({ requiredShipDate: 'tomorrow' })).fieldErrors[0]!.field).toBe('requiredShipDate');
    expect(errorOf(() => newRequest({ lines: [] })).fieldErrors.map((e) => e.field)).toEqual(['lines']);
    expect(errorOf(() => newRequest({ lines: [{ partNo: 'SEAL-22', quantity: 0 }] })).fieldErrors[0]!.field).toBe('lines[0].quantity');
  });
});

describe('parts request: allocation', () => {
  it('is reserved when every line is covered, substitutes included', () => {
    const request = saved(newRequest());
    request.allocate(
      [
        { lineNo: 1, reservationId: 'a', partNo: 'SEAL-22', quantity: 1 },
        { lineNo: 1, reservationId: 'b', partNo: 'SEAL-22B', quantity: 1 },
      ],
      at,
    );
    expect(request.status).toBe('reserved');
    expect(request.pendingOutbound).toEqual([]);
    expect(request.pendingEvents[0]!.data).toMatchObject({ status: 'reserved', lines: [{ reserved: 2, backordered: 0, reservedParts: [{ partNo: 'SEAL-22', quantity: 1 }, { partNo: 'SEAL-22B', quantity: 1 }] }] });
  });

  it('is partially reserved with one ERP purchase request for the shortfall, and a redelivery changes nothing', () => {
    const request = saved(newRequest());
    const reservation = { lineNo: 1, reservationId: 'a', partNo: 'SEAL-22', quantity: 1 };
    request.allocate([reservation], at);
    expect(request.status).toBe('partially_reserved');
    expect(request.pendingOutbound).toHaveLength(1);
    expect(request.pendingOutbound[0]).toMatchObject({ topic: TOPICS.purchaseRequests.name, type: PURCHASE_REQUEST_REQUESTED_V1, subject: 'pr-1:1', data: { partNo: 'SEAL-22', quantity: 1 } });
    saved(request);
    request.allocate([reservation], at);
    expect(request.pendingFacts).toEqual([]);
    expect(request.pendingOutbound).toEqual([]);
  });

  it('is backordered when nothing is available, and reserved when the goods arrive, with no second purchase request', () => {
    const request = saved(newRequest());
    request.allocate([], at);
    expect(request.status).toBe('backordered');
    expect(request.pendingOutbound).toHaveLength(1);
    saved(request);
    request.allocate([{ lineNo: 1, reservationId: 'GR-1>pr-1:1', partNo: 'SEAL-22', quantity: 2 }], later(1));
    expect(request.status).toBe('reserved');
    expect(request.pendingOutbound).toEqual([]);
  });

  it('asks the ERP for nothing for a part without a catalogue number', () => {
    const request = saved(newRequest({ lines: [{ name: 'Gasket', specification: 'DN50', material: 'EPDM', quantity: 1 }] }));
    request.allocate([], at);
    expect(request.status).toBe('backordered');
    expect(request.pendingOutbound).toEqual([]);
  });
});

describe('parts request: shipment, receipt, closure', () => {
  it('goes reserved → picked → packed_inspected → shipped with a dispatch note', () => {
    const request = shippedRequest();
    expect(request.status).toBe('shipped');
    expect(request.toSnapshot().shipment).toMatchObject({ dispatchNoteNo: 'DN-pr-1', carrier: 'SF Express', packed: [{ partNo: 'SEAL-22', quantity: 2 }] });
  });

  it('is not picked before every unit is reserved', () => {
    const request = saved(newRequest());
    request.allocate([{ lineNo: 1, reservationId: 'a', partNo: 'SEAL-22', quantity: 1 }], at);
    expect(errorOf(() => request.pick('wh-1', at)).code).toBe('PARTS_REQUEST_ILLEGAL_TRANSITION');
  });

  it('records a shortfall and a damaged unit against the carrier and cannot close until it is settled', () => {
    const request = shippedRequest();
    request.deliver('Li Na', [{ partNo: 'SEAL-22', received: 1, damaged: 1 }], later(20));
    expect(request.status).toBe('delivered');
    expect(request.pendingEvents[0]!.data).toMatchObject({ shortfall: 1, damaged: 1, carrier: 'SF Express', carrierClaimOpen: true });
    expect(errorOf(() => request.close('clerk', later(21))).code).toBe('PARTS_REQUEST_CARRIER_CLAIM_OPEN');
    request.settleCarrierClaim(360, 'refunded', 'clerk', later(22));
    request.close('clerk', later(23));
    expect(request.status).toBe('closed');
    expect(request.pendingEvents.at(-1)!.data).toMatchObject({ materialCost: 360, transportCost: 35 });
  });

  it('closes a complete receipt without a claim, and refuses a count that does not match the dispatch note', () => {
    const request = shippedRequest();
    expect(errorOf(() => request.deliver('Li Na', [{ partNo: 'SEAL-22', received: 3, damaged: 0 }], at)).code).toBe('PARTS_REQUEST_RECEIPT_INVALID');
    expect(errorOf(() => request.deliver('Li Na', [], at)).fieldErrors.map((e) => e.field)).toEqual(['lines']);
    expect(errorOf(() => request.deliver('Li Na', [{ partNo: 'X', received: 0, damaged: 0 }, { partNo: 'SEAL-22', received: 2, damaged: 0 }], at)).fieldErrors[0]!.field).toBe('lines[0].partNo');
    expect(request.pendingFacts).toEqual([]);
    request.deliver('Li Na', [{ partNo: 'SEAL-22', received: 2, damaged: 0 }], at);
    expect(errorOf(() => request.settleCarrierClaim(0, null, 'clerk', at)).code).toBe('PARTS_REQUEST_NO_CARRIER_CLAIM');
    request.close('clerk', at);
    expect(request.status).toBe('closed');
  });

  it('cancels and says how many units it released; not once shipped', () => {
    const request = saved(newRequest());
    request.allocate([{ lineNo: 1, reservationId: 'a', partNo: 'SEAL-22', quantity: 2 }], at);
    request.cancel('customer replaced the pump', 'clerk', at);
    expect(request.status).toBe('cancelled');
    expect(request.pendingFacts.at(-1)).toMatchObject({ kind: 'cancelled', released: 2 });
    expect(errorOf(() => shippedRequest().cancel('late', 'clerk', at)).code).toBe('PARTS_REQUEST_ILLEGAL_TRANSITION');
    expect(errorOf(() => saved(newRequest()).cancel(' ', 'clerk', at)).code).toBe('PARTS_REQUEST_INCOMPLETE');
  });

  it('is cancellable while in the warehouse, not once shipped or ended', () => {
    const request = saved(newRequest());
    expect(request.cancellable).toBe(true);
    request.allocate([{ lineNo: 1, reservationId: 'a', partNo: 'SEAL-22', quantity: 2 }], at);
    request.pick('clerk', at);
    request.pack('clerk', at);
    expect(request.cancellable).toBe(true);
    expect(shippedRequest().cancellable).toBe(false);
    request.cancel('work order cancelled', 'dispatch', at);
    expect(request.cancellable).toBe(false);
  });

  it('counts the sound units delivered to the site: received less damaged, nothing before delivery', () => {
    const request = shippedRequest();
    expect(request.deliveredSound).toEqual([]);
    request.deliver('Li Na', [{ partNo: 'SEAL-22', received: 2, damaged: 1 }], at);
    expect(request.deliveredSound).toEqual([{ partNo: 'SEAL-22', quantity: 1 }]);
  });
});

describe('parts request: taken from a van', () => {
  it('is delivered at once, in full and sound, from a backorder, with the van as carrier, and costs the van units', () => {
    const request = saved(newRequest());
    request.allocate([{ lineNo: 1, reservationId: 'a', partNo: 'SEAL-22', quantity: 1 }], at);
    expect(request.status).toBe('partially_reserved');
    expect(request.vanPick).toEqual([{ partNo: 'SEAL-22', quantity: 2 }]);
    saved(request);
    request.takeFromVan('tech-1', 'van-tech-1', later(1));
    expect(request.status).toBe('delivered');
    expect(request.deliveredSound).toEqual([{ partNo: 'SEAL-22', quantity: 2 }]);
    const [event] = request.pendingEvents;
    expect(event!.type).toBe(PARTS_REQUEST_EVENT_TYPES.delivered);
    expect(event!.data).toMatchObject({ workOrderId: 'wo-1', receivedBy: 'tech-1', shortfall: 0, damaged: 0, carrier: 'van-tech-1', carrierClaimOpen: false });
    expect(() => contractsRegistry().assertValid(event!.type, event!.data)).not.toThrow();
    expect(request.toSnapshot().delivery).toMatchObject({ takenFrom: 'van-tech-1' });
    expect(request.costs).toEqual({ materialCost: 360, transportCost: 0 });
    request.close('clerk', later(2));
    expect(request.status).toBe('closed');
  });

  it('is taken from a van only before the warehouse picks, and only with catalogue part numbers', () => {
    const picked = saved(newRequest());
    picked.allocate([{ lineNo: 1, reservationId: 'a', partNo: 'SEAL-22', quantity: 2 }], at);
    expect(() => picked.vanPick).not.toThrow();
    picked.pick('wh-1', at);
    expect(errorOf(() => picked.vanPick).code).toBe('PARTS_REQUEST_ILLEGAL_TRANSITION');
    expect(errorOf(() => shippedRequest().takeFromVan('tech-1', 'van-tech-1', at)).code).toBe('PARTS_REQUEST_ILLEGAL_TRANSITION');
    const textOnly = saved(newRequest({ lines: [{ partNo: 'SEAL-22', quantity: 1 }, { name: 'Gasket', specification: 'DN50', material: 'EPDM', quantity: 1 }] }));
    const refusal = errorOf(() => textOnly.takeFromVan('tech-1', 'van-tech-1', at));
    expect(refusal.code).toBe('PARTS_REQUEST_VAN_PICK_INVALID');
    expect(refusal.fieldErrors.map((e) => e.field)).toEqual(['lines[1].partNo']);
    expect(textOnly.status).toBe('requested');
    expect(textOnly.pendingFacts).toEqual([]);
  });
});

describe('parts request: late parts', () => {
  it('announces a slipped ERP date once, with a customer notification request, and again only for a later date', () => {
    const request = saved(newRequest());
    request.allocate([], at);
    saved(request);
    request.followPurchase('pr-1:1', 'purchasing', later(72), at);
    expect(request.pendingFacts.map((f) => f.kind)).toEqual(['delayed']);
    expect(request.pendingOutbound.map((m) => m.type)).toEqual([NOTIFICATION_REQUESTED_V1]);
    saved(request);
    request.followPurchase('pr-1:1', 'in_production', later(72), at);
    request.followPurchase('pr-1:1', 'in_production', later(48), at);
    expect(request.pendingFacts).toEqual([]);
    request.followPurchase('pr-1:1', 'in_production', later(96), at);
    expect(request.pendingFacts.map((f) => f.kind)).toEqual(['delayed']);
  });

  it('says nothing for a date in time, an unknown purchase request or a shipment due in time', () => {
    const request = saved(newRequest());
    request.allocate([], at);
    saved(request);
    request.followPurchase('pr-1:1', 'planned', later(10), at);
    request.followPurchase('other:1', 'planned', later(100), at);
    expect(request.pendingFacts).toEqual([]);
    expect(shippedRequest().pendingFacts).toEqual([]);
  });

  it('announces a shipment whose ETA passes the needed-by date', () => {
    const request = saved(newRequest());
    request.allocate([{ lineNo: 1, reservationId: 'a', partNo: 'SEAL-22', quantity: 2 }], at);
    request.pick('w', at);
    request.pack('w', at);
    request.ship({ carrier: 'SF', trackingNo: '1', eta: later(30), transportCost: 0, at });
    expect(request.pendingFacts.map((f) => f.kind)).toContain('delayed');
    expect(request.pendingEvents.at(-1)!.data).toMatchObject({ reason: 'shipment_eta' });
  });
});

describe('parts request: a shipment whose ETA slips on the way', () => {
  it('announces a revised ETA past the needed-by date once per slip, with the customer notified each time', () => {
    const request = shippedRequest();
    request.reviseEta(later(30), at);
    request.reviseEta(later(30), at);
    request.reviseEta(later(28), at);
    request.reviseEta(later(40), at);
    const delays = request.pendingEvents.filter((e) => e.type === PARTS_REQUEST_DELAYED_V1);
    expect(delays.map((e) => (e.data as { expectedAt: string; reason: string }).expectedAt)).toEqual([later(30).toISOString(), later(40).toISOString()]);
    expect(delays.every((e) => (e.data as { reason: string }).reason === 'shipment_eta')).toBe(true);
    expect(request.pendingOutbound.filter((m) => m.type === NOTIFICATION_REQUESTED_V1)).toHaveLength(2);
    expect(request.toSnapshot().shipment!.eta).toEqual(later(40));
    expect(request.status).toBe('shipped');
  });

  it('announces nothing for a revised ETA within the needed-by date', () => {
    const request = shippedRequest();
    request.reviseEta(later(22), at);
    expect(request.pendingFacts).toEqual([]);
    expect(request.toSnapshot().shipment!.eta).toEqual(later(22));
  });

  it('takes a revised ETA only while the parts are on their way', () => {
    expect(errorOf(() => saved(newRequest()).reviseEta(later(30), at)).code).toBe('PARTS_REQUEST_ILLEGAL_TRANSITION');
    const delivered = shippedRequest();
    delivered.deliver('Li Na', [{ partNo: 'SEAL-22', received: 2, damaged: 0 }], at);
    expect(errorOf(() => delivered.reviseEta(later(30), at)).code).toBe('PARTS_REQUEST_ILLEGAL_TRANSITION');
  });
});

describe('parts request: state machine', () => {
  it('knows every status and leads every action to one', () => {
    for (const { from, to } of Object.values(PARTS_REQUEST_TRANSITIONS)) {
      expect(PARTS_REQUEST_STATUSES).toContain(to);
      from.forEach((s) => expect(PARTS_REQUEST_STATUSES).toContain(s));
    }
  });

  it('never leaves closed or cancelled', () => {
    for (const { from } of Object.values(PARTS_REQUEST_TRANSITIONS)) {
      expect(from).not.toContain('closed');
      expect(from).not.toContain('cancelled');
    }
  });

  it('survives a snapshot round trip', () => {
    const request = shippedRequest();
    expect(PartsRequest.fromSnapshot(request.toSnapshot()).toSnapshot()).toEqual(request.toSnapshot());
  });
});

describe('parts request events', () => {
  const channel = CATALOG.find((c) => c.topic === TOPICS.partsRequestEvents)!;

  it('publishes only types of its own channel, each valid against its schema', () => {
    const request = newRequest();
    request.allocate([{ lineNo: 1, reservationId: 'a', partNo: 'SEAL-22', quantity: 1 }], at);
    request.followPurchase('pr-1:1', 'purchasing', later(72), at);
    request.cancel('no longer needed', 'clerk', at);
    const complete = shippedRequest();
    complete.deliver('Li Na', [{ partNo: 'SEAL-22', received: 1, damaged: 0 }], later(20));
    complete.settleCarrierClaim(180, null, 'clerk', later(21));
    complete.close('clerk', later(22));
    const late = saved(newRequest());
    late.allocate([{ lineNo: 1, reservationId: 'a', partNo: 'SEAL-22', quantity: 2 }], at);
    late.pick('w', at);
    late.pack('w', at);
    late.ship({ carrier: 'SF', trackingNo: '1', eta: later(30), transportCost: 0, at });
    const events = [...request.pendingEvents, ...shippedRequestEvents(), ...complete.pendingEvents, ...late.pendingEvents];
    const types = new Set(events.map((e) => e.type));
    expect([...types].sort()).toEqual(Object.values(PARTS_REQUEST_EVENT_TYPES).sort());
    for (const event of events) {
      expect(channelCarries(channel, event.type)).toBe(true);
      expect(() => contractsRegistry().assertValid(event.type, event.data)).not.toThrow();
      expect(event.caseId).toBe('sr-1');
    }
    for (const message of request.pendingOutbound) expect(() => contractsRegistry().assertValid(message.type, message.data)).not.toThrow();
  });
});

function shippedRequestEvents() {
  const request = newRequest();
  request.allocate([{ lineNo: 1, reservationId: 'a', partNo: 'SEAL-22', quantity: 2 }], at);
  request.pick('w', at);
  request.pack('w', at);
  request.ship({ carrier: 'SF', trackingNo: '1', eta: null, transportCost: 10, at });
  return request.pendingEvents;
}
