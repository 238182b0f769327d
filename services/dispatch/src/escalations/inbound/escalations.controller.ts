import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles, TenantId } from '@aftercare/auth';
import { ApiList, ApiStandardProblems, LevelLogQuery } from '@aftercare/http';
import { EscalationList } from '../application/escalation-list';
import { EscalationPage } from '../application/escalation.view';

/** Escalations of work orders for one role of the escalation chain (dispatcher → service manager → deputy GM). */
@ApiTags('escalations')
@ApiStandardProblems()
@Roles('dispatcher', 'manager')
@Controller('escalations')
export class EscalationsController {
  constructor(private readonly list: EscalationList) {}

  @Get()
  @ApiList({ summary: 'The escalations that reached a role of the chain', description: 'Newest first; cursor paging.', page: EscalationPage })
  page(@TenantId() tenantId: string, @Query() query: LevelLogQuery): Promise<EscalationPage> {
    return this.list.page(tenantId, query.role, { limit: query.limit, cursor: query.cursor });
  }
}

