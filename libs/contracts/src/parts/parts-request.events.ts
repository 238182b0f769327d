/**
 * Public events of parts's `PartsRequest` for consumers (dispatch, intake's timeline, reporting).
 * Topic `parts.public.parts-request.events.v1`, key = parts request id (also `ce_subject`);
 * `ce_caseid` = the service case when the request has one.
 * One JSON Schema per type in `libs/contracts/schemas/<type>.json`, an example in
 * `libs/contracts/examples/<type>.json`; parts's event mapper builds every payload with these types.
 *
 * Conventions: timestamps are ISO 8601 UTC strings, calendar dates `YYYY-MM-DD`, absent values
 * `null`; every event carries `partsRequestId`, `tenantId`, `caseId` and `workOrderId`.
 */

export const PARTS_REQUEST_REQUESTED_V1 = 'aftercare.parts.parts-request.requested.v1';
export const PARTS_REQUEST_ALLOCATED_V1 = 'aftercare.parts.parts-request.allocated.v1';
export const PARTS_REQUEST_PICKED_V1 = 'aftercare.parts.parts-request.picked.v1';
export const PARTS_REQUEST_PACKED_INSPECTED_V1 = 'aftercare.parts.parts-request.packed-inspected.v1';
export const PARTS_REQUEST_SHIPPED_V1 = 'aftercare.parts.parts-request.shipped.v1';
export const PARTS_REQUEST_DELIVERED_V1 = 'aftercare.parts.parts-request.delivered.v1';
export const PARTS_REQUEST_CARRIER_CLAIM_SETTLED_V1 = 'aftercare.parts.parts-request.carrier-claim-settled.v1';
export const PARTS_REQUEST_DELAYED_V1 = 'aftercare.parts.parts-request.delayed.v1';
export const PARTS_REQUEST_CANCELLED_V1 = 'aftercare.parts.parts-request.cancelled.v1';
export const PARTS_REQUEST_CLOSED_V1 = 'aftercare.parts.parts-request.closed.v1';

/** Every event type the parts request produces, by short name. */
export const PARTS_REQUEST_EVENT_TYPES = {
  requested: PARTS_REQUEST_REQUESTED_V1,
  allocated: PARTS_REQUEST_ALLOCATED_V1,
  picked: PARTS_REQUEST_PICKED_V1,
  packedInspected: PARTS_REQUEST_PACKED_INSPECTED_V1,
  shipped: PARTS_REQUEST_SHIPPED_V1,
  delivered: PARTS_REQUEST_DELIVERED_V1,
  carrierClaimSettled: PARTS_REQUEST_CARRIER_CLAIM_SETTLED_V1,
  delayed: PARTS_REQUEST_DELAYED_V1,
  cancelled: PARTS_REQUEST_CANCELLED_V1,
  closed: PARTS_REQUEST_CLOSED_V1,
} as const;

export type PartsRequestPriority = 'P1' | 'P2' | 'P3' | 'P4';
export type PartsRequestAllocationStatus = 'reserved' | 'partially_reserved' | 'backordered';

export interface PartsRequestEventBaseV1 {
  partsRequestId: string;
  tenantId: string;
  caseId: string | null;
  workOrderId: string | null;
}

/** A requested part: a catalogue number, or name + specification + material when it has none. */
export interface PartsRequestLineV1 {
  lineNo: number;
  partNo: string | null;
  name: string;
  specification: string | null;
  material: string | null;
  quantity: number;
  allowSubstitutes: boolean;
}

export interface PartsRequestRequestedV1 extends PartsRequestEventBaseV1 {
  priority: PartsRequestPriority;
  warehouseId: string;
  lines: PartsRequestLineV1[];
  neededBy: string | null;
  /** Over HTTP the customer is named; from a work order the case stands for the customer (null name). */
  customer: { customerId: string | null; name: string | null };
  originalPlanNo: string | null;
  /** From a work order the consignee is the technician, whose phone dispatch knows (null). */
  shipTo: { address: string; consignee: string; phone: string | null };
  requiredShipDate: string | null;
  requiredArrivalDate: string | null;
  origin: 'http' | 'work_order';
  requestedBy: string;
  requestedAt: string;
}

export interface PartsRequestAllocationLineV1 {
  lineNo: number;
  partNo: string | null;
  quantity: number;
  reserved: number;
  backordered: number;
  reservedParts: Array<{ partNo: string; quantity: number }>;
}

export interface PartsRequestAllocatedV1 extends PartsRequestEventBaseV1 {
  status: PartsRequestAllocationStatus;
  lines: PartsRequestAllocationLineV1[];
  allocatedAt: string;
}

export interface PartsRequestPickedV1 extends PartsRequestEventBaseV1 {
  pickedBy: string;
  pickedAt: string;
}

export interface PartsRequestPackedInspectedV1 extends PartsRequestEventBaseV1 {
  dispatchNoteNo: string;
  packed: Array<{ partNo: string; quantity: number }>;
  inspectedBy: string;
  packedAt: string;
}

export interface PartsRequestShippedV1 extends PartsRequestEventBaseV1 {
  carrier: string;
  trackingNo: string;
  dispatchNoteNo: string;
  eta: string | null;
  transportCost: number;
  shippedAt: string;
}

export interface PartsRequestDeliveredV1 extends PartsRequestEventBaseV1 {
  receivedBy: string;
  received: Array<{ partNo: string; shipped: number; received: number; damaged: number }>;
  shortfall: number;
  damaged: number;
  carrier: string;
  carrierClaimOpen: boolean;
  deliveredAt: string;
}

export interface PartsRequestCarrierClaimSettledV1 extends PartsRequestEventBaseV1 {
  carrier: string;
  amount: number;
  note: string | null;
  settledBy: string;
  settledAt: string;
}

export interface PartsRequestDelayedV1 extends PartsRequestEventBaseV1 {
  neededBy: string;
  expectedAt: string;
  reason: 'erp_planned_date' | 'shipment_eta';
  delayedAt: string;
}

export interface PartsRequestCancelledV1 extends PartsRequestEventBaseV1 {
  reason: string;
  released: number;
  cancelledBy: string;
  cancelledAt: string;
}

export interface PartsRequestClosedV1 extends PartsRequestEventBaseV1 {
  materialCost: number;
  transportCost: number;
  closedBy: string;
  closedAt: string;
}

// ---------------------------------------------------------------------------------------------
// Outbound to the ERP: topic `aftercare.public.purchase-requests.v1`, key = purchaseRequestId
// ---------------------------------------------------------------------------------------------

export const PURCHASE_REQUEST_REQUESTED_V1 = 'aftercare.parts.purchase-request.requested.v1';

/** One backordered request line the ERP is asked to buy or produce; its id is `<partsRequestId>:<lineNo>`. */
export interface PurchaseRequestRequestedV1 {
  purchaseRequestId: string;
  tenantId: string;
  partsRequestId: string;
  caseId: string | null;
  lineNo: number;
  partNo: string;
  quantity: number;
  warehouseId: string;
  neededBy: string | null;
  requestedAt: string;
}

// ---------------------------------------------------------------------------------------------
// Outbound for claims: topic `aftercare.public.supplier-feedback.v1`, key = feedbackId
// ---------------------------------------------------------------------------------------------

export const SUPPLIER_FEEDBACK_RAISED_V1 = 'aftercare.parts.supplier-feedback.raised.v1';

/** A returned defective part claimed against its supplier (source 002 §6). */
export interface SupplierFeedbackRaisedV1 {
  feedbackId: string;
  tenantId: string;
  partReturnId: string;
  partNo: string;
  serialNo: string | null;
  quantity: number;
  supplierId: string;
  finding: string;
  caseId: string | null;
  workOrderId: string | null;
  raisedBy: string;
  raisedAt: string;
}
