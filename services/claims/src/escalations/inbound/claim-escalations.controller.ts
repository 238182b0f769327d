import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles, TenantId } from '@aftercare/auth';
import { ApiList, ApiStandardProblems, LevelLogQuery } from '@aftercare/http';
import { ClaimEscalationPage, ClaimEscalations } from '../application/claim-escalations';

/** Escalations of quality claims and service complaints for one role of the chain (quality engineer → service manager → deputy GM). */
@ApiTags('escalations')
@ApiStandardProblems()
@Roles('quality_engineer', 'manager', 'service_manager', 'deputy_gm', 'general_manager')
@Controller('escalations')
export class ClaimEscalationsController {
  constructor(private readonly escalations: ClaimEscalations) {}

  @Get()
  @ApiList({ summary: 'The claim and complaint escalations that reached a role of the chain', description: 'Newest first; cursor paging.', page: ClaimEscalationPage })
  page(@TenantId() tenantId: string, @Query() query: LevelLogQuery): Promise<ClaimEscalationPage> {
    return this.escalations.page(tenantId, query.role, { limit: query.limit, cursor: query.cursor });
  }
}
