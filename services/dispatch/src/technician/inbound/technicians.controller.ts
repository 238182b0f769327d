import { Body, Controller, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, TenantId } from '@aftercare/auth';
import { API_PREFIX } from '@aftercare/http';
import { expectedVersionOf } from '../../work-order/inbound/expected-version';
import { TechnicianRoster, type TechnicianView } from '../application/technician-roster';
import { ListTechniciansQueryDto, RegisterTechnicianDto, UpdateTechnicianDto } from './technician.dto';

/** The technician roster over HTTP: dispatchers and managers keep it; technicians may read it. */
@ApiTags('technicians')
@ApiBadRequestResponse({ description: 'VALIDATION_FAILED or TECHNICIAN_INVALID (problem details, field errors)' })
@Controller('technicians')
export class TechniciansController {
  constructor(private readonly roster: TechnicianRoster) {}

  @Post()
  @Roles('dispatcher', 'manager')
  @ApiOperation({ summary: 'Register a technician', description: 'Honours Idempotency-Key.' })
  @ApiCreatedResponse({ description: 'Registered (Location, ETag: the version)' })
  @ApiConflictResponse({ description: 'TECHNICIAN_ALREADY_EXISTS' })
  async register(@TenantId() tenantId: string, @Body() body: RegisterTechnicianDto, @Res({ passthrough: true }) response: Response): Promise<TechnicianView> {
    // Required fields left out reach the domain as undefined: TECHNICIAN_INVALID names them.
    const view = await this.roster.register({ ...(body as Required<RegisterTechnicianDto>), tenantId });
    response.setHeader('Location', `/${API_PREFIX}/technicians/${encodeURIComponent(view.id)}`);
    response.setHeader('ETag', `"${view.version}"`);
    return view;
  }

  @Get()
  @Roles('dispatcher', 'manager', 'technician')
  @ApiOperation({ summary: 'List the roster', description: 'Filtered by active flag, zone and skill; ordered by id.' })
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
  @ApiOkResponse({ description: 'The technician (ETag: the version)' })
  @ApiNotFoundResponse({ description: 'TECHNICIAN_NOT_FOUND (also for another tenant)' })
  async get(@TenantId() tenantId: string, @Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<TechnicianView> {
    const view = await this.roster.get(tenantId, id);
    response.setHeader('ETag', `"${view.version}"`);
    return view;
  }

  @Patch(':id')
  @Roles('dispatcher', 'manager')
  @ApiOperation({ summary: 'Change the profile, capacity or active flag', description: 'Fields left out are kept.' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version read; a different current version answers 409' })
  @ApiNotFoundResponse({ description: 'TECHNICIAN_NOT_FOUND' })
  @ApiConflictResponse({ description: 'CONCURRENT_MODIFICATION' })
  async update(
    @TenantId() tenantId: string,
    @Param('id') id: string,
    @Body() body: UpdateTechnicianDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TechnicianView> {
    const { expectedVersion, baseLocation, ...rest } = body;
    const view = await this.roster.update(tenantId, id, {
      ...rest,
      ...(baseLocation ? { baseLocation: { lat: baseLocation.lat, lng: baseLocation.lng } } : {}),
      expectedVersion: expectedVersionOf(ifMatch, expectedVersion),
    });
    response.setHeader('ETag', `"${view.version}"`);
    return view;
  }
}
