import { ApiProperty } from '@nestjs/swagger';
import { RecordView, iso } from '../../common/views';
import { DISPOSITIONS, RMA_STATUSES, missingForApproval, type ReturnAuthorizationSnapshot, type ReturnDetail } from '../domain/return-authorization';

export class ReturnDecisionView {
  @ApiProperty() by!: string;
  @ApiProperty() approved!: boolean;
  @ApiProperty({ type: 'string', nullable: true, description: "The rejection's reason" }) reason!: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class ReturnReceiptView {
  @ApiProperty({ type: 'integer' }) quantityReceived!: number;
  @ApiProperty({ type: 'integer', description: 'Expected minus received (recorded, not refused)' }) shortfall!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class ReturnInspectionView {
  @ApiProperty() defectConfirmed!: boolean;
  @ApiProperty({ type: 'integer' }) defectiveQuantity!: number;
  @ApiProperty({ type: 'integer', description: 'Defective samples kept for analysis' }) samplesKept!: number;
  @ApiProperty({ enum: ['units', 'whole_lot'], description: 'units: a few bad units of the lot; whole_lot: half or more of the received units defective' }) scope!: string;
  @ApiProperty() findings!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class ReturnDispositionView {
  @ApiProperty({ enum: DISPOSITIONS }) kind!: string;
  @ApiProperty() by!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class ReturnAuthorizationView extends RecordView {
  @ApiProperty() caseId!: string;
  @ApiProperty({ enum: RMA_STATUSES }) status!: string;
  @ApiProperty({ type: 'string', nullable: true }) productModel!: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'null: opened from a case and not completed yet' }) lot!: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'null: opened from a case and not completed yet' }) quantityExpected!: number | null;
  @ApiProperty({ enum: ['lot', 'quantityExpected'], isArray: true, description: 'What approval still needs (empty when it can be approved)' })
  missingForApproval!: ReturnDetail[];
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ type: ReturnDecisionView, nullable: true }) decision!: ReturnDecisionView | null;
  @ApiProperty({ type: ReturnReceiptView, nullable: true }) receipt!: ReturnReceiptView | null;
  @ApiProperty({ type: ReturnInspectionView, nullable: true }) inspection!: ReturnInspectionView | null;
  @ApiProperty({ type: ReturnDispositionView, nullable: true }) disposition!: ReturnDispositionView | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) completedAt!: string | null;
}

export class ReturnAuthorizationPage {
  @ApiProperty({ type: [ReturnAuthorizationView] }) items!: ReturnAuthorizationView[];
  @ApiProperty({ type: 'string', nullable: true, description: 'Pass as cursor for the next page; null on the last page' }) nextCursor!: string | null;
}

export function toReturnAuthorizationView(s: ReturnAuthorizationSnapshot): ReturnAuthorizationView {
  return {
    id: s.id,
    tenantId: s.tenantId,
    version: s.version,
    caseId: s.caseId,
    status: s.status,
    productModel: s.productModel,
    lot: s.lot,
    quantityExpected: s.quantityExpected,
    missingForApproval: missingForApproval(s),
    requestedAt: iso(s.requestedAt),
    decision: s.decision ? { by: s.decision.by, approved: s.decision.approved, reason: s.decision.reason, at: iso(s.decision.at) } : null,
    receipt: s.receipt ? { quantityReceived: s.receipt.quantityReceived, shortfall: s.receipt.shortfall, at: iso(s.receipt.at) } : null,
    inspection: s.inspection
      ? {
          defectConfirmed: s.inspection.defectConfirmed,
          defectiveQuantity: s.inspection.defectiveQuantity,
          samplesKept: s.inspection.samplesKept,
          scope: s.inspection.scope,
          findings: s.inspection.findings,
          at: iso(s.inspection.at),
        }
      : null,
    disposition: s.disposition ? { kind: s.disposition.kind, by: s.disposition.by, at: iso(s.disposition.at) } : null,
    completedAt: iso(s.completedAt),
  };
}
