import { DomainError, invalidFields, setBy, type FieldError } from '@aftercare/ddd';
import { reservedParts } from './allocation-rules';
import { PARTS_REQUEST_ERRORS } from './parts-request.errors';
import type { PartsRequestFact } from './parts-request.facts';
import { PARTS_REQUEST_AGGREGATE, partsRequestStateMachine } from './parts-request.state-machine';
import { reservedOf, type DeliveryLine, type PartCount, type PartsRequestState } from './parts-request.state';
import { checkDelay } from './delay';

/** The warehouse takes the reserved parts off the shelf. */
export function pickParts(state: PartsRequestState, by: string, at: Date): PartsRequestFact[] {
  state.status = partsRequestStateMachine.next(state.status, 'pick');
  return [{ kind: 'picked', at, by }];
}

/** Packed and inspected; the dispatch note (调拨单) lists what was packed (source 001 §6 step 4). */
export function packParts(id: string, state: PartsRequestState, by: string, at: Date): PartsRequestFact[] {
  state.status = partsRequestStateMachine.next(state.status, 'pack');
  state.shipment = {
    dispatchNoteNo: `DN-${id}`,
    packed: reservedParts(state),
    inspectedBy: by,
    packedAt: at,
    carrier: null,
    trackingNo: null,
    eta: null,
    transportCost: 0,
    shippedAt: null,
  };
  return [{ kind: 'packed_inspected', at, by }];
}

export interface ShipCommand {
  carrier: string;
  trackingNo: string;
  eta: Date | null;
  transportCost: number;
  at: Date;
}

/** Handed to the carrier. An ETA after the needed-by date is a delay (once per slip). */
export function shipParts(id: string, state: PartsRequestState, command: ShipCommand): PartsRequestFact[] {
  const problems: FieldError[] = [];
  if (!command.carrier.trim()) problems.push({ field: 'carrier', message: 'is required' });
  if (!command.trackingNo.trim()) problems.push({ field: 'trackingNo', message: 'is required' });
  if (!(command.transportCost >= 0)) problems.push({ field: 'transportCost', message: 'must not be negative' });
  if (problems.length) throw invalidFields(PARTS_REQUEST_ERRORS.INCOMPLETE, 'shipment incomplete', problems);
  const next = partsRequestStateMachine.next(state.status, 'ship');
  // Only a packed request ships, and packing made the dispatch note.
  const packed = setBy(state.shipment, 'the shipment', `${PARTS_REQUEST_AGGREGATE} ${id}`);
  state.status = next;
  state.shipment = { ...packed, carrier: command.carrier, trackingNo: command.trackingNo, eta: command.eta, transportCost: command.transportCost, shippedAt: command.at };
  const facts: PartsRequestFact[] = [{ kind: 'shipped', at: command.at }];
  if (command.eta) facts.push(...checkDelay(state, command.eta, 'shipment_eta', command.at));
  return facts;
}

/**
 * The carrier's new ETA for parts on their way (a shipment slips after the handover too): one
 * past the needed-by date and later than the last date announced is a delay, once per slip.
 */
export function reviseEta(state: PartsRequestState, eta: Date, at: Date): PartsRequestFact[] {
  state.status = partsRequestStateMachine.next(state.status, 'reviseEta');
  // A shipped request always has its shipment (packed, then handed over).
  if (state.shipment) state.shipment = { ...state.shipment, eta };
  return checkDelay(state, eta, 'shipment_eta', at);
}

export interface ReceivedCount {
  partNo: string;
  received: number;
  damaged: number;
}

/**
 * The receiver confirms what actually arrived, part by part (source 001 §6 step 6). What is
 * missing or damaged is recorded against the carrier (source 001 §1.5); the request cannot close
 * until that is settled.
 */
export function deliverParts(state: PartsRequestState, receivedBy: string, counts: readonly ReceivedCount[], at: Date): PartsRequestFact[] {
  if (state.status !== 'shipped') partsRequestStateMachine.next(state.status, 'deliver');
  const packed = state.shipment?.packed ?? [];
  const problems: FieldError[] = [];
  if (!receivedBy.trim()) problems.push({ field: 'receivedBy', message: 'is required' });
  counts.forEach((count, index) => {
    const shipped = packed.find((p) => p.partNo === count.partNo);
    if (!shipped) problems.push({ field: `lines[${index}].partNo`, message: `${count.partNo} was not shipped` });
    else if (count.received > shipped.quantity) problems.push({ field: `lines[${index}].received`, message: `more than the ${shipped.quantity} shipped` });
    if (count.damaged > count.received) problems.push({ field: `lines[${index}].damaged`, message: 'more than received' });
  });
  const lines: DeliveryLine[] = [];
  packed.forEach((p) => {
    const count = counts.find((c) => c.partNo === p.partNo);
    if (!count) problems.push({ field: 'lines', message: `${p.partNo} must be counted` });
    else lines.push({ partNo: p.partNo, shipped: p.quantity, received: count.received, damaged: count.damaged });
  });
  if (problems.length) throw invalidFields(PARTS_REQUEST_ERRORS.RECEIPT_INVALID, 'receipt does not match the dispatch note', problems);
  const shortfall = lines.reduce((sum, l) => sum + l.shipped - l.received, 0);
  const damaged = lines.reduce((sum, l) => sum + l.damaged, 0);
  state.status = partsRequestStateMachine.next(state.status, 'deliver');
  state.delivery = { receivedBy, lines, shortfall, damaged, carrierClaimOpen: shortfall + damaged > 0, deliveredAt: at };
  return [{ kind: 'delivered', at }];
}

/** What a van pick takes from the van: each line's own part, its whole quantity (the van's books know catalogue parts only). */
export function vanPickParts(state: PartsRequestState): PartCount[] {
  partsRequestStateMachine.next(state.status, 'takeFromVan');
  const problems: FieldError[] = state.lines.flatMap((l, index) =>
    l.partNo ? [] : [{ field: `lines[${index}].partNo`, message: 'not a catalogue part: it cannot be taken from a van' }],
  );
  if (problems.length) throw invalidFields(PARTS_REQUEST_ERRORS.VAN_PICK_INVALID, 'the request cannot be taken from a van', problems);
  return state.lines.flatMap((l) => (l.partNo ? [{ partNo: l.partNo, quantity: l.quantity }] : []));
}

/**
 * The technician takes the parts from their own van (before the warehouse picked): the request
 * is delivered at once, in full and sound, with the van as where it came from. The units now held
 * for each line are the van's (for the request's material cost); the use case has given the
 * warehouse's reservations back and taken the units off the van's books.
 */
export function takeFromVan(state: PartsRequestState, technicianId: string, van: string, at: Date): PartsRequestFact[] {
  const parts = vanPickParts(state);
  state.status = partsRequestStateMachine.next(state.status, 'takeFromVan');
  state.lines = state.lines.map((l) => (l.partNo ? { ...l, reserved: [{ reservationId: `${van}:${l.lineNo}`, partNo: l.partNo, quantity: l.quantity }] } : l));
  const lines: DeliveryLine[] = parts.map((p) => ({ partNo: p.partNo, shipped: p.quantity, received: p.quantity, damaged: 0 }));
  state.delivery = { receivedBy: technicianId, lines, shortfall: 0, damaged: 0, carrierClaimOpen: false, deliveredAt: at, takenFrom: van };
  return [{ kind: 'delivered', at }];
}

export function settleCarrierClaim(state: PartsRequestState, amount: number, note: string | null, by: string, at: Date): PartsRequestFact[] {
  if (!state.delivery?.carrierClaimOpen) throw new DomainError(PARTS_REQUEST_ERRORS.NO_CARRIER_CLAIM, 'nothing is recorded against the carrier', 'conflict');
  if (!(amount >= 0)) throw invalidFields(PARTS_REQUEST_ERRORS.INVALID, 'settlement invalid', [{ field: 'amount', message: 'must not be negative' }], 'invalid');
  state.delivery.carrierClaimOpen = false;
  return [{ kind: 'carrier_claim_settled', at, amount, note, by }];
}

export function closeRequest(state: PartsRequestState, by: string, at: Date): PartsRequestFact[] {
  if (state.delivery?.carrierClaimOpen) {
    throw new DomainError(PARTS_REQUEST_ERRORS.CARRIER_CLAIM_OPEN, 'a shortfall or damage is recorded against the carrier and not settled', 'conflict');
  }
  state.status = partsRequestStateMachine.next(state.status, 'close');
  state.closedAt = at;
  return [{ kind: 'closed', at, by }];
}

/** Cancelled: every reserved unit goes back to available stock (the use case releases them). */
export function cancelRequest(state: PartsRequestState, reason: string, by: string, at: Date): PartsRequestFact[] {
  if (!reason.trim()) throw invalidFields(PARTS_REQUEST_ERRORS.INCOMPLETE, 'cancellation incomplete', [{ field: 'reason', message: 'is required' }]);
  state.status = partsRequestStateMachine.next(state.status, 'cancel');
  state.cancellation = { reason, by, at };
  const released = state.lines.reduce((sum, l) => sum + reservedOf(l), 0);
  return [{ kind: 'cancelled', at, released }];
}

/** Material (reserved units × standard cost) and transport cost of the request (source 001 §7). */
export function costsOf(state: PartsRequestState): { materialCost: number; transportCost: number } {
  const materialCost = state.lines.reduce((sum, l) => sum + reservedOf(l) * l.unitCost, 0);
  return { materialCost: Math.round(materialCost * 100) / 100, transportCost: state.shipment?.transportCost ?? 0 };
}
