import { Body, Controller, Get, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AnyTenant, CurrentPrincipal, Roles, type Principal } from '@aftercare/auth';
import { API_PREFIX, ApiProblem, ApiStandardProblems } from '@aftercare/http';
import { TenantRegistry } from '../application/tenant-registry';
import { TenantListView, TenantView } from '../application/tenant.view';
import { RegisterTenantDto } from './tenant.dto';

/**
 * The tenant registry's admin API, the same in every service: an operator registers a tenant in
 * any one of them and the others learn it from the tenants topic. Platform routes: the operator's
 * own token tenant need not be registered.
 */
@ApiTags('admin')
@ApiStandardProblems()
@Controller('admin/tenants')
@Roles('operator')
@AnyTenant()
export class TenantsController {
  constructor(private readonly registry: TenantRegistry) {}

  @Post()
  @ApiOperation({ summary: 'Register a tenant', description: 'Every service accepts its tokens and messages shortly after. Honours Idempotency-Key.' })
  @ApiCreatedResponse({ type: TenantView, description: 'Registered (Location)' })
  @ApiProblem(400, 'VALIDATION_FAILED: id or name missing or not a string, or an unknown field')
  @ApiProblem(409, 'TENANT_ALREADY_EXISTS')
  @ApiProblem(422, "TENANT_INVALID: a malformed id, '*', or a name that is blank or too long (field errors)")
  async register(@CurrentPrincipal() operator: Principal, @Body() body: RegisterTenantDto, @Res({ passthrough: true }) response: Response): Promise<TenantView> {
    const view = await this.registry.register({ id: body.id, name: body.name }, operator.subject);
    response.setHeader('Location', `/${API_PREFIX}/admin/tenants/${encodeURIComponent(view.id)}`);
    return view;
  }

  @Get()
  @ApiOperation({ summary: 'List the tenants this service knows', description: 'In id order.' })
  @ApiOkResponse({ type: TenantListView })
  async list(): Promise<TenantListView> {
    return { items: await this.registry.list() };
  }
}
