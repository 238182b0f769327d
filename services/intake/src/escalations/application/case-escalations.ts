import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { PageCursors, levelLogPage } from '@aftercare/http';
import { CaseEscalationLog, type CaseEscalationEntry } from '../infrastructure/case-escalation-log';

export class CaseEscalationView {
  @ApiProperty({ description: 'The clock-escalated event id' }) id!: string;
  @ApiProperty() caseId!: string;
  @ApiProperty({ example: 'service_manager' }) level!: string;
  @ApiProperty({ example: 'reply', description: 'The clock that ran out' }) clock!: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: '1 = the chain’s first level' }) step!: number;
  @ApiProperty({ description: 'The case’s status at the step' }) status!: string;
  @ApiProperty({ type: String, nullable: true, enum: ['P1', 'P2', 'P3', 'P4'] }) priority!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) escalatedAt!: string;
}

export class CaseEscalationPage {
  @ApiProperty({ type: [CaseEscalationView] }) items!: CaseEscalationView[];
  @ApiProperty({ type: 'string', nullable: true, description: 'Pass as cursor for the next page; null on the last page' }) nextCursor!: string | null;
}

const toView = (e: CaseEscalationEntry): CaseEscalationView => ({
  id: e._id,
  caseId: e.caseId,
  level: e.level,
  clock: e.clock,
  step: e.step,
  status: e.status,
  priority: e.priority,
  escalatedAt: new Date(e.escalatedAt).toISOString(),
});

/** The name the list's cursors are signed for. */
const LIST = 'case-escalations';

/** The SLA clock escalation steps of cases that reached one level of the chain, newest first. */
@Injectable()
export class CaseEscalations {
  constructor(
    private readonly log: CaseEscalationLog,
    private readonly cursors: PageCursors,
  ) {}

  async page(tenantId: string, level: string, query: { limit?: number; cursor?: string }): Promise<CaseEscalationPage> {
    const { entries, nextCursor } = await levelLogPage(this.log, this.cursors, LIST, { tenantId, level }, query);
    return { items: entries.map(toView), nextCursor };
  }
}
