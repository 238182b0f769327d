import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AnyTenant, CurrentPrincipal, Roles, type Principal } from '@aftercare/auth';
import { API_PREFIX, ApiCreate, ApiList, ApiStandardProblems, PageCursors, pageSizeOf, setEtag } from '@aftercare/http';
import { TenantRegistry } from '../application/tenant-registry';
import { TenantPage, TenantView } from '../application/tenant.view';
import { ListTenantsQuery, RegisterTenantDto } from './tenant.dto';

/** The list's name in its signed cursors: a cursor of another list is refused. */
const TENANT_LIST = 'tenants';

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
  constructor(
    private readonly registry: TenantRegistry,
    private readonly cursors: PageCursors,
  ) {}

  @Post()
  @ApiCreate({
    summary: 'Register a tenant',
    description: 'Every service accepts its tokens and messages shortly after. Honours Idempotency-Key.',
    created: TenantView,
    createdDescription: 'Registered (Location; ETag: its version)',
    problems: {
      400: 'VALIDATION_FAILED: id or name missing or not a string, timeZone not a string, or an unknown field',
      409: 'TENANT_ALREADY_EXISTS',
      422: "TENANT_INVALID: a malformed id, '*', a name that is blank or too long, or a timeZone that is not an IANA zone (field errors)",
    },
  })
  async register(@CurrentPrincipal() operator: Principal, @Body() body: RegisterTenantDto, @Res({ passthrough: true }) response: Response): Promise<TenantView> {
    const view = await this.registry.register({ id: body.id, name: body.name, timeZone: body.timeZone }, operator.subject);
    response.setHeader('Location', `/${API_PREFIX}/admin/tenants/${encodeURIComponent(view.id)}`);
    setEtag(response, view.version);
    return view;
  }

  @Get()
  @ApiList({ summary: 'List the tenants this service knows', description: 'In id order; cursor paging.', page: TenantPage })
  async list(@Query() query: ListTenantsQuery): Promise<TenantPage> {
    const afterId = query.cursor ? String(this.cursors.decode(TENANT_LIST, query.cursor, 1)[0]) : null;
    const { items, more } = await this.registry.page(afterId, pageSizeOf(query.limit));
    const last = items.at(-1);
    return { items, nextCursor: more && last ? this.cursors.encode(TENANT_LIST, [last.id]) : null };
  }
}
