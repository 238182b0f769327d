import { Body, Controller, Get, HttpCode, NotFoundException, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, TenantId, type Principal } from '@aftercare/auth';
import { invalidFields, type DomainError } from '@aftercare/ddd';
import { validateCalendar, validatePolicies, type BusinessCalendar, type SlaPolicy } from '@aftercare/sla';
import { ALL_TENANTS, SlaConfigStore } from '../infrastructure/sla-config.store';
import { calendarShapeProblems, policyShapeProblems } from './sla-config.validation';

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
 */
@ApiTags('sla')
@Roles('manager', 'dispatcher')
@Controller('sla')
export class SlaAdminController {
  constructor(private readonly store: SlaConfigStore) {}

  @Get('policies')
  @ApiOperation({ summary: "The tenant's SLA policies followed by the defaults, in resolution order" })
  async listPolicies(@TenantId() tenantId: string): Promise<{ items: SlaPolicy[] }> {
    return { items: await this.store.policiesFor(tenantId) };
  }

  @Get('policies/:id')
  @ApiOperation({ summary: "A policy: the tenant's own, else the default with that id" })
  async getPolicy(@TenantId() tenantId: string, @Param('id') id: string): Promise<SlaPolicy> {
    const policy = await this.store.findPolicy(tenantId, id);
    if (!policy) throw new NotFoundException({ code: 'SLA_POLICY_NOT_FOUND', message: `SLA policy '${id}' not found` });
    return policy;
  }

  @Put('policies/:id')
  @HttpCode(200)
  @Roles('manager')
  @ApiOperation({ summary: 'Creates or replaces one of the tenant’s policies (validated against its other policies and calendars)' })
  async putPolicy(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown): Promise<SlaPolicy> {
    const code = 'SLA_INVALID_POLICY';
    assertId(id, 'policy', code);
    const shape = policyShapeProblems(body, id, principal.tenantId);
    if (shape.length) throw invalid(code, 'policy', shape);
    const policy = { ...(body as SlaPolicy), id, tenantId: principal.tenantId };
    const others = (await this.store.ownPolicies(principal.tenantId)).filter((p) => p.id !== id);
    const problems = validatePolicies([...others, policy], await this.store.calendarsFor(principal.tenantId));
    if (problems.length) throw invalid(code, 'policy', problems);
    await this.store.putPolicy(policy, principal.subject);
    return policy;
  }

  @Get('calendars')
  @ApiOperation({ summary: "The tenant's business calendars and the defaults it has not replaced" })
  async listCalendars(@TenantId() tenantId: string): Promise<{ items: Array<BusinessCalendar & { tenantId: string }> }> {
    const own = new Set((await this.store.ownCalendars(tenantId)).map((c) => c.id));
    const calendars = await this.store.calendarsFor(tenantId);
    return { items: calendars.map((c) => ({ ...c, tenantId: own.has(c.id) ? tenantId : ALL_TENANTS })) };
  }

  @Get('calendars/:id')
  @ApiOperation({ summary: "A calendar: the tenant's own, else the default with that id" })
  async getCalendar(@TenantId() tenantId: string, @Param('id') id: string): Promise<BusinessCalendar> {
    const calendar = await this.store.findCalendar(tenantId, id);
    if (!calendar) throw new NotFoundException({ code: 'SLA_CALENDAR_NOT_FOUND', message: `business calendar '${id}' not found` });
    return calendar;
  }

  @Put('calendars/:id')
  @HttpCode(200)
  @Roles('manager')
  @ApiOperation({ summary: 'Creates or replaces one of the tenant’s business calendars' })
  async putCalendar(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown): Promise<BusinessCalendar> {
    const code = 'SLA_INVALID_CALENDAR';
    assertId(id, 'calendar', code);
    const shape = calendarShapeProblems(body, id, principal.tenantId);
    if (shape.length) throw invalid(code, 'calendar', shape);
    const calendar = { ...(body as BusinessCalendar), id };
    const problems = validateCalendar(calendar);
    if (problems.length) throw invalid(code, 'calendar', problems);
    await this.store.putCalendar(principal.tenantId, calendar, principal.subject);
    return calendar;
  }
}
