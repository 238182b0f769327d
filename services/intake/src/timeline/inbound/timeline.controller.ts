import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles, TenantId } from '@aftercare/auth';
import { ApiStandardProblems, ApiWholeList } from '@aftercare/http';
import { CaseTimelineView, toTimelineEntryView } from '../application/case-timeline.view';
import { GetCaseTimeline } from '../application/get-case-timeline';

@ApiTags('timeline')
@ApiStandardProblems()
@Controller('service-requests')
export class TimelineController {
  constructor(private readonly getCaseTimeline: GetCaseTimeline) {}

  @Get(':id/timeline')
  @Roles('agent', 'dispatcher', 'manager', 'quality_engineer')
  @ApiWholeList({
    summary: 'Every event of every service about the case, in order',
    list: CaseTimelineView,
    why: "one case's events, a few dozen over its life",
    problems: { 404: 'SERVICE_REQUEST_NOT_FOUND: no such case for the caller’s tenant' },
  })
  async timeline(@TenantId() tenantId: string, @Param('id') id: string): Promise<CaseTimelineView> {
    const { caseId, entries } = await this.getCaseTimeline.execute(tenantId, id);
    return { caseId, entries: entries.map(toTimelineEntryView) };
  }
}
