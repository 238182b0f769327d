import { Body, Controller, Get, Headers, HttpCode, NotFoundException, Param, Put, Res } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, TenantId, type Principal } from '@aftercare/auth';
import { invalidFields, type DomainError } from '@aftercare/ddd';
import { ApiCommand, ApiRead, ApiStandardProblems, ApiWholeList, preconditionOf, setEtag, underPrecondition } from '@aftercare/http';
import { validateCalendar, validatePolicies, type BusinessCalendar, type SlaPolicy } from '@aftercare/sla';
import {
  BusinessCalendarList,
  BusinessCalendarView,
  SlaPolicyList,
  SlaPolicyView,
  toBusinessCalendarView,
  toSlaPolicyView,
} from '../application/sla-config.view';
import { PublishSlaSettings } from '../application/publish-sla-settings';
import { SlaConfigStore } from '../infrastructure/sla-config.store';
import { BUSINESS_CALENDAR_BODY_SCHEMA, SLA_POLICY_BODY_SCHEMA } from './sla-config.schema';
import { calendarShapeProblems, policyShapeProblems } from './sla-config.validation';

const CONFIGURATION = "one tenant's configuration and the defaults: a handful of items";

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** 422 with the administrator-readable problems (also as field errors for generic clients). */
function invalid(code: string, what: string, problems: string[]): DomainError {
  return invalidFields(code, `${what} is invalid`, problems.map((message) => ({ field: what, message })), 'rule', { problems });
}

function assertId(id: string, what: string, code: string): void {
  if (!ID.test(id)) throw invalid(code, what, [`id '${id}' must be 1–64 letters, digits, '_', '.' or '-'`]);
}

/**
 * SLA configuration per tenant: policies and business calendars. A tenant sees its own items
 * and the defaults (`tenantId: '*'`, seeded from libs/sla); it may put its own items, including
 * one with a default's id (its own wins). Managers write; managers and dispatchers read.
 * Each item answers with its version as `ETag` (0 for a default the tenant has not replaced); a
 * put takes `If-Match` (optional; `"0"` creates only, a stale one is 412).
 */
@ApiTags('sla')
@ApiStandardProblems()
@Roles('manager', 'dispatcher')
@Controller('sla')
export class SlaAdminController {
  constructor(
    private readonly store: SlaConfigStore,
    private readonly publish: PublishSlaSettings,
  ) {}

  @Get('policies')
  @ApiWholeList({ summary: "The tenant's SLA policies followed by the defaults, in resolution order", list: SlaPolicyList, why: CONFIGURATION })
  async listPolicies(@TenantId() tenantId: string): Promise<SlaPolicyList> {
    return { items: (await this.store.policyEntriesFor(tenantId)).map(toSlaPolicyView) };
  }

  @Get('policies/:id')
  @ApiRead({ summary: "A policy: the tenant's own, else the default with that id", ok: SlaPolicyView, problems: { 404: 'SLA_POLICY_NOT_FOUND' } })
  async getPolicy(@TenantId() tenantId: string, @Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<SlaPolicyView> {
    const entry = await this.store.findPolicyEntry(tenantId, id);
    if (!entry) throw new NotFoundException({ code: 'SLA_POLICY_NOT_FOUND', message: `SLA policy '${id}' not found` });
    setEtag(response, entry.version);
    return toSlaPolicyView(entry);
  }

  @Put('policies/:id')
  @HttpCode(200)
  @Roles('manager')
  @ApiBody({ description: 'The policy (criteria and clocks); id and tenant come from the path and the token', schema: SLA_POLICY_BODY_SCHEMA })
  @ApiCommand({
    summary: 'Creates or replaces one of the tenant’s policies (validated against its other policies and calendars)',
    ok: SlaPolicyView,
    okDescription: 'The policy as stored (ETag: its new version)',
    problems: { 409: 'CONCURRENT_MODIFICATION: a concurrent put, without If-Match', 422: 'SLA_INVALID_POLICY with the problems (unknown fields too)' },
  })
  async putPolicy(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SlaPolicyView> {
    const precondition = preconditionOf(ifMatch);
    const code = 'SLA_INVALID_POLICY';
    assertId(id, 'policy', code);
    const shape = policyShapeProblems(body, id, principal.tenantId);
    if (shape.length) throw invalid(code, 'policy', shape);
    const policy = { ...(body as SlaPolicy), id, tenantId: principal.tenantId };
    const others = (await this.store.ownPolicies(principal.tenantId)).filter((p) => p.id !== id);
    const problems = validatePolicies([...others, policy], await this.store.calendarsFor(principal.tenantId));
    if (problems.length) throw invalid(code, 'policy', problems);
    const version = await underPrecondition(precondition, () => this.store.putPolicy(policy, principal.subject, precondition.expectedVersion));
    await this.publish.afterChange(principal.tenantId, principal.subject);
    setEtag(response, version);
    return toSlaPolicyView({ item: policy, tenantId: principal.tenantId, version, updatedAt: new Date(), updatedBy: principal.subject });
  }

  @Get('calendars')
  @ApiWholeList({ summary: "The tenant's business calendars and the defaults it has not replaced", list: BusinessCalendarList, why: CONFIGURATION })
  async listCalendars(@TenantId() tenantId: string): Promise<BusinessCalendarList> {
    return { items: (await this.store.calendarEntriesFor(tenantId)).map(toBusinessCalendarView) };
  }

  @Get('calendars/:id')
  @ApiRead({ summary: "A calendar: the tenant's own, else the default with that id", ok: BusinessCalendarView, problems: { 404: 'SLA_CALENDAR_NOT_FOUND' } })
  async getCalendar(@TenantId() tenantId: string, @Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<BusinessCalendarView> {
    const entry = await this.store.findCalendarEntry(tenantId, id);
    if (!entry) throw new NotFoundException({ code: 'SLA_CALENDAR_NOT_FOUND', message: `business calendar '${id}' not found` });
    setEtag(response, entry.version);
    return toBusinessCalendarView(entry);
  }

  @Put('calendars/:id')
  @HttpCode(200)
  @Roles('manager')
  @ApiBody({ description: 'The calendar (time zone, mode, week, holidays); the id comes from the path', schema: BUSINESS_CALENDAR_BODY_SCHEMA })
  @ApiCommand({
    summary: 'Creates or replaces one of the tenant’s business calendars',
    ok: BusinessCalendarView,
    okDescription: 'The calendar as stored (ETag: its new version)',
    problems: { 409: 'CONCURRENT_MODIFICATION: a concurrent put, without If-Match', 422: 'SLA_INVALID_CALENDAR with the problems (unknown fields too)' },
  })
  async putCalendar(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<BusinessCalendarView> {
    const precondition = preconditionOf(ifMatch);
    const code = 'SLA_INVALID_CALENDAR';
    assertId(id, 'calendar', code);
    const shape = calendarShapeProblems(body, id, principal.tenantId);
    if (shape.length) throw invalid(code, 'calendar', shape);
    const calendar = { ...(body as BusinessCalendar), id };
    const problems = validateCalendar(calendar);
    if (problems.length) throw invalid(code, 'calendar', problems);
    const version = await underPrecondition(precondition, () =>
      this.store.putCalendar(principal.tenantId, calendar, principal.subject, precondition.expectedVersion),
    );
    await this.publish.afterChange(principal.tenantId, principal.subject);
    setEtag(response, version);
    return toBusinessCalendarView({ item: calendar, tenantId: principal.tenantId, version, updatedAt: new Date(), updatedBy: principal.subject });
  }
}
