import {
  PARTS_REQUEST_ALLOCATED_V1,
  PARTS_REQUEST_CANCELLED_V1,
  PARTS_REQUEST_CARRIER_CLAIM_SETTLED_V1,
  PARTS_REQUEST_CLOSED_V1,
  PARTS_REQUEST_DELAYED_V1,
  PARTS_REQUEST_DELIVERED_V1,
  PARTS_REQUEST_PACKED_INSPECTED_V1,
  PARTS_REQUEST_PICKED_V1,
  PARTS_REQUEST_REQUESTED_V1,
  PARTS_REQUEST_SHIPPED_V1,
  PURCHASE_REQUEST_REQUESTED_V1,
  type PartsRequestAllocatedV1,
  type PartsRequestAllocationStatus,
  type PartsRequestCancelledV1,
  type PartsRequestCarrierClaimSettledV1,
  type PartsRequestClosedV1,
  type PartsRequestDelayedV1,
  type PartsRequestDeliveredV1,
  type PartsRequestEventBaseV1,
  type PartsRequestPackedInspectedV1,
  type PartsRequestPickedV1,
  type PartsRequestRequestedV1,
  type PartsRequestShippedV1,
  type PurchaseRequestRequestedV1,
} from '@aftercare/contracts';
import { setBy, type DomainEvent } from '@aftercare/ddd';
import { costsOf } from './fulfilment';
import type { PartsRequestFact } from './parts-request.facts';
import { reservedOf, shortfallOf, type PartsRequestLine, type PartsRequestState } from './parts-request.state';
import { PARTS_REQUEST_AGGREGATE } from './parts-request.state-machine';

const iso = (d: Date): string => d.toISOString();
const recordOf = (id: string): string => `${PARTS_REQUEST_AGGREGATE} ${id}`;

/** The one place where a parts request's facts become wire payloads. */
export function toPartsRequestEvent(id: string, tenantId: string, fact: PartsRequestFact, state: PartsRequestState): DomainEvent {
  const base: PartsRequestEventBaseV1 = { partsRequestId: id, tenantId, caseId: state.caseId, workOrderId: state.workOrderId };
  const event = <T>(type: string, data: T): DomainEvent<T> => ({ type, data, occurredAt: fact.at, ...(state.caseId ? { caseId: state.caseId } : {}) });
  const record = recordOf(id);
  switch (fact.kind) {
    case 'requested':
      return event<PartsRequestRequestedV1>(PARTS_REQUEST_REQUESTED_V1, {
        ...base,
        priority: state.priority,
        warehouseId: state.warehouseId,
        lines: state.lines.map((l) => ({
          lineNo: l.lineNo,
          partNo: l.partNo,
          name: l.name,
          specification: l.specification,
          material: l.material,
          quantity: l.quantity,
          allowSubstitutes: l.allowSubstitutes,
        })),
        neededBy: state.neededBy ? iso(state.neededBy) : null,
        customer: { customerId: state.customer.customerId, name: state.customer.name },
        originalPlanNo: state.originalPlanNo,
        shipTo: { address: state.shipTo.address, consignee: state.shipTo.consignee, phone: state.shipTo.phone },
        requiredShipDate: state.requiredShipDate,
        requiredArrivalDate: state.requiredArrivalDate,
        origin: state.origin,
        requestedBy: state.requestedBy,
        requestedAt: iso(state.requestedAt),
      });
    case 'allocated':
      return event<PartsRequestAllocatedV1>(PARTS_REQUEST_ALLOCATED_V1, {
        ...base,
        status: state.status as PartsRequestAllocationStatus,
        lines: state.lines.map(allocationLine),
        allocatedAt: iso(fact.at),
      });
    case 'picked':
      return event<PartsRequestPickedV1>(PARTS_REQUEST_PICKED_V1, { ...base, pickedBy: fact.by, pickedAt: iso(fact.at) });
    case 'packed_inspected': {
      const shipment = setBy(state.shipment, 'the shipment', record);
      return event<PartsRequestPackedInspectedV1>(PARTS_REQUEST_PACKED_INSPECTED_V1, {
        ...base,
        dispatchNoteNo: shipment.dispatchNoteNo,
        packed: shipment.packed.map((p) => ({ partNo: p.partNo, quantity: p.quantity })),
        inspectedBy: fact.by,
        packedAt: iso(fact.at),
      });
    }
    case 'shipped': {
      const shipment = setBy(state.shipment, 'the shipment', record);
      return event<PartsRequestShippedV1>(PARTS_REQUEST_SHIPPED_V1, {
        ...base,
        carrier: setBy(shipment.carrier, 'the carrier', record),
        trackingNo: setBy(shipment.trackingNo, 'the tracking number', record),
        dispatchNoteNo: shipment.dispatchNoteNo,
        eta: shipment.eta ? iso(shipment.eta) : null,
        transportCost: shipment.transportCost,
        shippedAt: iso(fact.at),
      });
    }
    case 'delivered': {
      const delivery = setBy(state.delivery, 'the delivery', record);
      return event<PartsRequestDeliveredV1>(PARTS_REQUEST_DELIVERED_V1, {
        ...base,
        receivedBy: delivery.receivedBy,
        received: delivery.lines.map((l) => ({ partNo: l.partNo, shipped: l.shipped, received: l.received, damaged: l.damaged })),
        shortfall: delivery.shortfall,
        damaged: delivery.damaged,
        // Taken from a van: the van carried it.
        carrier: state.shipment?.carrier ?? delivery.takenFrom ?? '',
        carrierClaimOpen: delivery.carrierClaimOpen,
        deliveredAt: iso(fact.at),
      });
    }
    case 'carrier_claim_settled':
      return event<PartsRequestCarrierClaimSettledV1>(PARTS_REQUEST_CARRIER_CLAIM_SETTLED_V1, {
        ...base,
        carrier: state.shipment?.carrier ?? '',
        amount: fact.amount,
        note: fact.note,
        settledBy: fact.by,
        settledAt: iso(fact.at),
      });
    case 'delayed':
      return event<PartsRequestDelayedV1>(PARTS_REQUEST_DELAYED_V1, {
        ...base,
        // Only a request with a needed-by date is ever late (checkDelay).
        neededBy: iso(setBy(state.neededBy, 'the needed-by date', record)),
        expectedAt: iso(fact.expectedAt),
        reason: fact.reason,
        delayedAt: iso(fact.at),
      });
    case 'cancelled': {
      const cancellation = setBy(state.cancellation, 'the cancellation', record);
      return event<PartsRequestCancelledV1>(PARTS_REQUEST_CANCELLED_V1, {
        ...base,
        reason: cancellation.reason,
        released: fact.released,
        cancelledBy: cancellation.by,
        cancelledAt: iso(fact.at),
      });
    }
    case 'closed':
      return event<PartsRequestClosedV1>(PARTS_REQUEST_CLOSED_V1, { ...base, ...costsOf(state), closedBy: fact.by, closedAt: iso(fact.at) });
  }
}

function allocationLine(line: PartsRequestLine): PartsRequestAllocatedV1['lines'][number] {
  const byPart = new Map<string, number>();
  for (const r of line.reserved) byPart.set(r.partNo, (byPart.get(r.partNo) ?? 0) + r.quantity);
  return {
    lineNo: line.lineNo,
    partNo: line.partNo,
    quantity: line.quantity,
    reserved: reservedOf(line),
    backordered: Math.max(0, shortfallOf(line)),
    reservedParts: [...byPart].map(([partNo, quantity]) => ({ partNo, quantity })),
  };
}

/**
 * The ERP's purchase request for a line's shortfall. It is not an event of the request's own
 * stream: the repository sends it to `aftercare.public.purchase-requests.v1` in the same write.
 */
export function purchaseRequestEvent(id: string, tenantId: string, state: PartsRequestState, line: PartsRequestLine, at: Date): DomainEvent<PurchaseRequestRequestedV1> {
  const purchase = setBy(line.purchaseRequest, `line ${line.lineNo}'s purchase request`, recordOf(id));
  return {
    type: PURCHASE_REQUEST_REQUESTED_V1,
    occurredAt: at,
    ...(state.caseId ? { caseId: state.caseId } : {}),
    data: {
      purchaseRequestId: purchase.purchaseRequestId,
      tenantId,
      partsRequestId: id,
      caseId: state.caseId,
      lineNo: line.lineNo,
      partNo: purchase.partNo,
      quantity: purchase.quantity,
      warehouseId: state.warehouseId,
      neededBy: state.neededBy ? iso(state.neededBy) : null,
      requestedAt: iso(at),
    },
  };
}
