import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CLOCK_NAMES, clockStatus, metTarget } from '@aftercare/sla';
import type { SlaClockDocument } from '../infrastructure/sla-clock.store';

const DATE_TIME = { type: String, format: 'date-time' } as const;
const NULLABLE_DATE_TIME = { ...DATE_TIME, nullable: true } as const;

export class ClockHistoryEntryView {
  @ApiProperty(DATE_TIME) at!: Date;
  @ApiProperty({ enum: ['started', 'paused', 'resumed', 'retargeted', 'stopped', 'breached'] }) kind!: string;
  @ApiProperty({ description: 'Business minutes consumed at that moment' }) elapsedMinutes!: number;
  @ApiPropertyOptional({ description: 'Pause reason, old → new target, stop note' }) detail?: string;
}

/** One SLA clock of a case as the API shows it (named fields; the scheduler's lease stays inside). */
export class ClockView {
  @ApiProperty() caseId!: string;
  @ApiProperty({ enum: CLOCK_NAMES }) name!: string;
  @ApiProperty({ enum: ['running', 'paused', 'stopped'] }) status!: 'running' | 'paused' | 'stopped';
  @ApiProperty({ type: Boolean, nullable: true, description: 'true/false once stopped (within target or not), null while it runs' })
  metTarget!: boolean | null;
  @ApiProperty({ type: String, nullable: true }) policyId!: string | null;
  @ApiProperty() targetMinutes!: number;
  @ApiProperty() calendarId!: string;
  @ApiProperty(DATE_TIME) startedAt!: Date;
  @ApiProperty(NULLABLE_DATE_TIME) deadline!: Date | null;
  @ApiProperty(NULLABLE_DATE_TIME) breachedAt!: Date | null;
  @ApiProperty(NULLABLE_DATE_TIME) stoppedAt!: Date | null;
  @ApiProperty({ description: 'Escalation steps already sent (0 = none)' }) escalationStep!: number;
  @ApiProperty(NULLABLE_DATE_TIME) nextCheckAt!: Date | null;
  @ApiProperty({ type: [ClockHistoryEntryView] }) history!: ClockHistoryEntryView[];
  @ApiProperty({ description: "The clock's version: its ETag, for If-Match on the reply" }) version!: number;
}

export class ClockList {
  @ApiProperty({ type: [ClockView] }) items!: ClockView[];
}

export function toClockView(document: SlaClockDocument): ClockView {
  const { clock } = document;
  return {
    caseId: document.caseId,
    name: clock.name,
    status: clockStatus(clock),
    metTarget: metTarget(clock),
    policyId: clock.policyId,
    targetMinutes: clock.targetMinutes,
    calendarId: clock.calendarId,
    startedAt: clock.startedAt,
    deadline: clock.deadline,
    breachedAt: clock.breachedAt,
    stoppedAt: clock.stoppedAt,
    escalationStep: document.escalationStep,
    nextCheckAt: document.nextCheckAt,
    history: clock.history.map((h) => ({
      at: h.at,
      kind: h.kind,
      elapsedMinutes: h.elapsedMinutes,
      ...(h.detail === undefined ? {} : { detail: h.detail }),
    })),
    version: document.version,
  };
}
