import { Controller, Get, Query } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { Roles, TenantId } from '@aftercare/auth';
import { ApiList, ApiStandardProblems, PagingQuery } from '@aftercare/http';
import { ClaimEscalationPage, ClaimEscalations } from '../application/claim-escalations';

export class ListClaimEscalationsQueryDto extends PagingQuery {
  @ApiProperty({ pattern: '^[a-z][a-z0-9_]{0,39}$', example: 'quality_engineer', description: 'The level of the chain: quality_engineer, service_manager, deputy_gm (as dispatch’s list names it, `role`)' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{0,39}$/)
  role!: string;
}

/** Escalations of quality claims and service complaints for one role of the chain (quality engineer → service manager → deputy GM). */
@ApiTags('escalations')
@ApiStandardProblems()
@Roles('quality_engineer', 'manager', 'service_manager', 'deputy_gm', 'general_manager')
@Controller('escalations')
export class ClaimEscalationsController {
  constructor(private readonly escalations: ClaimEscalations) {}

  @Get()
  @ApiList({ summary: 'The claim and complaint escalations that reached a role of the chain', description: 'Newest first; cursor paging.', page: ClaimEscalationPage })
  page(@TenantId() tenantId: string, @Query() query: ListClaimEscalationsQueryDto): Promise<ClaimEscalationPage> {
    return this.escalations.page(tenantId, query.role, { limit: query.limit, cursor: query.cursor });
  }
}
