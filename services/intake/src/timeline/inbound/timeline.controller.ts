import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles, TenantId } from '@aftercare/auth';
import { GetCaseTimeline } from '../application/get-case-timeline';
import type { TimelineEntry } from '../domain/timeline-entry';

export class TimelineEntryView {
  @ApiProperty({ description: 'The event id (ce_id)' })
  id!: string;
  @ApiProperty({ example: 'aftercare.dispatch.work-order.assigned.v1' })
  type!: string;
  @ApiProperty({ example: '/aftercare/dispatch' })
  source!: string;
  @ApiProperty({ description: 'The aggregate the event is about (ce_subject), e.g. the work order id' })
  subject!: string;
  @ApiProperty({ format: 'date-time' })
  time!: string;
  @ApiProperty({ example: 'Work order assigned' })
  summary!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event data as published' })
  data!: unknown;
}

export class CaseTimelineView {
  @ApiProperty()
  caseId!: string;
  @ApiProperty({ type: [TimelineEntryView], description: 'Oldest first: by event time, then by position on Kafka' })
  entries!: TimelineEntryView[];
}

const toView = (entry: TimelineEntry): TimelineEntryView => ({
  id: entry.id,
  type: entry.type,
  source: entry.source,
  subject: entry.subject,
  time: entry.time.toISOString(),
  summary: entry.summary,
  data: entry.data,
});

@ApiTags('timeline')
@Controller('service-requests')
export class TimelineController {
  constructor(private readonly getCaseTimeline: GetCaseTimeline) {}

  @Get(':id/timeline')
  @Roles('agent', 'dispatcher', 'manager', 'quality_engineer')
  @ApiOperation({ summary: 'Every event of every service about the case, in order' })
  @ApiOkResponse({ type: CaseTimelineView })
  @ApiNotFoundResponse({ description: 'SERVICE_REQUEST_NOT_FOUND: no such case for the caller’s tenant' })
  async timeline(@TenantId() tenantId: string, @Param('id') id: string): Promise<CaseTimelineView> {
    const { caseId, entries } = await this.getCaseTimeline.execute(tenantId, id);
    return { caseId, entries: entries.map(toView) };
  }
}
