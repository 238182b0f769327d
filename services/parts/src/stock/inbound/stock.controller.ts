import { randomUUID } from 'node:crypto';
import { Body, Controller, ForbiddenException, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, TenantId, type Principal } from '@aftercare/auth';
import { ApiCommand, ApiRead, ApiStandardProblems, expectation, preconditionOf, setEtag, underPrecondition } from '@aftercare/http';
import { ReceiveGoods } from '../../parts-request/application/receive-goods';
import { StockCounts } from '../../parts-request/application/stock-counts';
import { scrapFromShelf, vanOf } from '../domain';
import { StockStore } from '../infrastructure/stock.store';
import { StockView, toStockView } from '../application/stock.view';
import { GoodsReceiptDto, ShelfScrapDto, StockCountDto } from './stock.dto';

/** A technician's van is the warehouse `van-<their subject>`: the only stock a technician may read. */
function mayRead(principal: Principal, warehouseId: string): void {
  const other = principal.roles.some((r) => r === 'parts_clerk' || r === 'warehouse' || r === 'manager' || r === 'quality_engineer');
  if (!other && warehouseId !== vanOf(principal.subject)) {
    throw new ForbiddenException({ code: 'STOCK_NOT_YOURS', message: 'a technician reads the stock of their own van only' });
  }
}

/** Stock per warehouse over HTTP: levels, waiting demand, the ledger, counts and goods received by hand. */
@ApiTags('stock')
@ApiStandardProblems()
@Controller('warehouses/:warehouseId/stock/:partNo')
export class StockController {
  constructor(
    private readonly stock: StockStore,
    private readonly receiveGoods: ReceiveGoods,
    private readonly counts: StockCounts,
  ) {}

  @Get()
  @Roles('parts_clerk', 'warehouse', 'quality_engineer', 'manager', 'technician')
  @ApiRead({
    summary: 'Stock of a part in a warehouse (a van is van-<technician>)',
    description: 'Levels, waiting demand and the newest ledger entries; a part never stocked there reads as zero (version 0).',
    ok: StockView,
    problems: { 403: 'STOCK_NOT_YOURS: a technician reading another warehouse than their van' },
  })
  async get(
    @TenantId() tenantId: string,
    @CurrentPrincipal() principal: Principal,
    @Param('warehouseId') warehouseId: string,
    @Param('partNo') partNo: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StockView> {
    mayRead(principal, warehouseId);
    return this.answer(response, tenantId, warehouseId, partNo);
  }

  @Post('counts')
  @HttpCode(200)
  @Roles('parts_clerk', 'warehouse')
  @ApiCommand({
    summary: 'Record a stock count',
    description: 'Sets on hand; the difference is an adjustment in the ledger. Units found while requests wait for the part are reserved for them in priority, then age order (shipped when complete), as after a goods receipt.',
    ok: StockView,
  })
  async count(
    @TenantId() tenantId: string,
    @Param('warehouseId') warehouseId: string,
    @Param('partNo') partNo: string,
    @Body() body: StockCountDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StockView> {
    const countId = body.countId ?? `count-${randomUUID()}`;
    const precondition = preconditionOf(ifMatch);
    await underPrecondition(precondition, () => this.counts.count(tenantId, warehouseId, partNo, countId, body.onHand, new Date(), { expectedVersion: expectation(precondition).expectedVersion }));
    return this.answer(response, tenantId, warehouseId, partNo);
  }

  @Post('receipts')
  @HttpCode(200)
  @Roles('parts_clerk', 'warehouse')
  @ApiCommand({
    summary: 'Receive goods by hand',
    description: 'As an ERP goods receipt: the waiting requests are served in priority, then age order, and shipped when complete.',
    ok: StockView,
  })
  async receive(
    @TenantId() tenantId: string,
    @Param('warehouseId') warehouseId: string,
    @Param('partNo') partNo: string,
    @Body() body: GoodsReceiptDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StockView> {
    const precondition = preconditionOf(ifMatch);
    await underPrecondition(precondition, async () => {
      const { version } = await this.stock.find(tenantId, warehouseId, partNo);
      const expected = expectation(precondition).expectedVersion;
      if (expected !== undefined && expected !== version) await this.stock.change(tenantId, warehouseId, partNo, (item) => ({ item, result: undefined }), expected);
      await this.receiveGoods.execute(tenantId, { receiptId: body.receiptId, warehouseId, purchaseRequestId: null, lines: [{ partNo, quantity: body.quantity }], receivedAt: new Date().toISOString() });
    });
    return this.answer(response, tenantId, warehouseId, partNo);
  }

  @Post('scraps')
  @HttpCode(200)
  @Roles('quality_engineer')
  @ApiCommand({
    summary: 'Scrap units from the shelf',
    description:
      'A quality engineer takes unusable units (damaged in the warehouse, past their shelf life) off the books: a scrap movement with its reason. Only available units; reserved ones are released first (409 STOCK_INSUFFICIENT otherwise). A repeated scrapId changes nothing.',
    ok: StockView,
    problems: { 409: 'STOCK_INSUFFICIENT: more than the available units' },
  })
  async scrap(
    @TenantId() tenantId: string,
    @Param('warehouseId') warehouseId: string,
    @Param('partNo') partNo: string,
    @Body() body: ShelfScrapDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StockView> {
    const scrapId = body.scrapId ?? `scrap-${randomUUID()}`;
    const precondition = preconditionOf(ifMatch);
    await underPrecondition(precondition, () =>
      this.stock.change(tenantId, warehouseId, partNo, (item) => ({ item: scrapFromShelf(item, scrapId, body.quantity, body.reason, new Date()), result: undefined }), expectation(precondition).expectedVersion),
    );
    return this.answer(response, tenantId, warehouseId, partNo);
  }

  private async answer(response: Response, tenantId: string, warehouseId: string, partNo: string): Promise<StockView> {
    const { item, version } = await this.stock.find(tenantId, warehouseId, partNo);
    setEtag(response, version);
    return toStockView(item, version);
  }
}
