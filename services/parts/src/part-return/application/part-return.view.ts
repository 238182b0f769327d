import { ApiProperty } from '@nestjs/swagger';
import { PART_RETURN_STATUSES, type PartReturn } from '../domain/part-return';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export class PartReturnView {
  @ApiProperty({ example: 'ret-3a1c' }) id!: string;
  @ApiProperty({ type: 'integer', description: 'Also the ETag' }) version!: number;
  @ApiProperty({ enum: PART_RETURN_STATUSES }) status!: string;
  @ApiProperty({ example: 'SEAL-22' }) partNo!: string;
  @ApiProperty({ type: 'string', nullable: true }) serialNo!: string | null;
  @ApiProperty({ type: 'integer' }) quantity!: number;
  @ApiProperty() warehouseId!: string;
  @ApiProperty({ type: 'string', nullable: true }) caseId!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) workOrderId!: string | null;
  @ApiProperty() reason!: string;
  @ApiProperty() receivedBy!: string;
  @ApiProperty({ type: 'string', format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ type: 'string', nullable: true }) finding!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) inspectedBy!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) scrapAppliedBy!: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'The quality engineer who approved the scrap' }) scrapApprovedBy!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) supplierId!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) decidedAt!: string | null;
}

export class PartReturnPage {
  @ApiProperty({ type: [PartReturnView] }) items!: PartReturnView[];
  @ApiProperty({ type: 'string', nullable: true, description: 'Pass as cursor for the next page; null on the last page' }) nextCursor!: string | null;
}

export function toPartReturnView(r: PartReturn): PartReturnView {
  const s = r.toSnapshot();
  return {
    id: s.id,
    version: s.version,
    status: s.status,
    partNo: s.partNo,
    serialNo: s.serialNo,
    quantity: s.quantity,
    warehouseId: s.warehouseId,
    caseId: s.caseId,
    workOrderId: s.workOrderId,
    reason: s.reason,
    receivedBy: s.receivedBy,
    receivedAt: s.receivedAt.toISOString(),
    finding: s.finding,
    inspectedBy: s.inspectedBy,
    scrapAppliedBy: s.scrapApplication?.by ?? null,
    scrapApprovedBy: s.scrapApprovedBy,
    supplierId: s.supplierId,
    decidedAt: iso(s.decidedAt),
  };
}
