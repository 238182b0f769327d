import { Body, Controller, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, TenantId } from '@aftercare/auth';
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
import { TechnicianRoster } from '../application/technician-roster';
import type { Page } from '../application/technician-roster';
import { TechnicianPage, TechnicianView } from '../application/technician.view';
import { ListTechniciansQueryDto, RegisterTechnicianDto, UpdateTechnicianDto } from './technician.dto';

/**
 * The technician roster over HTTP: dispatchers and managers keep it; technicians may read it.
 * One technician answers with its version as `ETag`; a change takes `If-Match` (optional; a stale
 * one is 412) or, for older clients, `expectedVersion` in the body (a stale one stays 409).
 */
@ApiTags('technicians')
@ApiStandardProblems()
@ApiProblem(400, 'VALIDATION_FAILED or TECHNICIAN_INVALID (field errors)')
@Controller('technicians')
export class TechniciansController {
  constructor(private readonly roster: TechnicianRoster) {}

  @Post()
  @Roles('dispatcher', 'manager')
  @ApiCreate({
    summary: 'Register a technician',
    description: 'Honours Idempotency-Key.',
    created: TechnicianView,
    createdDescription: 'Registered (Location, ETag: the version)',
    problems: { 409: 'TECHNICIAN_ALREADY_EXISTS' },
  })
  async register(@TenantId() tenantId: string, @Body() body: RegisterTechnicianDto, @Res({ passthrough: true }) response: Response): Promise<TechnicianView> {
    // Required fields left out reach the domain as undefined: TECHNICIAN_INVALID names them.
    const view = await this.roster.register({ ...(body as Required<RegisterTechnicianDto>), tenantId });
    response.setHeader('Location', `/${API_PREFIX}/technicians/${encodeURIComponent(view.id)}`);
    setEtag(response, view.version);
    return view;
  }

  @Get()
  @Roles('dispatcher', 'manager', 'technician')
  @ApiList({ summary: 'List the roster', description: 'Filtered by active flag, zone and skill; in id order; cursor paging.', page: TechnicianPage })
  list(@TenantId() tenantId: string, @Query() query: ListTechniciansQueryDto): Promise<Page<TechnicianView>> {
    return this.roster.list(tenantId, {
      active: query.active === undefined ? undefined : query.active === 'true',
      zone: query.zone,
      skill: query.skill,
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  @Get(':id')
  @Roles('dispatcher', 'manager', 'technician')
  @ApiRead({
    summary: 'Read a technician (with the open orders counted against the capacity)',
    ok: TechnicianView,
    okDescription: 'The technician (ETag: the version)',
    problems: { 404: 'TECHNICIAN_NOT_FOUND (also for another tenant)' },
  })
  async get(@TenantId() tenantId: string, @Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<TechnicianView> {
    const view = await this.roster.get(tenantId, id);
    setEtag(response, view.version);
    return view;
  }

  @Patch(':id')
  @Roles('dispatcher', 'manager')
  @ApiCommand({
    summary: 'Change the profile, capacity or active flag',
    description: 'Fields left out are kept.',
    ok: TechnicianView,
    okDescription: 'The technician after the change (ETag: its new version)',
    problems: { 404: 'TECHNICIAN_NOT_FOUND', 409: 'CONCURRENT_MODIFICATION: a stale expectedVersion' },
  })
  // Every field is optional, so no body at all is the empty change: taken, nothing changes.
  @ApiBody({ type: UpdateTechnicianDto, required: false })
  async update(
    @TenantId() tenantId: string,
    @Param('id') id: string,
    @Body() body: UpdateTechnicianDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TechnicianView> {
    const { expectedVersion, baseLocation, ...rest } = body;
    const precondition = preconditionOf(ifMatch, expectedVersion);
    const view = await underPrecondition(precondition, () =>
      this.roster.update(tenantId, id, {
        ...rest,
        ...(baseLocation ? { baseLocation: { lat: baseLocation.lat, lng: baseLocation.lng } } : {}),
        ...expectation(precondition),
      }),
    );
    setEtag(response, view.version);
    return view;
  }
}
