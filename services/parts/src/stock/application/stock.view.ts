import { ApiProperty } from '@nestjs/swagger';
import { MOVEMENT_KINDS, type StockItem } from '../domain';

/** How many ledger entries a read shows (the newest). */
export const LEDGER_SHOWN = 100;

export class StockMovementView {
  @ApiProperty({ example: 'pr-2f7c9e41:1@SEAL-22' }) id!: string;
  @ApiProperty({ enum: MOVEMENT_KINDS }) kind!: string;
  @ApiProperty({ type: 'integer', description: 'Positive; an adjustment is signed' }) quantity!: number;
  @ApiProperty({ type: 'string', nullable: true }) reference!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time' }) at!: string;
}

export class WaitingDemandView {
  @ApiProperty({ example: 'pr-2f7c9e41' }) partsRequestId!: string;
  @ApiProperty({ type: 'integer' }) lineNo!: number;
  @ApiProperty({ type: 'integer' }) quantity!: number;
  @ApiProperty({ enum: ['P1', 'P2', 'P3', 'P4'] }) priority!: string;
  @ApiProperty({ type: 'string', format: 'date-time' }) requestedAt!: string;
}

export class StockView {
  @ApiProperty({ type: 'integer', description: 'Also the ETag; 0 for a part never stocked there' }) version!: number;
  @ApiProperty({ example: 'central' }) warehouseId!: string;
  @ApiProperty({ example: 'SEAL-22' }) partNo!: string;
  @ApiProperty({ type: 'integer' }) onHand!: number;
  @ApiProperty({ type: 'integer' }) reserved!: number;
  @ApiProperty({ type: 'integer', description: 'onHand − reserved; never below zero through a reservation' }) available!: number;
  @ApiProperty({ type: [WaitingDemandView], description: 'Backordered request lines waiting for this part, in serving order' }) waiting!: WaitingDemandView[];
  @ApiProperty({ type: 'integer', description: 'Entries in the ledger' }) movementCount!: number;
  @ApiProperty({ type: [StockMovementView], description: `The newest ${LEDGER_SHOWN} ledger entries, oldest first` }) movements!: StockMovementView[];
}

export function toStockView(item: StockItem, version: number): StockView {
  return {
    version,
    warehouseId: item.warehouseId,
    partNo: item.partNo,
    onHand: item.levels.onHand,
    reserved: item.levels.reserved,
    available: item.levels.available,
    waiting: item.waiting.map((d) => ({ partsRequestId: d.partsRequestId, lineNo: d.lineNo, quantity: d.quantity, priority: d.priority, requestedAt: d.requestedAt.toISOString() })),
    movementCount: item.movements.length,
    movements: item.movements.slice(-LEDGER_SHOWN).map((m) => ({ id: m.id, kind: m.kind, quantity: m.quantity, reference: m.reference, at: m.at.toISOString() })),
  };
}
