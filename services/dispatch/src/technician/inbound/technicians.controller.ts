import { Body, Controller, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, TenantId } from '@aftercare/auth';
import {
  API_PREFIX,
  ApiIfMatch,
  ApiProblem,
  ApiStandardProblems,
  ETAG_RESPONSE_HEADER,
  expectation,
  preconditionOf,
  setEtag,
  underPrecondition,
} from '@aftercare/http';
import { TechnicianRoster } from '../application/technician-roster';
import { TechnicianView } from '../application/technician.view';
import { ListTechniciansQueryDto, RegisterTechnicianDto, UpdateTechnicianDto } from './technician.dto';

const TECHNICIAN = { type: TechnicianView, headers: ETAG_RESPONSE_HEADER };

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
  @ApiOperation({ summary: 'Register a technician', description: 'Honours Idempotency-Key.' })
  @ApiCreatedResponse({ ...TECHNICIAN, description: 'Registered (Location, ETag: the version)' })
  @ApiProblem(409, 'TECHNICIAN_ALREADY_EXISTS; IDEMPOTENCY_KEY_IN_PROGRESS')
  @ApiProblem(422, 'IDEMPOTENCY_KEY_REUSED with another body')
  async register(@TenantId() tenantId: string, @Body() body: RegisterTechnicianDto, @Res({ passthrough: true }) response: Response): Promise<TechnicianView> {
    // Required fields left out reach the domain as undefined: TECHNICIAN_INVALID names them.
    const view = await this.roster.register({ ...(body as Required<RegisterTechnicianDto>), tenantId });
    response.setHeader('Location', `/${API_PREFIX}/technicians/${encodeURIComponent(view.id)}`);
    setEtag(response, view.version);
    return view;
  }

  @Get()
  @Roles('dispatcher', 'manager', 'technician')
  @ApiOperation({ summary: 'List the roster', description: 'Filtered by active flag, zone and skill; ordered by id.' })
  @ApiOkResponse({ type: [TechnicianView] })
  list(@TenantId() tenantId: string, @Query() query: ListTechniciansQueryDto): Promise<TechnicianView[]> {
    return this.roster.list(tenantId, {
      active: query.active === undefined ? undefined : query.active === 'true',
      zone: query.zone,
      skill: query.skill,
    });
  }

  @Get(':id')
  @Roles('dispatcher', 'manager', 'technician')
  @ApiOperation({ summary: 'Read a technician (with the open orders counted against the capacity)' })
  @ApiOkResponse({ ...TECHNICIAN, description: 'The technician (ETag: the version)' })
  @ApiProblem(404, 'TECHNICIAN_NOT_FOUND (also for another tenant)')
  async get(@TenantId() tenantId: string, @Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<TechnicianView> {
    const view = await this.roster.get(tenantId, id);
    setEtag(response, view.version);
    return view;
  }

  @Patch(':id')
  @Roles('dispatcher', 'manager')
  @ApiOperation({ summary: 'Change the profile, capacity or active flag', description: 'Fields left out are kept.' })
  @ApiOkResponse({ ...TECHNICIAN, description: 'The technician after the change (ETag: its new version)' })
  @ApiProblem(404, 'TECHNICIAN_NOT_FOUND')
  @ApiProblem(409, 'CONCURRENT_MODIFICATION: a stale expectedVersion')
  @ApiIfMatch()
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
