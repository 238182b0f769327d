import { Controller, Get, Query } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { Roles, TenantId } from '@aftercare/auth';
import { ApiList, ApiStandardProblems, PagingQuery } from '@aftercare/http';
import { EscalationList } from '../application/escalation-list';
import { EscalationPage } from '../application/escalation.view';

export class ListEscalationsQueryDto extends PagingQuery {
  @ApiProperty({ pattern: '^[a-z][a-z0-9_]{0,39}$', example: 'service_manager', description: 'The level of the escalation chain: dispatcher, service_manager, deputy_gm, or a tenant’s own' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{0,39}$/)
  role!: string;
}

/** Escalations of work orders for one role of the escalation chain (dispatcher → service manager → deputy GM). */
@ApiTags('escalations')
@ApiStandardProblems()
@Roles('dispatcher', 'manager')
@Controller('escalations')
export class EscalationsController {
  constructor(private readonly list: EscalationList) {}

  @Get()
  @ApiList({ summary: 'The escalations that reached a role of the chain', description: 'Newest first; cursor paging.', page: EscalationPage })
  page(@TenantId() tenantId: string, @Query() query: ListEscalationsQueryDto): Promise<EscalationPage> {
    return this.list.page(tenantId, query.role, { limit: query.limit, cursor: query.cursor });
  }
}

