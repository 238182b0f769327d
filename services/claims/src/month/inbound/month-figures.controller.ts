import { Controller, Get, Param } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Roles, TenantId } from '@aftercare/auth';
import { ApiRead, ApiStandardProblems } from '@aftercare/http';
import { MonthFiguresQuery } from '../application/month-figures.query';
import { ClaimsMonthFiguresView } from '../application/month-figures.view';
import { MonthParamDto } from './month-figures.dto';

/** The month's complaint and return figures, return rate over the ERP's deliveries (source 001 §3), quality claims by urgency and late replies (source 001 §1.8). */
@ApiTags('month-figures')
@ApiStandardProblems()
@Controller('claims-month-figures')
export class MonthFiguresController {
  constructor(private readonly figures: MonthFiguresQuery) {}

  @Get(':month')
  @Roles('quality_engineer', 'manager', 'service_manager', 'deputy_gm', 'general_manager')
  @ApiParam({ name: 'month', schema: { type: 'string', pattern: '^([0-9]{4})-(0[1-9]|1[0-2])$', example: '2025-03' } })
  @ApiRead({ summary: "A month's complaints, returns with the return rate, quality claims by urgency and late replies with their explanations", ok: ClaimsMonthFiguresView, etag: false, problems: { 400: 'VALIDATION_FAILED: month is not YYYY-MM' } })
  get(@TenantId() tenantId: string, @Param() params: MonthParamDto): Promise<ClaimsMonthFiguresView> {
    return this.figures.of(tenantId, params.month);
  }
}
