import { ApiProperty } from '@nestjs/swagger';
import { ESCALATION_REASONS } from '../../work-order/domain';
import type { EscalationEntry } from '../infrastructure/escalation-log';

export class EscalationEntryView {
  @ApiProperty({ description: 'The escalated event id' }) id!: string;
  @ApiProperty({ example: 'service_manager' }) level!: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) step!: number;
  @ApiProperty({ enum: ESCALATION_REASONS }) reason!: string;
  @ApiProperty() workOrderId!: string;
  @ApiProperty() caseId!: string;
  @ApiProperty({ description: "The order's state when escalated" }) status!: string;
  @ApiProperty({ type: String, nullable: true }) technicianId!: string | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) escalatedAt!: Date;
}

export class EscalationPage {
  @ApiProperty({ type: [EscalationEntryView] }) items!: EscalationEntryView[];
  @ApiProperty({ type: 'string', nullable: true, description: 'Pass as cursor for the next page; null on the last page' }) nextCursor!: string | null;
}

export const toEscalationEntryView = (e: EscalationEntry): EscalationEntryView => ({
  id: e._id,
  level: e.level,
  step: e.step,
  reason: e.reason,
  workOrderId: e.workOrderId,
  caseId: e.caseId,
  status: e.status,
  technicianId: e.technicianId,
  note: e.note,
  escalatedAt: e.escalatedAt,
});
