import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { PageCursors, levelLogPage } from '@aftercare/http';
import { ClaimEscalationLog, type ClaimEscalationEntry } from '../infrastructure/claim-escalation-log';

export class ClaimEscalationView {
  @ApiProperty({ description: 'The escalated event id' }) id!: string;
  @ApiProperty({ enum: ['quality_claim', 'service_complaint'] }) kind!: string;
  @ApiProperty({ description: 'The quality claim or service complaint id' }) subjectId!: string;
  @ApiProperty({ type: 'string', nullable: true }) caseId!: string | null;
  @ApiProperty({ example: 'service_manager' }) level!: string;
  @ApiProperty({ example: 'first_contact' }) clock!: string;
  @ApiProperty({ type: 'integer', description: '1 = the breach; then one per level of the chain' }) step!: number;
  @ApiProperty() breach!: boolean;
  @ApiProperty({ description: 'The status of the claim or complaint at the step' }) status!: string;
  @ApiProperty({ format: 'date-time' }) deadline!: string;
  @ApiProperty({ format: 'date-time' }) escalatedAt!: string;
}

export class ClaimEscalationPage {
  @ApiProperty({ type: [ClaimEscalationView] }) items!: ClaimEscalationView[];
  @ApiProperty({ type: 'string', nullable: true, description: 'Pass as cursor for the next page; null on the last page' }) nextCursor!: string | null;
}

const toView = (e: ClaimEscalationEntry): ClaimEscalationView => ({
  id: e._id,
  kind: e.kind,
  subjectId: e.subjectId,
  caseId: e.caseId,
  level: e.level,
  clock: e.clock,
  step: e.step,
  breach: e.breach,
  status: e.status,
  deadline: new Date(e.deadline).toISOString(),
  escalatedAt: new Date(e.escalatedAt).toISOString(),
});

const LIST = 'claim-escalations';

/** The escalation steps of claims and complaints that reached one level of the chain, newest first. */
@Injectable()
export class ClaimEscalations {
  constructor(
    private readonly log: ClaimEscalationLog,
    private readonly cursors: PageCursors,
  ) {}

  async page(tenantId: string, level: string, query: { limit?: number; cursor?: string }): Promise<ClaimEscalationPage> {
    const { entries, nextCursor } = await levelLogPage(this.log, this.cursors, LIST, { tenantId, level }, query);
    return { items: entries.map(toView), nextCursor };
  }
}
