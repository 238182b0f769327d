import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, TenantId, type Principal } from '@aftercare/auth';
import { API_PREFIX, ApiCommand, ApiCreate, ApiList, ApiProblem, ApiRead, ApiStandardProblems, expectation, preconditionOf, setEtag, underPrecondition } from '@aftercare/http';
import { actorOf, approvalsAsForbidden } from '../../common/approvals';
import { OpenServiceComplaint } from '../application/open-service-complaint';
import { ServiceComplaintCommands, type ComplaintContext } from '../application/service-complaint-commands';
import { ServiceComplaintPage, ServiceComplaintView, toServiceComplaintView } from '../application/service-complaint.view';
import type { ServiceComplaint } from '../domain/service-complaint';
import { CheckDto, CloseComplaintDto, ListServiceComplaintsQueryDto, OpenServiceComplaintDto, RespondDto } from './service-complaint.dto';

const HANDLERS = ['agent', 'quality_engineer', 'manager', 'service_manager', 'deputy_gm', 'general_manager'] as const;
const NOT_FOUND = { 404: 'SERVICE_COMPLAINT_NOT_FOUND (also for another tenant)' };
const STEP = { ...NOT_FOUND, 409: 'SERVICE_COMPLAINT_ILLEGAL_TRANSITION', 422: 'SERVICE_COMPLAINT_INVALID' };

/** Service complaints: registered, answered within 24 h, checked within 3 working days, closed with a written result. */
@ApiTags('service-complaints')
@ApiStandardProblems()
@ApiProblem(400, 'VALIDATION_FAILED (field errors)')
@Controller('service-complaints')
export class ServiceComplaintsController {
  constructor(
    private readonly open: OpenServiceComplaint,
    private readonly commands: ServiceComplaintCommands,
  ) {}

  @Post()
  @Roles(...HANDLERS)
  @ApiCreate({ summary: 'Register a service complaint', description: 'Honours Idempotency-Key.', created: ServiceComplaintView, problems: { 422: 'SERVICE_COMPLAINT_INVALID' } })
  async create(@TenantId() tenantId: string, @Body() body: OpenServiceComplaintDto, @Res({ passthrough: true }) response: Response): Promise<ServiceComplaintView> {
    const { complaint } = await this.open.manual({
      id: `sc-${randomUUID()}`,
      tenantId,
      caseId: body.caseId,
      channel: body.channel,
      level: body.level,
      complainant: { name: body.complainantName, phone: body.complainantPhone ?? null, email: body.complainantEmail ?? null },
      content: body.content,
      technicianId: body.technicianId ?? null,
      personConcerned: body.personConcerned ?? null,
      receivedAt: new Date(),
    });
    response.setHeader('Location', `/${API_PREFIX}/service-complaints/${encodeURIComponent(complaint.id)}`);
    return this.answer(complaint, response);
  }

  @Get()
  @Roles(...HANDLERS)
  @ApiList({ summary: 'List service complaints', description: 'Newest first.', page: ServiceComplaintPage })
  list(@TenantId() tenantId: string, @Query() query: ListServiceComplaintsQueryDto): Promise<ServiceComplaintPage> {
    return this.commands.list(tenantId, { limit: query.limit, cursor: query.cursor });
  }

  @Get(':id')
  @Roles(...HANDLERS)
  @ApiRead({ summary: 'Read a service complaint', ok: ServiceComplaintView, problems: NOT_FOUND })
  async get(@TenantId() tenantId: string, @Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<ServiceComplaintView> {
    return this.answer(await this.commands.load(tenantId, id), response);
  }

  @Post(':id/response')
  @HttpCode(HttpStatus.OK)
  @Roles(...HANDLERS)
  @ApiCommand({ summary: 'Record the first response (the complainant contacted)', ok: ServiceComplaintView, problems: STEP })
  respond(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: RespondDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(p, id, ifMatch, r, (ctx) => this.commands.respond(ctx, body.note));
  }

  @Post(':id/check')
  @HttpCode(HttpStatus.OK)
  @Roles(...HANDLERS)
  @ApiCommand({ summary: 'Record the preliminary check (confirmed or not)', ok: ServiceComplaintView, problems: STEP })
  check(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: CheckDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(p, id, ifMatch, r, (ctx) => this.commands.check(ctx, { confirmed: body.confirmed, findings: body.findings }));
  }

  @Post(':id/close')
  @HttpCode(HttpStatus.OK)
  @Roles(...HANDLERS)
  @ApiCommand({
    summary: 'Close with the result told to the customer in writing',
    description: "A serious complaint needs the deputy general manager's approval (deputy_gm or general_manager closes it).",
    ok: ServiceComplaintView,
    problems: { ...STEP, 403: 'APPROVAL_REQUIRED' },
  })
  close(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: CloseComplaintDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(p, id, ifMatch, r, (ctx) => this.commands.close(ctx, body.result));
  }

  private async run(
    principal: Principal,
    complaintId: string,
    ifMatch: string | undefined,
    response: Response,
    command: (ctx: ComplaintContext) => Promise<ServiceComplaint>,
  ): Promise<ServiceComplaintView> {
    const precondition = preconditionOf(ifMatch);
    const complaint = await underPrecondition(precondition, () =>
      approvalsAsForbidden(() => command({ tenantId: principal.tenantId, complaintId, actor: actorOf(principal), ...expectation(precondition) })),
    );
    return this.answer(complaint, response);
  }

  private answer(complaint: ServiceComplaint, response: Response): ServiceComplaintView {
    setEtag(response, complaint.version);
    return toServiceComplaintView(complaint.toSnapshot());
  }
}
