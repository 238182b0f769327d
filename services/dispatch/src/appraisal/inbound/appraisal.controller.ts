import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { Roles, TenantId } from '@aftercare/auth';
import { ApiRead, ApiStandardProblems } from '@aftercare/http';
import { AppraisalService } from '../appraisal.service';
import { MonthlyAppraisalView, OrderCostView } from '../appraisal.view';

export class AppraisalQueryDto {
  @ApiProperty({ example: '2025-03', pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: "YYYY-MM, counted in the tenant's time zone" })
  @IsString()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })
  month!: string;
}

/** Monthly technician appraisal and per-order cost lines (managers and dispatchers). */
@ApiTags('appraisal')
@ApiStandardProblems()
@Controller()
export class AppraisalController {
  constructor(private readonly appraisal: AppraisalService) {}

  @Get('appraisals')
  @Roles('manager', 'dispatcher')
  @ApiRead({
    summary: 'Technician appraisal of a month',
    description:
      "The month is the tenant's: it opens and closes at midnight in the time zone the tenant was registered with. " +
      'Per technician: jobs completed in the month, on-time arrival %, first-time fix %, QC reworks, repeat repairs of their fixes; ' +
      "survey average (mean level of the job surveys answered in the month, from survey's events; null without any); " +
      "complaints (service complaints about the technician received in the month and closed as confirmed, from claims' events; 0 without any). " +
      "Plus the month's cost totals by category.",
    ok: MonthlyAppraisalView,
    okDescription: "The month's appraisal",
    etag: false,
    problems: { 400: 'VALIDATION_FAILED (month)' },
  })
  monthly(@TenantId() tenantId: string, @Query() query: AppraisalQueryDto): Promise<MonthlyAppraisalView> {
    return this.appraisal.monthly(tenantId, query.month);
  }

  @Get('work-orders/:id/costs')
  @Roles('manager', 'dispatcher')
  @ApiRead({
    summary: 'Cost lines of an order (labour, travel, person-times × rates, minor units)',
    ok: OrderCostView,
    okDescription: 'The cost lines',
    etag: false,
    problems: { 404: 'WORK_ORDER_NOT_FOUND' },
  })
  costs(@TenantId() tenantId: string, @Param('id') id: string): Promise<OrderCostView> {
    return this.appraisal.costOf(tenantId, id);
  }
}
