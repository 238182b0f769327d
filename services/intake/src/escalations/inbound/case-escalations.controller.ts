import { Controller, Get, Query } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { Roles, TenantId } from '@aftercare/auth';
import { ApiList, ApiStandardProblems, PagingQuery } from '@aftercare/http';
import { CaseEscalationPage, CaseEscalations } from '../application/case-escalations';

export class ListCaseEscalationsQueryDto extends PagingQuery {
  @ApiProperty({ pattern: '^[a-z][a-z0-9_]{0,39}$', example: 'service_manager', description: 'The level of the chain: dispatcher, service_manager, deputy_gm, or a tenant’s own (as dispatch’s and claims’ lists name it, `role`)' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{0,39}$/)
  role!: string;
}

/** Cases whose reply clock climbed the chain (dispatcher → service manager → deputy GM), for one role of it. */
@ApiTags('escalations')
@ApiStandardProblems()
@Roles('dispatcher', 'manager')
@Controller('escalations')
export class CaseEscalationsController {
  constructor(private readonly escalations: CaseEscalations) {}

  @Get()
  @ApiList({ summary: 'The case escalations that reached a role of the chain', description: 'Newest first; cursor paging.', page: CaseEscalationPage })
  page(@TenantId() tenantId: string, @Query() query: ListCaseEscalationsQueryDto): Promise<CaseEscalationPage> {
    return this.escalations.page(tenantId, query.role, { limit: query.limit, cursor: query.cursor });
  }
}
