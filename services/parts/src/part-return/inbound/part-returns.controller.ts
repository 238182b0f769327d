import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, TenantId, type Principal } from '@aftercare/auth';
import { API_PREFIX, ApiCommand, ApiCreate, ApiList, ApiRead, ApiStandardProblems, expectation, preconditionOf, setEtag, underPrecondition } from '@aftercare/http';
import { PartReturnPage, PartReturnView, toPartReturnView } from '../application/part-return.view';
import { StockCounts } from '../../parts-request/application/stock-counts';
import { PartReturns, restockMovementOf } from '../application/part-returns';
import type { PartReturn } from '../domain/part-return';
import { InspectReturnDto, ListReturnsQueryDto, ReceiveReturnDto, ScrapApplicationDto, SupplierClaimDto } from './part-return.dto';

const NOT_FOUND = 'PART_RETURN_NOT_FOUND (also for another tenant)';
const ILLEGAL = 'PART_RETURN_ILLEGAL_TRANSITION';

/**
 * Returned defective parts: received, inspected, then scrapped (an application approved by a
 * quality engineer — other roles 403), repaired into stock, or claimed against the supplier.
 * Registered with the parts requests: a repaired part goes to the requests waiting for it first.
 */
@ApiTags('part-returns')
@ApiStandardProblems()
@Controller('part-returns')
export class PartReturnsController {
  constructor(
    private readonly returns: PartReturns,
    private readonly stock: StockCounts,
  ) {}

  @Post()
  @Roles('parts_clerk', 'warehouse', 'technician')
  @ApiCreate({ summary: 'Receive a returned defective part', description: 'Honours Idempotency-Key.', created: PartReturnView, problems: { 422: 'PART_RETURN_INVALID: missing fields named' } })
  async receive(@TenantId() tenantId: string, @CurrentPrincipal() principal: Principal, @Body() body: ReceiveReturnDto, @Res({ passthrough: true }) response: Response): Promise<PartReturnView> {
    const partReturn = await this.returns.receive(tenantId, { ...body, receivedBy: principal.subject, at: new Date() });
    response.setHeader('Location', `/${API_PREFIX}/part-returns/${encodeURIComponent(partReturn.id)}`);
    return this.answer(response, partReturn);
  }

  @Get()
  @Roles('parts_clerk', 'warehouse', 'quality_engineer', 'manager')
  @ApiList({ summary: 'List returned parts', description: 'Newest first; cursor paging.', page: PartReturnPage })
  list(@TenantId() tenantId: string, @Query() query: ListReturnsQueryDto): Promise<PartReturnPage> {
    return this.returns.list(tenantId, query.limit, query.cursor);
  }

  @Get(':id')
  @Roles('parts_clerk', 'warehouse', 'quality_engineer', 'manager')
  @ApiRead({ summary: 'Read a returned part', ok: PartReturnView, problems: { 404: NOT_FOUND } })
  async get(@TenantId() tenantId: string, @Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<PartReturnView> {
    return this.answer(response, await this.returns.load(tenantId, id));
  }

  @Post(':id/inspect')
  @HttpCode(200)
  @Roles('quality_engineer', 'parts_clerk')
  @ApiCommand({ summary: 'Record the inspection finding', ok: PartReturnView, problems: { 404: NOT_FOUND, 409: ILLEGAL } })
  inspect(@TenantId() t: string, @CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: InspectReturnDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) res: Response): Promise<PartReturnView> {
    return this.command(res, ifMatch, (v) => this.returns.change(t, id, v, (r) => r.inspect(body.finding, p.subject)));
  }

  @Post(':id/scrap-application')
  @HttpCode(200)
  @Roles('parts_clerk', 'quality_engineer')
  @ApiCommand({ summary: 'Apply for scrapping (source 001 §1.7)', ok: PartReturnView, problems: { 404: NOT_FOUND, 409: ILLEGAL } })
  applyForScrap(@TenantId() t: string, @CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: ScrapApplicationDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) res: Response): Promise<PartReturnView> {
    return this.command(res, ifMatch, (v) => this.returns.change(t, id, v, (r, at) => r.applyForScrap(body.reason, p.subject, at)));
  }

  @Post(':id/scrap-approval')
  @HttpCode(200)
  @Roles('quality_engineer')
  @ApiCommand({ summary: 'Approve the scrap application (quality engineer only; never the applicant)', ok: PartReturnView, problems: { 404: NOT_FOUND, 409: ILLEGAL, 422: 'PART_RETURN_SELF_APPROVAL' } })
  approveScrap(@TenantId() t: string, @CurrentPrincipal() p: Principal, @Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) res: Response): Promise<PartReturnView> {
    return this.command(res, ifMatch, (v) => this.returns.change(t, id, v, (r, at) => r.approveScrap(p.subject, at)));
  }

  @Post(':id/repair')
  @HttpCode(200)
  @Roles('parts_clerk', 'quality_engineer')
  @ApiCommand({
    summary: 'Repaired: back into stock (a return movement)',
    description: 'The unit goes to the requests waiting for the part first (priority, then age), and ships a request it completes.',
    ok: PartReturnView,
    problems: { 404: NOT_FOUND, 409: ILLEGAL },
  })
  repair(@TenantId() t: string, @Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) res: Response): Promise<PartReturnView> {
    return this.command(res, ifMatch, async (v) => {
      const repaired = await this.returns.change(t, id, v, (r, at) => r.repair(at));
      await this.stock.serveWaiting(t, repaired.warehouseId, repaired.partNo, restockMovementOf(id), new Date());
      return repaired;
    });
  }

  @Post(':id/supplier-claim')
  @HttpCode(200)
  @Roles('quality_engineer')
  @ApiCommand({ summary: 'Claim against the supplier (supplier feedback for claims)', ok: PartReturnView, problems: { 404: NOT_FOUND, 409: ILLEGAL } })
  claimSupplier(@TenantId() t: string, @Param('id') id: string, @Body() body: SupplierClaimDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) res: Response): Promise<PartReturnView> {
    return this.command(res, ifMatch, (v) => this.returns.change(t, id, v, (r, at) => r.claimSupplier(body.supplierId, at)));
  }

  private async command(response: Response, ifMatch: string | undefined, run: (expectedVersion: number | undefined) => Promise<PartReturn>): Promise<PartReturnView> {
    const precondition = preconditionOf(ifMatch);
    return underPrecondition(precondition, async () => this.answer(response, await run(expectation(precondition).expectedVersion)));
  }

  private answer(response: Response, partReturn: PartReturn): PartReturnView {
    const view = toPartReturnView(partReturn);
    setEtag(response, view.version);
    return view;
  }
}
