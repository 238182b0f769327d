import { Body, Controller, Get, Headers, HttpCode, Put, Res } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, TenantId, type Principal } from '@aftercare/auth';
import { invalidFields, type FieldError } from '@aftercare/ddd';
import { ApiCommand, ApiRead, ApiStandardProblems, preconditionOf, setEtag, underPrecondition } from '@aftercare/http';
import { TENANT_SETTINGS_INVALID, TenantSettingsDirectory, escalationContactProblems, type CaseHandlingSettings, type EscalationLevelContacts } from '@aftercare/tenant-settings';
import { CaseHandlingView, EscalationContactsView, toCaseHandlingView, toEscalationContactsView } from '../application/tenant-settings.view';
import { CASE_HANDLING_BODY_SCHEMA, ESCALATION_CONTACTS_BODY_SCHEMA } from './tenant-settings.schema';
import { caseHandlingShapeProblems, escalationContactsShapeProblems } from './tenant-settings.shape';

function assertShape(problems: FieldError[]): void {
  if (problems.length) throw invalidFields(TENANT_SETTINGS_INVALID, 'tenant settings', problems);
}

/**
 * The tenant's escalation contacts and case handling, beside its SLA policies and calendars:
 * one set of settings per tenant (libs/tenant-settings), published to every service on the
 * settings topic. The ETag is the settings' revision; a put takes `If-Match` (optional).
 */
@ApiTags('sla')
@ApiStandardProblems()
@Roles('manager', 'dispatcher')
@Controller('sla')
export class TenantSettingsController {
  constructor(private readonly settings: TenantSettingsDirectory) {}

  @Get('escalation-contacts')
  @ApiRead({ summary: 'Who each level of the escalation chain reaches (dispatcher → service manager → deputy GM by default)', ok: EscalationContactsView })
  async getEscalationContacts(@TenantId() tenantId: string, @Res({ passthrough: true }) response: Response): Promise<EscalationContactsView> {
    const settings = await this.settings.load(tenantId);
    setEtag(response, settings.revision);
    return toEscalationContactsView(settings);
  }

  @Put('escalation-contacts')
  @HttpCode(200)
  @Roles('manager')
  @ApiBody({ description: 'Every level with its role and people (replaces the list)', schema: ESCALATION_CONTACTS_BODY_SCHEMA })
  @ApiCommand({
    summary: "Replaces the tenant's escalation contacts",
    ok: EscalationContactsView,
    okDescription: 'The contacts as stored (ETag: the new revision)',
    problems: { 409: 'CONCURRENT_MODIFICATION: a concurrent change, without If-Match', 422: 'TENANT_SETTINGS_INVALID with the fields' },
  })
  async putEscalationContacts(
    @CurrentPrincipal() principal: Principal,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<EscalationContactsView> {
    const precondition = preconditionOf(ifMatch);
    assertShape(escalationContactsShapeProblems(body));
    const escalationContacts = (body as { levels: EscalationLevelContacts[] }).levels;
    // Checked here too, so that the field paths name the body's fields.
    assertShape(escalationContactProblems(escalationContacts, 'levels'));
    const settings = await underPrecondition(precondition, () =>
      this.settings.change(principal.tenantId, { escalationContacts }, principal.subject, precondition.expectedVersion),
    );
    setEtag(response, settings.revision);
    return toEscalationContactsView(settings);
  }

  @Get('case-handling')
  @ApiRead({ summary: "The tenant's priority matrix, duplicate window, confirmation silence and routing overrides", ok: CaseHandlingView })
  async getCaseHandling(@TenantId() tenantId: string, @Res({ passthrough: true }) response: Response): Promise<CaseHandlingView> {
    const settings = await this.settings.load(tenantId);
    setEtag(response, settings.revision);
    return toCaseHandlingView(settings);
  }

  @Put('case-handling')
  @HttpCode(200)
  @Roles('manager')
  @ApiBody({ description: 'The case handling (replaces it; absent fields take the deployment value)', schema: CASE_HANDLING_BODY_SCHEMA })
  @ApiCommand({
    summary: "Replaces the tenant's case handling",
    ok: CaseHandlingView,
    okDescription: 'The case handling as stored (ETag: the new revision)',
    problems: { 409: 'CONCURRENT_MODIFICATION: a concurrent change, without If-Match', 422: 'TENANT_SETTINGS_INVALID with the fields' },
  })
  async putCaseHandling(
    @CurrentPrincipal() principal: Principal,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseHandlingView> {
    const precondition = preconditionOf(ifMatch);
    assertShape(caseHandlingShapeProblems(body));
    const caseHandling = body as CaseHandlingSettings;
    const settings = await underPrecondition(precondition, () =>
      this.settings.change(principal.tenantId, { caseHandling }, principal.subject, precondition.expectedVersion),
    );
    setEtag(response, settings.revision);
    return toCaseHandlingView(settings);
  }
}
