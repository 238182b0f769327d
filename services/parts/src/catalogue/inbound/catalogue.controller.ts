import { Body, Controller, Get, Headers, Param, Put, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, TenantId } from '@aftercare/auth';
import { DomainError } from '@aftercare/ddd';
import { ApiCommand, ApiList, ApiProblem, ApiRead, ApiStandardProblems, PageCursors, pageSizeOf, preconditionOf, setEtag, underPrecondition } from '@aftercare/http';
import { ConcurrencyError } from '@aftercare/persistence';
import { CatalogueItemPage, CatalogueItemView, toCatalogueItemView } from '../application/catalogue-item.view';
import { CATALOGUE_ERRORS, catalogueItem } from '../domain/catalogue-item';
import { CatalogueStore } from '../infrastructure/catalogue.store';
import { CatalogueItemDto, ListCatalogueQueryDto } from './catalogue.dto';

const LIST = 'catalogue';
const notFound = (partNo: string) => new DomainError(CATALOGUE_ERRORS.NOT_FOUND, `part ${partNo} is not in the catalogue`, 'not_found');

/** The part just written, or the newer one that kept it out: nothing deletes a catalogue part, so missing, the store broke (a 500, not the caller's 404). */
function storedAfterWrite<T>(stored: T | null, tenantId: string, partNo: string): T {
  if (!stored) throw new Error(`catalogue part ${partNo} (tenant ${tenantId}): not found right after it was stored`);
  return stored;
}

/** The parts catalogue over HTTP; the ERP keeps it too (erp.public.parts-catalogue.v1). */
@ApiTags('catalogue')
@ApiStandardProblems()
@ApiProblem(400, 'VALIDATION_FAILED')
@Controller('parts')
export class CatalogueController {
  constructor(
    private readonly catalogue: CatalogueStore,
    private readonly cursors: PageCursors,
  ) {}

  @Put(':partNo')
  @Roles('parts_clerk', 'manager')
  @ApiCommand({ summary: 'Create or change a catalogue part', ok: CatalogueItemView, problems: { 422: 'CATALOGUE_ITEM_INVALID (field errors)' } })
  async put(
    @TenantId() tenantId: string,
    @Param('partNo') partNo: string,
    @Body() body: CatalogueItemDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CatalogueItemView> {
    const precondition = preconditionOf(ifMatch);
    return underPrecondition(precondition, async () => {
      if (precondition.expectedVersion !== undefined) {
        const stored = await this.catalogue.find(tenantId, partNo);
        if ((stored?.version ?? 0) !== precondition.expectedVersion) throw new ConcurrencyError('catalogue item', partNo, precondition.expectedVersion);
      }
      await this.catalogue.upsertIfNewer(tenantId, catalogueItem({ partNo, ...body, updatedAt: new Date() }));
      const stored = storedAfterWrite(await this.catalogue.find(tenantId, partNo), tenantId, partNo);
      setEtag(response, stored.version);
      return toCatalogueItemView(stored, stored.version);
    });
  }

  @Get()
  @Roles('parts_clerk', 'warehouse', 'technician', 'quality_engineer', 'manager')
  @ApiList({ summary: 'List the catalogue', description: 'In part-number order; cursor paging.', page: CatalogueItemPage })
  async list(@TenantId() tenantId: string, @Query() query: ListCatalogueQueryDto): Promise<CatalogueItemPage> {
    const limit = pageSizeOf(query.limit);
    const after = query.cursor === undefined ? undefined : String(this.cursors.decode(LIST, query.cursor, 1)[0]);
    const found = await this.catalogue.page(tenantId, after, limit);
    const items = found.slice(0, limit);
    const last = items.at(-1);
    return { items: items.map((i) => toCatalogueItemView(i, i.version)), nextCursor: found.length > limit && last ? this.cursors.encode(LIST, [last.partNo]) : null };
  }

  @Get(':partNo')
  @Roles('parts_clerk', 'warehouse', 'technician', 'quality_engineer', 'manager')
  @ApiRead({ summary: 'Read a catalogue part', ok: CatalogueItemView, problems: { 404: 'CATALOGUE_ITEM_NOT_FOUND' } })
  async get(@TenantId() tenantId: string, @Param('partNo') partNo: string, @Res({ passthrough: true }) response: Response): Promise<CatalogueItemView> {
    const stored = await this.catalogue.find(tenantId, partNo);
    if (!stored) throw notFound(partNo);
    setEtag(response, stored.version);
    return toCatalogueItemView(stored, stored.version);
  }
}
