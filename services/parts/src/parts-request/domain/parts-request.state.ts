import type { Priority } from '../../stock/domain';

export const PARTS_REQUEST_STATUSES = [
  'requested',
  'reserved',
  'partially_reserved',
  'backordered',
  'picked',
  'packed_inspected',
  'shipped',
  'delivered',
  'closed',
  'cancelled',
] as const;
export type PartsRequestStatus = (typeof PARTS_REQUEST_STATUSES)[number];

export type PartsRequestOrigin = 'http' | 'work_order';

/** Units of one part number reserved for a line (a substitute under its own number). */
export interface ReservedPart {
  /** The stock movement that holds them: a retried or redelivered allocation is recognised by it. */
  reservationId: string;
  partNo: string;
  quantity: number;
}

export interface PartCount {
  partNo: string;
  quantity: number;
}

/** A purchase or production request raised in the ERP for one line's shortfall. */
export interface PurchaseRequestState {
  purchaseRequestId: string;
  partNo: string;
  quantity: number;
  status: 'requested' | 'planned' | 'in_production' | 'purchasing' | 'received';
  plannedDate: Date | null;
}

export interface PartsRequestLine {
  lineNo: number;
  partNo: string | null;
  name: string;
  specification: string | null;
  material: string | null;
  quantity: number;
  allowSubstitutes: boolean;
  /** Substitutes of the catalogue part, best first (copied when the request is made). */
  substitutes: string[];
  /** Standard cost per unit from the catalogue; 0 when unknown. */
  unitCost: number;
  reserved: ReservedPart[];
  purchaseRequest: PurchaseRequestState | null;
}

/** The dispatch note (调拨单) made when packing, completed with the carrier when shipped. */
export interface ShipmentState {
  dispatchNoteNo: string;
  packed: PartCount[];
  inspectedBy: string;
  packedAt: Date;
  carrier: string | null;
  trackingNo: string | null;
  eta: Date | null;
  transportCost: number;
  shippedAt: Date | null;
}

export interface DeliveryLine {
  partNo: string;
  shipped: number;
  received: number;
  damaged: number;
}

export interface DeliveryState {
  receivedBy: string;
  lines: DeliveryLine[];
  shortfall: number;
  damaged: number;
  /** Shortfall or damage recorded against the carrier and not settled yet: the request cannot close. */
  carrierClaimOpen: boolean;
  deliveredAt: Date;
  /** The van the parts were taken from instead of a shipment (`van-<technician>`); null or absent: shipped. */
  takenFrom?: string | null;
}

export interface PartsRequestState {
  status: PartsRequestStatus;
  priority: Priority;
  warehouseId: string;
  caseId: string | null;
  workOrderId: string | null;
  /** The awaiting-parts round of the work order this request answers (its requestedAt), or null. */
  awaitingRound: string | null;
  lines: PartsRequestLine[];
  neededBy: Date | null;
  customer: { customerId: string | null; name: string | null };
  originalPlanNo: string | null;
  shipTo: { address: string; consignee: string; phone: string | null };
  requiredShipDate: string | null;
  requiredArrivalDate: string | null;
  origin: PartsRequestOrigin;
  requestedBy: string;
  requestedAt: Date;
  shipment: ShipmentState | null;
  delivery: DeliveryState | null;
  /** The latest expected date announced as a delay: a later one is a new slip, the same one is not. */
  announcedDelayUntil: Date | null;
  cancellation: { reason: string; by: string; at: Date } | null;
  closedAt: Date | null;
}

export interface PartsRequestSnapshot extends PartsRequestState {
  id: string;
  tenantId: string;
  version: number;
  handledMessageIds: readonly string[];
}

export const demandIdOf = (partsRequestId: string, lineNo: number): string => `${partsRequestId}:${lineNo}`;

export const reservedOf = (line: PartsRequestLine): number => line.reserved.reduce((sum, r) => sum + r.quantity, 0);
export const shortfallOf = (line: PartsRequestLine): number => line.quantity - reservedOf(line);
