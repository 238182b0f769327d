import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, TenantId } from '@aftercare/auth';
import { ApiProblem, ApiStandardProblems } from '@aftercare/http';
import { CaseTimelineView, toTimelineEntryView } from '../application/case-timeline.view';
import { GetCaseTimeline } from '../application/get-case-timeline';

@ApiTags('timeline')
@ApiStandardProblems()
@Controller('service-requests')
export class TimelineController {
  constructor(private readonly getCaseTimeline: GetCaseTimeline) {}

  @Get(':id/timeline')
  @Roles('agent', 'dispatcher', 'manager', 'quality_engineer')
  @ApiOperation({ summary: 'Every event of every service about the case, in order' })
  @ApiOkResponse({ type: CaseTimelineView })
  @ApiProblem(404, 'SERVICE_REQUEST_NOT_FOUND: no such case for the caller’s tenant')
  async timeline(@TenantId() tenantId: string, @Param('id') id: string): Promise<CaseTimelineView> {
    const { caseId, entries } = await this.getCaseTimeline.execute(tenantId, id);
    return { caseId, entries: entries.map(toTimelineEntryView) };
  }
}
