import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles, TenantId } from '@aftercare/auth';
import { ApiList, ApiStandardProblems, LevelLogQuery } from '@aftercare/http';
import { CaseEscalationPage, CaseEscalations } from '../application/case-escalations';

/** Cases whose reply clock climbed the chain (dispatcher → service manager → deputy GM), for one role of it. */
@ApiTags('escalations')
@ApiStandardProblems()
@Roles('dispatcher', 'manager')
@Controller('escalations')
export class CaseEscalationsController {
  constructor(private readonly escalations: CaseEscalations) {}

  @Get()
  @ApiList({ summary: 'The case escalations that reached a role of the chain', description: 'Newest first; cursor paging.', page: CaseEscalationPage })
  page(@TenantId() tenantId: string, @Query() query: LevelLogQuery): Promise<CaseEscalationPage> {
    return this.escalations.page(tenantId, query.role, { limit: query.limit, cursor: query.cursor });
  }
}
