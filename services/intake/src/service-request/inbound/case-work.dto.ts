import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CALENDAR_DATE_PATTERN, ClosedObject, IsCalendarDate, Optional } from '@aftercare/http';

const TEXT = 500;
const LONG_TEXT = 10_000;

/** Who flags a case a quality problem after registration (registration itself uses `qualityProblem`). */
export const LATER_QUALITY_PROBLEM_SOURCES = ['agent', 'quality_complaint'] as const;
export type LaterQualityProblemSource = (typeof LATER_QUALITY_PROBLEM_SOURCES)[number];

@ClosedObject()
export class FlagQualityProblemDto {
  @ApiPropertyOptional({
    enum: LATER_QUALITY_PROBLEM_SOURCES,
    description: 'agent (default): the agent found it; quality_complaint: the visit a quality complaint needs',
    example: 'agent',
  })
  @Optional()
  @IsIn(LATER_QUALITY_PROBLEM_SOURCES)
  source?: LaterQualityProblemSource;
}

@ClosedObject()
export class AnswerConsultationDto {
  @ApiProperty({ minLength: 1, maxLength: LONG_TEXT, example: 'Hold RESET for 5 seconds to clear alarm E-31.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LONG_TEXT)
  answer!: string;
}

@ClosedObject()
export class StartReviewDto {
  @ApiProperty({ minLength: 1, maxLength: TEXT, description: 'Who reviews the suggestion (person or department)', example: 'Product management' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT)
  owner!: string;

  @ApiProperty({ description: 'When the review is due', format: 'date', pattern: CALENDAR_DATE_PATTERN, example: '2025-03-20' })
  @IsString()
  @IsCalendarDate()
  reviewDate!: string;
}

@ClosedObject()
export class ReplyToSuggestionDto {
  @ApiProperty({ minLength: 1, maxLength: LONG_TEXT, example: 'Adopted: the 2026 model gets a larger display.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LONG_TEXT)
  reply!: string;
}
