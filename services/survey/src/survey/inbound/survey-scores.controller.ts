import { Controller, Get, Query } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { Roles, TenantId } from '@aftercare/auth';
import { ApiRead, ApiStandardProblems } from '@aftercare/http';
import { SurveyScores } from '../application/survey-scores';
import { MonthScoreView, toMonthScoreView } from '../application/survey-scores.views';

export class ScoresQueryDto {
  @ApiProperty({ example: '2026-03', pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: "YYYY-MM, counted in the tenant's survey time zone" })
  @IsString()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })
  month!: string;
}

/** Satisfaction per month, per criterion and per technician (managers and quality engineers). */
@ApiTags('survey scores')
@ApiStandardProblems()
@Controller()
export class SurveyScoresController {
  constructor(private readonly scores: SurveyScores) {}

  @Get('survey-scores')
  @Roles('manager', 'quality_engineer')
  @ApiRead({
    summary: 'Satisfaction scores of a month',
    description:
      'Satisfied = a rating in the top two levels; each rate is satisfied / rated with both counts. Overall, per criterion and per ' +
      "technician, the technicians' mean level, and the tenant's target for the month's year (below target: the exact fraction is under it).",
    ok: MonthScoreView,
    okDescription: "The month's scores",
    etag: false,
    problems: { 400: 'VALIDATION_FAILED (month)' },
  })
  async month(@TenantId() tenantId: string, @Query() query: ScoresQueryDto): Promise<MonthScoreView> {
    return toMonthScoreView(await this.scores.ofMonth(tenantId, query.month));
  }
}
