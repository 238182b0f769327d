import { ApiProperty } from '@nestjs/swagger';
import { PARTS_REQUEST_STATUSES, reservedOf, shortfallOf, type PartsRequest, type PartsRequestSnapshot } from '../domain';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export class PartCountView {
  @ApiProperty({ example: 'SEAL-22' }) partNo!: string;
  @ApiProperty({ type: 'integer', example: 1 }) quantity!: number;
}

export class PurchaseRequestView {
  @ApiProperty({ example: 'pr-2f7c9e41:1' }) purchaseRequestId!: string;
  @ApiProperty({ enum: ['requested', 'planned', 'in_production', 'purchasing', 'received'] }) status!: string;
  @ApiProperty({ type: 'integer' }) quantity!: number;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) plannedDate!: string | null;
}

export class PartsRequestLineView {
  @ApiProperty({ type: 'integer', example: 1 }) lineNo!: number;
  @ApiProperty({ type: 'string', nullable: true, example: 'SEAL-22' }) partNo!: string | null;
  @ApiProperty({ example: 'Mechanical seal' }) name!: string;
  @ApiProperty({ type: 'string', nullable: true }) specification!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) material!: string | null;
  @ApiProperty({ type: 'integer' }) quantity!: number;
  @ApiProperty() allowSubstitutes!: boolean;
  @ApiProperty({ type: 'integer' }) reserved!: number;
  @ApiProperty({ type: 'integer' }) backordered!: number;
  @ApiProperty({ type: [PartCountView], description: 'Reserved units by part number (a substitute under its own)' }) reservedParts!: PartCountView[];
  @ApiProperty({ type: PurchaseRequestView, nullable: true }) purchaseRequest!: PurchaseRequestView | null;
}

export class CustomerRefView {
  @ApiProperty({ type: 'string', nullable: true }) customerId!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) name!: string | null;
}

export class ShipToView {
  @ApiProperty() address!: string;
  @ApiProperty() consignee!: string;
  @ApiProperty({ type: 'string', nullable: true }) phone!: string | null;
}

export class ShipmentView {
  @ApiProperty({ example: 'DN-pr-2f7c9e41', description: 'The dispatch note (调拨单)' }) dispatchNoteNo!: string;
  @ApiProperty({ type: [PartCountView] }) packed!: PartCountView[];
  @ApiProperty() inspectedBy!: string;
  @ApiProperty({ type: 'string', format: 'date-time' }) packedAt!: string;
  @ApiProperty({ type: 'string', nullable: true }) carrier!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) trackingNo!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) eta!: string | null;
  @ApiProperty() transportCost!: number;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) shippedAt!: string | null;
}

export class DeliveryLineView {
  @ApiProperty() partNo!: string;
  @ApiProperty({ type: 'integer' }) shipped!: number;
  @ApiProperty({ type: 'integer' }) received!: number;
  @ApiProperty({ type: 'integer' }) damaged!: number;
}

export class DeliveryView {
  @ApiProperty() receivedBy!: string;
  @ApiProperty({ type: [DeliveryLineView] }) lines!: DeliveryLineView[];
  @ApiProperty({ type: 'integer' }) shortfall!: number;
  @ApiProperty({ type: 'integer' }) damaged!: number;
  @ApiProperty({ description: 'A shortfall or damage recorded against the carrier and not settled' }) carrierClaimOpen!: boolean;
  @ApiProperty({ type: 'string', format: 'date-time' }) deliveredAt!: string;
  @ApiProperty({ type: 'string', nullable: true, example: 'van-tech-li-na', description: 'The van the parts were taken from instead of a shipment; null: shipped' }) takenFrom!: string | null;
}

export class CostsView {
  @ApiProperty() materialCost!: number;
  @ApiProperty() transportCost!: number;
}

export class CancellationView {
  @ApiProperty() reason!: string;
  @ApiProperty() by!: string;
  @ApiProperty({ type: 'string', format: 'date-time' }) at!: string;
}

export class PartsRequestView {
  @ApiProperty({ example: 'pr-2f7c9e41' }) id!: string;
  @ApiProperty({ type: 'integer', description: 'Also the ETag' }) version!: number;
  @ApiProperty({ enum: PARTS_REQUEST_STATUSES }) status!: string;
  @ApiProperty({ enum: ['P1', 'P2', 'P3', 'P4'] }) priority!: string;
  @ApiProperty() warehouseId!: string;
  @ApiProperty({ type: 'string', nullable: true }) caseId!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) workOrderId!: string | null;
  @ApiProperty({ type: [PartsRequestLineView] }) lines!: PartsRequestLineView[];
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) neededBy!: string | null;
  @ApiProperty({ type: CustomerRefView }) customer!: CustomerRefView;
  @ApiProperty({ type: 'string', nullable: true }) originalPlanNo!: string | null;
  @ApiProperty({ type: ShipToView }) shipTo!: ShipToView;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) requiredShipDate!: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) requiredArrivalDate!: string | null;
  @ApiProperty({ enum: ['http', 'work_order'] }) origin!: string;
  @ApiProperty() requestedBy!: string;
  @ApiProperty({ type: 'string', format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ type: ShipmentView, nullable: true }) shipment!: ShipmentView | null;
  @ApiProperty({ type: DeliveryView, nullable: true }) delivery!: DeliveryView | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'The latest expected date announced as a delay' }) expectedAt!: string | null;
  @ApiProperty({ type: CostsView }) costs!: CostsView;
  @ApiProperty({ type: CancellationView, nullable: true }) cancellation!: CancellationView | null;
}

export class PartsRequestPage {
  @ApiProperty({ type: [PartsRequestView] }) items!: PartsRequestView[];
  @ApiProperty({ type: 'string', nullable: true, description: 'Pass as cursor for the next page; null on the last page' }) nextCursor!: string | null;
}

export function toPartsRequestView(request: PartsRequest): PartsRequestView {
  const s: PartsRequestSnapshot = request.toSnapshot();
  return {
    id: s.id,
    version: s.version,
    status: s.status,
    priority: s.priority,
    warehouseId: s.warehouseId,
    caseId: s.caseId,
    workOrderId: s.workOrderId,
    lines: s.lines.map((l) => {
      const byPart = new Map<string, number>();
      for (const r of l.reserved) byPart.set(r.partNo, (byPart.get(r.partNo) ?? 0) + r.quantity);
      return {
        lineNo: l.lineNo,
        partNo: l.partNo,
        name: l.name,
        specification: l.specification,
        material: l.material,
        quantity: l.quantity,
        allowSubstitutes: l.allowSubstitutes,
        reserved: reservedOf(l),
        backordered: Math.max(0, shortfallOf(l)),
        reservedParts: [...byPart].map(([partNo, quantity]) => ({ partNo, quantity })),
        purchaseRequest: l.purchaseRequest
          ? { purchaseRequestId: l.purchaseRequest.purchaseRequestId, status: l.purchaseRequest.status, quantity: l.purchaseRequest.quantity, plannedDate: iso(l.purchaseRequest.plannedDate) }
          : null,
      };
    }),
    neededBy: iso(s.neededBy),
    customer: { customerId: s.customer.customerId, name: s.customer.name },
    originalPlanNo: s.originalPlanNo,
    shipTo: { address: s.shipTo.address, consignee: s.shipTo.consignee, phone: s.shipTo.phone },
    requiredShipDate: s.requiredShipDate,
    requiredArrivalDate: s.requiredArrivalDate,
    origin: s.origin,
    requestedBy: s.requestedBy,
    requestedAt: s.requestedAt.toISOString(),
    shipment: s.shipment
      ? {
          dispatchNoteNo: s.shipment.dispatchNoteNo,
          packed: s.shipment.packed.map((p) => ({ partNo: p.partNo, quantity: p.quantity })),
          inspectedBy: s.shipment.inspectedBy,
          packedAt: s.shipment.packedAt.toISOString(),
          carrier: s.shipment.carrier,
          trackingNo: s.shipment.trackingNo,
          eta: iso(s.shipment.eta),
          transportCost: s.shipment.transportCost,
          shippedAt: iso(s.shipment.shippedAt),
        }
      : null,
    delivery: s.delivery
      ? {
          receivedBy: s.delivery.receivedBy,
          lines: s.delivery.lines.map((l) => ({ partNo: l.partNo, shipped: l.shipped, received: l.received, damaged: l.damaged })),
          shortfall: s.delivery.shortfall,
          damaged: s.delivery.damaged,
          carrierClaimOpen: s.delivery.carrierClaimOpen,
          deliveredAt: s.delivery.deliveredAt.toISOString(),
          takenFrom: s.delivery.takenFrom ?? null,
        }
      : null,
    expectedAt: iso(s.announcedDelayUntil),
    costs: request.costs,
    cancellation: s.cancellation ? { reason: s.cancellation.reason, by: s.cancellation.by, at: s.cancellation.at.toISOString() } : null,
  };
}
