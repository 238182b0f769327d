import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, TenantId, type Principal, type Role } from '@aftercare/auth';
import {
  API_PREFIX,
  ApiCreate,
  ApiList,
  ApiProblem,
  ApiRead,
  ApiStandardProblems,
  ETAG_RESPONSE_HEADER,
  LOCATION_RESPONSE_HEADER,
  setEtag,
} from '@aftercare/http';
import { CaseCommands } from '../application/case-commands';
import { RegisterCase } from '../application/register-case';
import { ServiceRequestQueries, type Page } from '../application/service-request.queries';
import { ServiceRequestPage, ServiceRequestView } from '../application/service-request.view';
import { CaseCommand, NOT_FOUND, caseAnswer, runCaseCommand } from './case-command';
import {
  AddInformationDto,
  CancelDto,
  CloseDto,
  DecideEntitlementDto,
  ListServiceRequestsQueryDto,
  RegisterServiceRequestDto,
  ReopenDto,
} from './service-request.dto';

const READERS: [Role, ...Role[]] = ['agent', 'dispatcher', 'manager'];

/**
 * The service case over HTTP: agents (phone, walk-in, e-mail), the web form and integrations
 * register cases; agents follow them through their life. Thin: each route maps to a use case.
 * Every answer with one case carries its version as `ETag`; every command takes `If-Match`
 * (optional; a stale one is 412 PRECONDITION_FAILED).
 */
@ApiTags('service-requests')
@ApiStandardProblems()
@ApiProblem(400, 'Invalid input (VALIDATION_FAILED, SERVICE_REQUEST_INVALID…)')
@Controller('service-requests')
export class ServiceRequestsController {
  constructor(
    private readonly registerCase: RegisterCase,
    private readonly commands: CaseCommands,
    private readonly queries: ServiceRequestQueries,
  ) {}

  @Post()
  @Roles('agent', 'integration')
  @ApiCreate({
    summary: 'Register a case',
    description:
      'Classifies, checks entitlement against the installed base, acknowledges the customer and routes the case. ' +
      'The same externalRef on the same channel answers 200 with the case registered before. Honours Idempotency-Key.',
    created: ServiceRequestView,
    createdDescription: 'Registered (Location: the case; ETag: its version)',
    problems: {
      422:
        'SERVICE_REQUEST_INCOMPLETE: fields the requested type needs are missing; SERVICE_REQUEST_QUALITY_PROBLEM_NOT_FIELD_SERVICE; SERVICE_REQUEST_INTERNAL_WORK_NOT_FIELD_SERVICE; ' +
        'SERVICE_REQUEST_ATTACHMENT_ID_TAKEN: two attachments with one id; SERVICE_REQUEST_PREFERRED_TIME_REVERSED: preferredTime.to before from',
    },
  })
  @ApiOkResponse({
    type: ServiceRequestView,
    headers: { ...LOCATION_RESPONSE_HEADER, ...ETAG_RESPONSE_HEADER },
    description: 'The case registered before for the same channel and externalRef',
  })
  async register(
    @TenantId() tenantId: string,
    @Body() body: RegisterServiceRequestDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ServiceRequestView> {
    const result = await this.registerCase.execute({
      tenantId,
      channel: body.channel,
      externalRef: body.externalRef ?? null,
      customer: body.customer,
      product: body.product,
      problemDescription: body.problemDescription,
      attachments: body.attachments?.map((a) => ({ ...a })),
      requestedType: body.requestedType,
      preferredTime: body.preferredTime
        ? { from: new Date(body.preferredTime.from), to: body.preferredTime.to ? new Date(body.preferredTime.to) : null }
        : null,
      severity: body.severity,
      urgency: body.urgency,
      misuse: body.misuse ?? false,
      qualityProblem: body.qualityProblem ?? false,
      internalWork: body.internalWork ?? false,
    });
    response.status(result.created ? HttpStatus.CREATED : HttpStatus.OK);
    response.setHeader('Location', `/${API_PREFIX}/service-requests/${encodeURIComponent(result.serviceRequest.id)}`);
    return caseAnswer(response, result.serviceRequest);
  }

  @Get()
  @Roles(...READERS)
  @ApiList({ summary: 'List cases', description: 'Newest first (received time), cursor paging.', page: ServiceRequestPage })
  list(@TenantId() tenantId: string, @Query() query: ListServiceRequestsQueryDto): Promise<Page<ServiceRequestView>> {
    return this.queries.list(tenantId, {
      status: query.status,
      type: query.type,
      priority: query.priority,
      customerId: query.customerId,
      serial: query.serial,
      channel: query.channel,
      slaBreached: query.slaBreached,
      createdFrom: query.createdFrom ? new Date(query.createdFrom) : undefined,
      createdTo: query.createdTo ? new Date(query.createdTo) : undefined,
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiRead({ summary: 'Read a case', ok: ServiceRequestView, okDescription: 'The case (ETag: its version)', problems: { 404: NOT_FOUND } })
  async get(@TenantId() tenantId: string, @Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<ServiceRequestView> {
    const view = await this.queries.get(tenantId, id);
    setEtag(response, view.version);
    return view;
  }

  @Post(':id/information')
  @HttpCode(HttpStatus.OK)
  @Roles('agent', 'integration')
  @CaseCommand('Add information and attachment references', {
    problems: { 422: 'SERVICE_REQUEST_ATTACHMENT_ID_TAKEN: an attachment id the case already holds, or one given twice; SERVICE_REQUEST_INVALID: neither text nor attachments' },
  })
  addInformation(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: AddInformationDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ServiceRequestView> {
    return runCaseCommand(id, ifMatch, response, (expect) =>
      this.commands.addInformation(principal.tenantId, id, {
        ...expect,
        text: body.text,
        attachments: body.attachments?.map((a) => ({ ...a })),
        addedBy: principal.subject,
      }),
    );
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @Roles('agent', 'integration')
  @CaseCommand('Cancel a case (before it is resolved)')
  cancel(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: CancelDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ServiceRequestView> {
    const cancelledBy = principal.roles.includes('agent') ? 'agent' : 'integration';
    return runCaseCommand(id, ifMatch, response, (expect) => this.commands.cancel(principal.tenantId, id, { ...expect, reason: body.reason, cancelledBy }));
  }

  @Post(':id/confirm')
  @HttpCode(HttpStatus.OK)
  @Roles('agent')
  @CaseCommand('The customer confirms the result (resolved → confirmed)')
  confirm(
    @TenantId() tenantId: string,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ServiceRequestView> {
    return runCaseCommand(id, ifMatch, response, (expect) => this.commands.confirm(tenantId, id, expect));
  }

  @Post(':id/reopen')
  @HttpCode(HttpStatus.OK)
  @Roles('agent')
  @CaseCommand('Reopen a resolved, confirmed or (within 30 days) closed case', {
    problems: { 422: 'SERVICE_REQUEST_REOPEN_WINDOW_EXPIRED' },
  })
  reopen(
    @TenantId() tenantId: string,
    @Param('id') id: string,
    @Body() body: ReopenDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ServiceRequestView> {
    return runCaseCommand(id, ifMatch, response, (expect) => this.commands.reopen(tenantId, id, { ...expect, reason: body.reason, note: body.note ?? null }));
  }

  @Post(':id/close')
  @HttpCode(HttpStatus.OK)
  @Roles('agent')
  @CaseCommand('Close a resolved or confirmed case')
  close(
    @TenantId() tenantId: string,
    @Param('id') id: string,
    @Body() body: CloseDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ServiceRequestView> {
    return runCaseCommand(id, ifMatch, response, (expect) => this.commands.close(tenantId, id, { ...expect, reason: body.reason }));
  }

  @Patch(':id/entitlement')
  @Roles('agent')
  @CaseCommand('Decide the entitlement', {
    description: 'The agent settles an entitlement the installed base could not decide; a case waiting for it is routed.',
    problems: { 422: 'SERVICE_REQUEST_INVALID_ENTITLEMENT: a combination the rules do not allow (e.g. out of warranty with fee class C)' },
  })
  decideEntitlement(
    @TenantId() tenantId: string,
    @Param('id') id: string,
    @Body() body: DecideEntitlementDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ServiceRequestView> {
    return runCaseCommand(id, ifMatch, response, (expect) =>
      this.commands.decideEntitlement(tenantId, id, { ...expect, entitlement: body.entitlement, feeClass: body.feeClass, contractId: body.contractId }),
    );
  }
}
