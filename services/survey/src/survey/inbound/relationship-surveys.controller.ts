import { Body, Controller, Get, Headers, HttpCode, Param, Put, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Roles, TenantId } from '@aftercare/auth';
import { ApiCommand, ApiRead, ApiStandardProblems, ClosedObject, preconditionOf, setEtag, underPrecondition } from '@aftercare/http';
import { CADENCES, type Cadence } from '../domain';
import { RelationshipSurveys } from '../application/relationship-surveys';
import type { StoredRelationshipSchedule } from '../infrastructure/relationship-schedule.store';

const CUSTOMER_ID = { name: 'customerId', description: "The customer's CRM id", schema: { type: 'string', minLength: 1, maxLength: 128 } };

@ClosedObject()
export class RelationshipCadenceDto {
  @ApiProperty({ enum: CADENCES, example: 'quarterly', description: "The customer's own cadence; the next date moves, counted from the same anchor" })
  @IsIn([...CADENCES])
  cadence!: string;
}

/** A customer's relationship-survey schedule. */
export class RelationshipScheduleView {
  @ApiProperty() customerId!: string;
  @ApiProperty({ enum: CADENCES }) cadence!: string;
  @ApiProperty({ description: "True once the customer's own cadence was set; otherwise the tenant's at enrolment" }) cadenceOfCustomer!: boolean;
  @ApiProperty({ format: 'date-time', description: 'The last survey sent, or the enrolment (the first case)' }) anchor!: string;
  @ApiProperty({ format: 'date-time', description: 'When the next survey goes out' }) nextAt!: string;
  @ApiProperty({ description: 'The invitation waiting for that date (GET /survey-invitations/{id})' }) invitationId!: string;
}

function toView(s: StoredRelationshipSchedule): RelationshipScheduleView {
  return { customerId: s.customerId, cadence: s.cadence, cadenceOfCustomer: s.cadenceOfCustomer, anchor: new Date(s.anchor).toISOString(), nextAt: new Date(s.nextAt).toISOString(), invitationId: s.invitationId };
}

/** Periodic relationship surveys per customer: the schedule, and the customer's own cadence. */
@ApiTags('relationship surveys')
@ApiStandardProblems()
@Controller('relationship-surveys')
export class RelationshipSurveysController {
  constructor(private readonly surveys: RelationshipSurveys) {}

  @Get(':customerId')
  @Roles('agent', 'manager', 'quality_engineer')
  @ApiParam(CUSTOMER_ID)
  @ApiRead({
    summary: "A customer's relationship-survey schedule (enrolled with the customer's first case)",
    ok: RelationshipScheduleView,
    problems: { 404: 'SURVEY_RELATIONSHIP_SCHEDULE_NOT_FOUND (also for another tenant)' },
  })
  async schedule(@TenantId() tenantId: string, @Param('customerId') customerId: string, @Res({ passthrough: true }) res: Response): Promise<RelationshipScheduleView> {
    const schedule = await this.surveys.of(tenantId, customerId);
    setEtag(res, schedule.version);
    return toView(schedule);
  }

  @Put(':customerId/cadence')
  @HttpCode(200)
  @Roles('manager')
  @ApiParam(CUSTOMER_ID)
  @ApiCommand({
    summary: "Sets the customer's cadence (quarterly, half-yearly, yearly)",
    description: 'The next date moves at once, counted from the same anchor; a shorter cadence can make the customer due now.',
    ok: RelationshipScheduleView,
    problems: { 404: 'SURVEY_RELATIONSHIP_SCHEDULE_NOT_FOUND' },
  })
  async changeCadence(
    @TenantId() tenantId: string,
    @Param('customerId') customerId: string,
    @Body() body: RelationshipCadenceDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RelationshipScheduleView> {
    const precondition = preconditionOf(ifMatch);
    const schedule = await underPrecondition(precondition, () => this.surveys.changeCadence(tenantId, customerId, body.cadence as Cadence, precondition.expectedVersion));
    setEtag(res, schedule.version);
    return toView(schedule);
  }
}
