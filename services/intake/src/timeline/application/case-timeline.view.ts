import { ApiProperty } from '@nestjs/swagger';
import { WORK_ORDER_ASSIGNED_V1 } from '@aftercare/contracts';
import type { TimelineEntry } from '../domain/timeline-entry';

export class TimelineEntryView {
  @ApiProperty({ description: 'The event id (ce_id)' })
  id!: string;
  @ApiProperty({ example: WORK_ORDER_ASSIGNED_V1 })
  type!: string;
  @ApiProperty({ example: '/aftercare/dispatch' })
  source!: string;
  @ApiProperty({ description: 'The aggregate the event is about (ce_subject), e.g. the work order id' })
  subject!: string;
  @ApiProperty({ type: String, format: 'date-time' })
  time!: string;
  @ApiProperty({ example: 'Work order assigned' })
  summary!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event data as published (its contract in libs/contracts)' })
  data!: unknown;
}

export class CaseTimelineView {
  @ApiProperty()
  caseId!: string;
  @ApiProperty({ type: [TimelineEntryView], description: 'Oldest first: by event time, then by position on Kafka' })
  entries!: TimelineEntryView[];
}

/** An entry by name: the Kafka position it was ordered by stays inside. */
export const toTimelineEntryView = (entry: TimelineEntry): TimelineEntryView => ({
  id: entry.id,
  type: entry.type,
  source: entry.source,
  subject: entry.subject,
  time: entry.time.toISOString(),
  summary: entry.summary,
  data: entry.data,
});
