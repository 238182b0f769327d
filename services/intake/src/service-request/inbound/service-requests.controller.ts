import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, TenantId, type Principal, type Role } from '@aftercare/auth';
import { API_PREFIX } from '@aftercare/http';
import { CaseCommands } from '../application/case-commands';
import { RegisterCase } from '../application/register-case';
import { ServiceRequestQueries, toCaseView, type CaseView, type Page } from '../application/service-request.queries';
import type { ServiceRequest } from '../domain';
import {
  AddInformationDto,
  CancelDto,
  CloseDto,
  DecideEntitlementDto,
  ListServiceRequestsQueryDto,
  RegisterServiceRequestDto,
  ReopenDto,
} from './service-request.dto';
import { ServiceRequestPage, ServiceRequestView } from './service-request.view.dto';

const READERS: [Role, ...Role[]] = ['agent', 'dispatcher', 'manager'];

/** The same view as the queries build from the stored document. */
const viewOf = (request: ServiceRequest): CaseView => toCaseView(request.toSnapshot());

/**
 * The service case over HTTP: agents (phone, walk-in, e-mail), the web form and integrations
 * register cases; agents follow them through their life. Thin: each route maps to a use case.
 */
@ApiTags('service-requests')
@ApiBadRequestResponse({ description: 'Invalid input (VALIDATION_FAILED, SERVICE_REQUEST_INVALID…), problem details' })
@Controller('service-requests')
export class ServiceRequestsController {
  constructor(
    private readonly registerCase: RegisterCase,
    private readonly commands: CaseCommands,
    private readonly queries: ServiceRequestQueries,
  ) {}

  @Post()
  @Roles('agent', 'integration')
  @ApiOperation({
    summary: 'Register a case',
    description:
      'Classifies, checks entitlement against the installed base, acknowledges the customer and routes the case. ' +
      'The same externalRef on the same channel answers 200 with the case registered before. Honours Idempotency-Key.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retries with the same key and body replay the first answer' })
  @ApiCreatedResponse({ type: ServiceRequestView, description: 'Registered (Location: the case)' })
  @ApiOkResponse({ type: ServiceRequestView, description: 'The case registered before for the same channel and externalRef' })
  @ApiUnprocessableEntityResponse({ description: 'SERVICE_REQUEST_INCOMPLETE: fields the requested type needs are missing' })
  async register(
    @TenantId() tenantId: string,
    @Body() body: RegisterServiceRequestDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseView> {
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
    });
    response.status(result.created ? HttpStatus.CREATED : HttpStatus.OK);
    response.setHeader('Location', `/${API_PREFIX}/service-requests/${encodeURIComponent(result.serviceRequest.id)}`);
    return viewOf(result.serviceRequest);
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'List cases', description: 'Newest first (received time), cursor paging.' })
  @ApiOkResponse({ type: ServiceRequestPage })
  list(@TenantId() tenantId: string, @Query() query: ListServiceRequestsQueryDto): Promise<Page<CaseView>> {
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
  @ApiOperation({ summary: 'Read a case' })
  @ApiOkResponse({ type: ServiceRequestView })
  @ApiNotFoundResponse({ description: 'SERVICE_REQUEST_NOT_FOUND (also for another tenant\'s case)' })
  get(@TenantId() tenantId: string, @Param('id') id: string): Promise<CaseView> {
    return this.queries.get(tenantId, id);
  }

  @Post(':id/information')
  @HttpCode(HttpStatus.OK)
  @Roles('agent', 'integration')
  @ApiOperation({
    summary: 'Add information and attachment references',
    description: 'For a case merged as a duplicate, the information goes to the surviving case, which is returned.',
  })
  @ApiOkResponse({ type: ServiceRequestView })
  @ApiNotFoundResponse({ description: 'SERVICE_REQUEST_NOT_FOUND' })
  @ApiConflictResponse({ description: 'SERVICE_REQUEST_ILLEGAL_TRANSITION, CONCURRENT_MODIFICATION' })
  async addInformation(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: AddInformationDto): Promise<CaseView> {
    const request = await this.commands.addInformation(principal.tenantId, id, {
      text: body.text,
      attachments: body.attachments?.map((a) => ({ ...a })),
      addedBy: principal.subject,
    });
    return viewOf(request);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @Roles('agent', 'integration')
  @ApiOperation({ summary: 'Cancel a case (before it is resolved)' })
  @ApiOkResponse({ type: ServiceRequestView })
  @ApiNotFoundResponse({ description: 'SERVICE_REQUEST_NOT_FOUND' })
  @ApiConflictResponse({ description: 'SERVICE_REQUEST_ILLEGAL_TRANSITION, CONCURRENT_MODIFICATION' })
  async cancel(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: CancelDto): Promise<CaseView> {
    const cancelledBy = principal.roles.includes('agent') ? 'agent' : 'integration';
    return viewOf(await this.commands.cancel(principal.tenantId, id, { reason: body.reason, cancelledBy }));
  }

  @Post(':id/confirm')
  @HttpCode(HttpStatus.OK)
  @Roles('agent')
  @ApiOperation({ summary: 'The customer confirms the result (resolved → confirmed)' })
  @ApiOkResponse({ type: ServiceRequestView })
  @ApiNotFoundResponse({ description: 'SERVICE_REQUEST_NOT_FOUND' })
  @ApiConflictResponse({ description: 'SERVICE_REQUEST_ILLEGAL_TRANSITION, CONCURRENT_MODIFICATION' })
  async confirm(@TenantId() tenantId: string, @Param('id') id: string): Promise<CaseView> {
    return viewOf(await this.commands.confirm(tenantId, id));
  }

  @Post(':id/reopen')
  @HttpCode(HttpStatus.OK)
  @Roles('agent')
  @ApiOperation({ summary: 'Reopen a resolved, confirmed or (within 30 days) closed case' })
  @ApiOkResponse({ type: ServiceRequestView })
  @ApiNotFoundResponse({ description: 'SERVICE_REQUEST_NOT_FOUND' })
  @ApiConflictResponse({ description: 'SERVICE_REQUEST_ILLEGAL_TRANSITION, CONCURRENT_MODIFICATION' })
  @ApiUnprocessableEntityResponse({ description: 'SERVICE_REQUEST_REOPEN_WINDOW_EXPIRED' })
  async reopen(@TenantId() tenantId: string, @Param('id') id: string, @Body() body: ReopenDto): Promise<CaseView> {
    return viewOf(await this.commands.reopen(tenantId, id, { reason: body.reason, note: body.note ?? null }));
  }

  @Post(':id/close')
  @HttpCode(HttpStatus.OK)
  @Roles('agent')
  @ApiOperation({ summary: 'Close a resolved or confirmed case' })
  @ApiOkResponse({ type: ServiceRequestView })
  @ApiNotFoundResponse({ description: 'SERVICE_REQUEST_NOT_FOUND' })
  @ApiConflictResponse({ description: 'SERVICE_REQUEST_ILLEGAL_TRANSITION, CONCURRENT_MODIFICATION' })
  async close(@TenantId() tenantId: string, @Param('id') id: string, @Body() body: CloseDto): Promise<CaseView> {
    return viewOf(await this.commands.close(tenantId, id, { reason: body.reason }));
  }

  @Patch(':id/entitlement')
  @Roles('agent')
  @ApiOperation({
    summary: 'Decide the entitlement',
    description: 'The agent settles an entitlement the installed base could not decide; a case waiting for it is routed.',
  })
  @ApiOkResponse({ type: ServiceRequestView })
  @ApiNotFoundResponse({ description: 'SERVICE_REQUEST_NOT_FOUND' })
  @ApiConflictResponse({ description: 'SERVICE_REQUEST_ILLEGAL_TRANSITION, CONCURRENT_MODIFICATION' })
  async decideEntitlement(@TenantId() tenantId: string, @Param('id') id: string, @Body() body: DecideEntitlementDto): Promise<CaseView> {
    return viewOf(await this.commands.decideEntitlement(tenantId, id, body));
  }
}
