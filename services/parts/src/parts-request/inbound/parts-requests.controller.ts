import { Body, Controller, ForbiddenException, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, TenantId, type Principal } from '@aftercare/auth';
import { invalidFields } from '@aftercare/ddd';
import {
  API_PREFIX,
  ApiCommand,
  ApiCreate,
  ApiList,
  ApiProblem,
  ApiRead,
  ApiStandardProblems,
  expectation,
  preconditionOf,
  setEtag,
  underPrecondition,
} from '@aftercare/http';
import { PartsRequestCommands } from '../application/parts-request-commands';
import { PartsRequestQueries } from '../application/parts-request.queries';
import { PartsRequestPage, PartsRequestView, toPartsRequestView } from '../application/parts-request.view';
import { PARTS_REQUEST_ERRORS, type PartsRequest } from '../domain';
import { CancelPartsRequestDto, DeliverDto, ListPartsRequestsQueryDto, RequestPartsDto, ReviseEtaDto, SettleCarrierClaimDto, ShipDto, TakeFromVanDto } from './parts-request.dto';

const NOT_FOUND = 'PARTS_REQUEST_NOT_FOUND (also for another tenant, and for a technician another technician\'s request)';
const ILLEGAL = 'PARTS_REQUEST_ILLEGAL_TRANSITION: not allowed in the current status';

/** A technician acts only on the requests they asked for. */
const ownOnly = (principal: Principal): string | undefined =>
  principal.roles.includes('technician') && !principal.roles.some((r) => r === 'parts_clerk' || r === 'warehouse' || r === 'manager') ? principal.subject : undefined;

/**
 * Parts requests over HTTP: technicians ask for parts and confirm what arrived; parts clerks
 * (备件 / 物流) reserve, pick, pack, ship, settle and close; the warehouse (仓库保管员) picks, packs
 * and ships; managers read and decide.
 * One request answers with its version as `ETag`; every command takes `If-Match` (optional).
 */
@ApiTags('parts-requests')
@ApiStandardProblems()
@ApiProblem(400, 'VALIDATION_FAILED or PARTS_REQUEST_INVALID (field errors)')
@Controller('parts-requests')
export class PartsRequestsController {
  constructor(
    private readonly commands: PartsRequestCommands,
    private readonly queries: PartsRequestQueries,
  ) {}

  @Post()
  @Roles('parts_clerk', 'technician', 'manager')
  @ApiCreate({
    summary: 'Request parts',
    description:
      'Reserves what the warehouse has (substitutes when allowed); what is short is backordered and one purchase request per short line goes to the ERP. Honours Idempotency-Key.',
    created: PartsRequestView,
    problems: { 422: 'PARTS_REQUEST_INCOMPLETE: every missing field of the procedure named' },
  })
  async request(
    @TenantId() tenantId: string,
    @CurrentPrincipal() principal: Principal,
    @Body() body: RequestPartsDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PartsRequestView> {
    const request = await this.commands.request(tenantId, {
      priority: body.priority,
      warehouseId: body.warehouseId,
      caseId: body.caseId,
      workOrderId: body.workOrderId,
      lines: body.lines?.map((l) => ({ ...l })),
      neededBy: body.neededBy ? new Date(body.neededBy) : null,
      customer: body.customer ? { customerId: body.customer.customerId, name: body.customer.name } : null,
      originalPlanNo: body.originalPlanNo,
      shipTo: body.shipTo ? { address: body.shipTo.address, consignee: body.shipTo.consignee, phone: body.shipTo.phone } : null,
      requiredShipDate: body.requiredShipDate,
      requiredArrivalDate: body.requiredArrivalDate,
      origin: 'http',
      requestedBy: principal.subject,
      at: new Date(),
    });
    response.setHeader('Location', `/${API_PREFIX}/parts-requests/${encodeURIComponent(request.id)}`);
    return this.answer(response, request);
  }

  @Get()
  @Roles('parts_clerk', 'warehouse', 'technician', 'quality_engineer', 'manager')
  @ApiList({ summary: 'List parts requests', description: 'Newest first; a technician sees their own; cursor paging.', page: PartsRequestPage })
  list(@TenantId() tenantId: string, @CurrentPrincipal() principal: Principal, @Query() query: ListPartsRequestsQueryDto): Promise<PartsRequestPage> {
    return this.queries.list(tenantId, { status: query.status, workOrderId: query.workOrderId, requestedBy: ownOnly(principal), limit: query.limit, cursor: query.cursor });
  }

  @Get(':id')
  @Roles('parts_clerk', 'warehouse', 'technician', 'quality_engineer', 'manager')
  @ApiRead({ summary: 'Read a parts request', ok: PartsRequestView, problems: { 404: NOT_FOUND } })
  async get(@TenantId() tenantId: string, @CurrentPrincipal() principal: Principal, @Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<PartsRequestView> {
    const view = await this.queries.get(tenantId, id, ownOnly(principal));
    setEtag(response, view.version);
    return view;
  }

  @Post(':id/pick')
  @HttpCode(200)
  @Roles('parts_clerk', 'warehouse')
  @ApiCommand({ summary: 'Pick the reserved parts', ok: PartsRequestView, problems: { 404: NOT_FOUND, 409: ILLEGAL } })
  pick(@TenantId() tenantId: string, @CurrentPrincipal() principal: Principal, @Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) response: Response): Promise<PartsRequestView> {
    const precondition = preconditionOf(ifMatch);
    return underPrecondition(precondition, async () => this.answer(response, await this.commands.pick(tenantId, id, principal.subject, expectation(precondition))));
  }

  @Post(':id/pack')
  @HttpCode(200)
  @Roles('parts_clerk', 'warehouse')
  @ApiCommand({ summary: 'Pack and inspect (makes the dispatch note, 调拨单)', ok: PartsRequestView, problems: { 404: NOT_FOUND, 409: ILLEGAL } })
  pack(@TenantId() tenantId: string, @CurrentPrincipal() principal: Principal, @Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) response: Response): Promise<PartsRequestView> {
    const precondition = preconditionOf(ifMatch);
    return underPrecondition(precondition, async () => this.answer(response, await this.commands.pack(tenantId, id, principal.subject, expectation(precondition))));
  }

  @Post(':id/ship')
  @HttpCode(200)
  @Roles('parts_clerk', 'warehouse')
  @ApiCommand({ summary: 'Hand over to the carrier', description: 'An ETA after the needed-by date publishes a delay (once per slip).', ok: PartsRequestView, problems: { 404: NOT_FOUND, 409: ILLEGAL } })
  ship(@TenantId() tenantId: string, @Param('id') id: string, @Body() body: ShipDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) response: Response): Promise<PartsRequestView> {
    const precondition = preconditionOf(ifMatch);
    return underPrecondition(precondition, async () =>
      this.answer(
        response,
        await this.commands.ship(tenantId, id, { carrier: body.carrier, trackingNo: body.trackingNo, eta: body.eta ? new Date(body.eta) : null, transportCost: body.transportCost ?? 0 }, expectation(precondition)),
      ),
    );
  }

  @Post(':id/eta')
  @HttpCode(200)
  @Roles('parts_clerk', 'warehouse')
  @ApiCommand({
    summary: "Record the carrier's new ETA",
    description: 'While the parts are on their way (shipped): an ETA after the needed-by date, and later than the last one announced, publishes a delay and asks for a customer notification (once per slip).',
    ok: PartsRequestView,
    problems: { 404: NOT_FOUND, 409: ILLEGAL },
  })
  reviseEta(@TenantId() tenantId: string, @Param('id') id: string, @Body() body: ReviseEtaDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) response: Response): Promise<PartsRequestView> {
    const precondition = preconditionOf(ifMatch);
    return underPrecondition(precondition, async () => this.answer(response, await this.commands.reviseEta(tenantId, id, new Date(body.eta), expectation(precondition))));
  }

  @Post(':id/deliver')
  @HttpCode(200)
  @Roles('parts_clerk', 'technician')
  @ApiCommand({
    summary: 'Confirm what arrived',
    description: 'Counts per part of the dispatch note; a shortfall or damage is recorded against the carrier and keeps the request open.',
    ok: PartsRequestView,
    problems: { 404: NOT_FOUND, 409: ILLEGAL, 422: 'PARTS_REQUEST_RECEIPT_INVALID: the counts do not match the dispatch note' },
  })
  async deliver(
    @TenantId() tenantId: string,
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: DeliverDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PartsRequestView> {
    await this.queries.get(tenantId, id, ownOnly(principal));
    const precondition = preconditionOf(ifMatch);
    const counts = body.lines.map((l) => ({ partNo: l.partNo, received: l.received, damaged: l.damaged ?? 0 }));
    return underPrecondition(precondition, async () => this.answer(response, await this.commands.deliver(tenantId, id, body.receivedBy, counts, expectation(precondition))));
  }

  @Post(':id/take-from-van')
  @HttpCode(200)
  @Roles('parts_clerk', 'technician')
  @ApiCommand({
    summary: "Take the parts from a technician's van",
    description:
      "Before the warehouse picks: the van's units are taken (a consumption movement per part, of available units only), what the warehouse held goes back, and the request is delivered at once; a work order waiting for it resumes.",
    ok: PartsRequestView,
    problems: {
      403: 'STOCK_NOT_YOURS: a technician naming another van than their own',
      404: NOT_FOUND,
      409: `${ILLEGAL}; STOCK_INSUFFICIENT: the van does not hold every part (nothing taken)`,
      422: 'PARTS_REQUEST_VAN_PICK_INVALID: a line without a catalogue part number, or no van named by a parts clerk',
    },
  })
  async takeFromVan(
    @TenantId() tenantId: string,
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: TakeFromVanDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PartsRequestView> {
    const own = ownOnly(principal);
    await this.queries.get(tenantId, id, own);
    const technicianId = body.technicianId ?? own;
    if (own && technicianId !== own) throw new ForbiddenException({ code: 'STOCK_NOT_YOURS', message: 'a technician takes parts from their own van only' });
    if (!technicianId) throw invalidFields(PARTS_REQUEST_ERRORS.VAN_PICK_INVALID, 'whose van?', [{ field: 'technicianId', message: 'is required for a parts clerk' }]);
    const precondition = preconditionOf(ifMatch);
    return underPrecondition(precondition, async () => this.answer(response, await this.commands.takeFromVan(tenantId, id, technicianId, expectation(precondition))));
  }

  @Post(':id/carrier-claim/settle')
  @HttpCode(200)
  @Roles('parts_clerk', 'manager')
  @ApiCommand({ summary: 'Settle the shortfall or damage recorded against the carrier', ok: PartsRequestView, problems: { 404: NOT_FOUND, 409: 'PARTS_REQUEST_NO_CARRIER_CLAIM' } })
  settle(
    @TenantId() tenantId: string,
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: SettleCarrierClaimDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PartsRequestView> {
    const precondition = preconditionOf(ifMatch);
    return underPrecondition(precondition, async () =>
      this.answer(response, await this.commands.settleCarrierClaim(tenantId, id, body.amount, body.note ?? null, principal.subject, expectation(precondition))),
    );
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('parts_clerk', 'manager')
  @ApiCommand({ summary: 'Close a delivered request (with its costs)', ok: PartsRequestView, problems: { 404: NOT_FOUND, 409: `${ILLEGAL}; PARTS_REQUEST_CARRIER_CLAIM_OPEN` } })
  close(@TenantId() tenantId: string, @CurrentPrincipal() principal: Principal, @Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) response: Response): Promise<PartsRequestView> {
    const precondition = preconditionOf(ifMatch);
    return underPrecondition(precondition, async () => this.answer(response, await this.commands.close(tenantId, id, principal.subject, expectation(precondition))));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('parts_clerk', 'manager')
  @ApiCommand({ summary: 'Cancel (releases what was reserved)', ok: PartsRequestView, problems: { 404: NOT_FOUND, 409: ILLEGAL } })
  cancel(
    @TenantId() tenantId: string,
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: CancelPartsRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PartsRequestView> {
    const precondition = preconditionOf(ifMatch);
    return underPrecondition(precondition, async () => this.answer(response, await this.commands.cancel(tenantId, id, body.reason, principal.subject, expectation(precondition))));
  }

  private answer(response: Response, request: PartsRequest): PartsRequestView {
    const view = toPartsRequestView(request);
    setEtag(response, view.version);
    return view;
  }
}
