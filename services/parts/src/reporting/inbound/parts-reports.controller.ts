import { Controller, Get, Param } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Roles, TenantId } from '@aftercare/auth';
import { invalidFields } from '@aftercare/ddd';
import { ApiRead, ApiStandardProblems } from '@aftercare/http';
import { PartsRequestRepository } from '../../parts-request/infrastructure/parts-request.repository';
import { MONTH_PATTERN, monthBounds, monthFigures } from '../domain/month-figures';
import { MonthFiguresView } from '../application/month-figures.view';

/** The month's parts figures for the monthly report. */
@ApiTags('parts-reports')
@ApiStandardProblems()
@Controller('parts-reports')
export class PartsReportsController {
  constructor(private readonly requests: PartsRequestRepository) {}

  @Get('months/:month')
  @Roles('parts_clerk', 'manager')
  @ApiRead({
    summary: "The month's parts figures",
    description: 'Requests made in the month (UTC): material and transport cost, fill rate from stock, backorder rate, average lead time.',
    ok: MonthFiguresView,
    etag: false,
    problems: { 400: 'PARTS_REPORT_INVALID: the month is not YYYY-MM' },
  })
  @ApiParam({ name: 'month', description: 'YYYY-MM', schema: { type: 'string', pattern: MONTH_PATTERN, example: '2026-03' } })
  async month(@TenantId() tenantId: string, @Param('month') month: string): Promise<MonthFiguresView> {
    const bounds = monthBounds(month);
    if (!bounds) throw invalidFields('PARTS_REPORT_INVALID', 'month invalid', [{ field: 'month', message: 'must be YYYY-MM' }], 'invalid');
    const requests = await this.requests.requestedBetween(tenantId, bounds.from, bounds.to);
    const f = monthFigures(month, requests.map((r) => r.toSnapshot()));
    return {
      month: f.month,
      requests: f.requests,
      cancelled: f.cancelled,
      materialCost: f.materialCost,
      transportCost: f.transportCost,
      fillRate: f.fillRate,
      backorderRate: f.backorderRate,
      averageLeadTimeHours: f.averageLeadTimeHours,
    };
  }
}
