import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { MONTH_PATTERN } from '../domain/month-figures';

export class MonthParamDto {
  @ApiProperty({ pattern: MONTH_PATTERN, example: '2025-03' }) @Matches(new RegExp(MONTH_PATTERN), { message: 'month must be YYYY-MM' }) month!: string;
}
