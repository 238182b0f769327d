import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, TenantId, type Principal, type Role } from '@aftercare/auth';
import { ApiList, ApiProblem, ApiStandardProblems } from '@aftercare/http';
import { ServiceRequestQueries, type Page } from '../application/service-request.queries';
import { ArchiveQueryDto, ArchiveReadsQueryDto } from './service-request.dto';
import { ArchiveReadPage, ServiceArchive, type ArchiveReadView } from '../application/service-request.view';

const ARCHIVE_READERS: [Role, ...Role[]] = ['agent', 'dispatcher', 'manager'];

/**
 * The service archive [000][004]: every case of a customer or of an asset (serial number), newest
 * first. Each read is logged — who, when, why [002] — and the log is open to managers.
 */
@ApiTags('service-archive')
@ApiStandardProblems()
@ApiProblem(400, 'VALIDATION_FAILED: the reason is required')
@Controller()
export class ArchiveController {
  constructor(private readonly queries: ServiceRequestQueries) {}

  @Get('customers/:customerId/archive')
  @Roles(...ARCHIVE_READERS)
  @ApiList({ summary: "A customer's service archive (the read is logged with the reason)", page: ServiceArchive })
  customerArchive(
    @CurrentPrincipal() principal: Principal,
    @Param('customerId') customerId: string,
    @Query() query: ArchiveQueryDto,
  ): Promise<ServiceArchive> {
    return this.queries.archive(principal, 'customer', customerId, query.reason, query);
  }

  @Get('assets/:serial/archive')
  @Roles(...ARCHIVE_READERS)
  @ApiList({ summary: "An asset's service archive by serial number (the read is logged with the reason)", page: ServiceArchive })
  assetArchive(
    @CurrentPrincipal() principal: Principal,
    @Param('serial') serial: string,
    @Query() query: ArchiveQueryDto,
  ): Promise<ServiceArchive> {
    return this.queries.archive(principal, 'asset', serial, query.reason, query);
  }

  @Get('archive-reads')
  @Roles('manager')
  @ApiList({ summary: 'Who read which archive, when and why (newest first)', page: ArchiveReadPage })
  archiveReads(@TenantId() tenantId: string, @Query() query: ArchiveReadsQueryDto): Promise<Page<ArchiveReadView>> {
    return this.queries.archiveReadLog(tenantId, query);
  }
}
