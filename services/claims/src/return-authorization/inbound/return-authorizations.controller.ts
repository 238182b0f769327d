import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, TenantId, type Principal } from '@aftercare/auth';
import { API_PREFIX, ApiCommand, ApiCreate, ApiList, ApiProblem, ApiRead, ApiStandardProblems, expectation, preconditionOf, setEtag, underPrecondition } from '@aftercare/http';
import { ReturnAuthorizationCommands, type ReturnContext } from '../application/return-authorization-commands';
import { ReturnAuthorizationPage, ReturnAuthorizationView, toReturnAuthorizationView } from '../application/return-authorization.view';
import type { ReturnAuthorization } from '../domain/return-authorization';
import { CompleteReturnDetailsDto, DecideReturnDto, InspectReturnDto, ListReturnAuthorizationsQueryDto, ReceiveGoodsDto, RejectReturnDto, RequestReturnDto } from './return-authorization.dto';

const MANAGERS = ['manager', 'service_manager', 'deputy_gm', 'general_manager'] as const;
/** The market side raises a return; quality confirms the defect before goods come back (source 003 §1.5). */
const REQUESTERS = ['agent', 'quality_engineer', ...MANAGERS] as const;
const READERS = ['agent', 'quality_engineer', 'warehouse', ...MANAGERS] as const;
/** Approval, disposition and completion: the quality department, or a manager. */
const DECIDERS = ['quality_engineer', ...MANAGERS] as const;
/** The warehouse counts what arrived (source 003 §1.5 step 3). */
const RECEIVERS = ['warehouse', 'quality_engineer', ...MANAGERS] as const;

const NOT_FOUND = { 404: 'RETURN_AUTHORIZATION_NOT_FOUND (also for another tenant)' };
const STEP = { ...NOT_FOUND, 409: 'RETURN_AUTHORIZATION_ILLEGAL_TRANSITION: not the step the return is at', 422: 'RETURN_AUTHORIZATION_INVALID (field errors)' };

/**
 * Returns (RMA): requested, approved or rejected, goods received against the quantity expected,
 * inspected by quality (defect confirmed, samples kept), dispositioned, completed.
 */
@ApiTags('return-authorizations')
@ApiStandardProblems()
@ApiProblem(400, 'VALIDATION_FAILED (field errors)')
@Controller('return-authorizations')
export class ReturnAuthorizationsController {
  constructor(private readonly commands: ReturnAuthorizationCommands) {}

  @Post()
  @Roles(...REQUESTERS)
  @ApiCreate({ summary: 'Request a return (RMA) for a lot of a case', description: 'Honours Idempotency-Key.', created: ReturnAuthorizationView, problems: { 422: 'RETURN_AUTHORIZATION_INVALID' } })
  async create(@TenantId() tenantId: string, @Body() body: RequestReturnDto, @Res({ passthrough: true }) response: Response): Promise<ReturnAuthorizationView> {
    const rma = await this.commands.request({ tenantId, caseId: body.caseId, productModel: body.productModel ?? null, lot: body.lot, quantityExpected: body.quantityExpected });
    response.setHeader('Location', `/${API_PREFIX}/return-authorizations/${encodeURIComponent(rma.id)}`);
    return this.answer(rma, response);
  }

  @Get()
  @Roles(...READERS)
  @ApiList({ summary: 'List returns', description: 'Newest first.', page: ReturnAuthorizationPage })
  list(@TenantId() tenantId: string, @Query() query: ListReturnAuthorizationsQueryDto): Promise<ReturnAuthorizationPage> {
    return this.commands.list(tenantId, { limit: query.limit, cursor: query.cursor });
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiRead({ summary: 'Read a return', ok: ReturnAuthorizationView, problems: NOT_FOUND })
  async get(@TenantId() tenantId: string, @Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<ReturnAuthorizationView> {
    return this.answer(await this.commands.load(tenantId, id), response);
  }

  @Post(':id/details')
  @HttpCode(HttpStatus.OK)
  @Roles(...REQUESTERS)
  @ApiCommand({
    summary: 'Complete (or correct) the lot and the quantity expected while the return is requested',
    description: 'A return opened from an intake case starts without them; approval needs both.',
    ok: ReturnAuthorizationView,
    problems: STEP,
  })
  completeDetails(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: CompleteReturnDetailsDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(p, id, ifMatch, r, (ctx) => this.commands.completeDetails(ctx, { lot: body.lot, quantityExpected: body.quantityExpected }));
  }

  @Post(':id/approve')
  @HttpCode(HttpStatus.OK)
  @Roles(...DECIDERS)
  @ApiCommand({ summary: 'Approve the return (the defect is plausible; goods may come back)', ok: ReturnAuthorizationView, problems: { ...STEP, 422: 'RETURN_DETAILS_MISSING: lot or quantity not known yet (the problem names them in `missing`)' } })
  approve(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(p, id, ifMatch, r, (ctx) => this.commands.approve(ctx));
  }

  @Post(':id/reject')
  @HttpCode(HttpStatus.OK)
  @Roles(...DECIDERS)
  @ApiCommand({ summary: 'Reject the return, with the reason', ok: ReturnAuthorizationView, problems: STEP })
  reject(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: RejectReturnDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(p, id, ifMatch, r, (ctx) => this.commands.reject(ctx, body.reason));
  }

  @Post(':id/goods-received')
  @HttpCode(HttpStatus.OK)
  @Roles(...RECEIVERS)
  @ApiCommand({ summary: 'Record the goods received; a shortfall against the quantity expected is recorded', ok: ReturnAuthorizationView, problems: STEP })
  receive(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: ReceiveGoodsDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(p, id, ifMatch, r, (ctx) => this.commands.receive(ctx, body.quantityReceived));
  }

  @Post(':id/inspection')
  @HttpCode(HttpStatus.OK)
  @Roles('quality_engineer')
  @ApiCommand({
    summary: 'Record the inspection: defect confirmed, defective units, samples kept',
    description: 'Quality engineers only (the quality department checks the returned goods and keeps samples, source 003 §1.5). Half or more of the received units defective: the lot failed as a whole.',
    ok: ReturnAuthorizationView,
    problems: STEP,
  })
  inspect(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: InspectReturnDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) r: Response) {
    const { defectConfirmed, defectiveQuantity, samplesKept, findings } = body;
    return this.run(p, id, ifMatch, r, (ctx) => this.commands.inspect(ctx, { defectConfirmed, defectiveQuantity, samplesKept, findings }));
  }

  @Post(':id/disposition')
  @HttpCode(HttpStatus.OK)
  @Roles(...DECIDERS)
  @ApiCommand({
    summary: 'Decide the disposition: replace, refund, repair, rework or scrap',
    description: 'A few bad units of a lot are replaced, repaired or reworked; refund and scrap only for a lot that failed as a whole (422 DISPOSITION_NOT_ALLOWED).',
    ok: ReturnAuthorizationView,
    problems: { ...STEP, 422: 'RETURN_AUTHORIZATION_INVALID, DISPOSITION_NOT_ALLOWED' },
  })
  decide(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: DecideReturnDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(p, id, ifMatch, r, (ctx) => this.commands.decide(ctx, body.kind));
  }

  @Post(':id/complete')
  @HttpCode(HttpStatus.OK)
  @Roles(...DECIDERS)
  @ApiCommand({ summary: 'Complete the return (the disposition carried out)', ok: ReturnAuthorizationView, problems: STEP })
  complete(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(p, id, ifMatch, r, (ctx) => this.commands.complete(ctx));
  }

  private async run(principal: Principal, rmaId: string, ifMatch: string | undefined, response: Response, command: (ctx: ReturnContext) => Promise<ReturnAuthorization>): Promise<ReturnAuthorizationView> {
    const precondition = preconditionOf(ifMatch);
    const rma = await underPrecondition(precondition, () => command({ tenantId: principal.tenantId, rmaId, by: principal.subject, ...expectation(precondition) }));
    return this.answer(rma, response);
  }

  private answer(rma: ReturnAuthorization, response: Response): ReturnAuthorizationView {
    setEtag(response, rma.version);
    return toReturnAuthorizationView(rma.toSnapshot());
  }
}
