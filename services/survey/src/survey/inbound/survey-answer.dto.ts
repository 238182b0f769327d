import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ClosedObject, NestedList, Optional } from '@aftercare/http';

/** The shape of a link's token (answer-token.ts); its signature is checked by the use case. */
const ANSWER_TOKEN_PATTERN = '^[A-Za-z0-9_-]{1,200}\\.[A-Za-z0-9_-]{1,200}\\.\\d{1,12}\\.[A-Za-z0-9_-]{1,100}$';

@ClosedObject()
export class RatingDto {
  @ApiProperty({ minLength: 1, maxLength: 40, pattern: '^[a-z][a-z0-9_]{0,39}$', example: 'arrival_time', description: "A criterion of the invitation's template" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  @Matches(/^[a-z][a-z0-9_]{0,39}$/)
  criterion!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 10, example: 4, description: "1 is the worst; the template's number of levels is the best" })
  @IsInt()
  @Min(1)
  @Max(10)
  level!: number;
}

/** A customer's answers; checked against the template version the invitation was sent with. */
@ClosedObject()
export class SurveyAnswersDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 500,
    pattern: ANSWER_TOKEN_PATTERN,
    example: 'acme.job-0f3c2a9e41d7b6c58e2f1a4d9c7b3e60.1775000000.pQe0m7yqkG3tJv2YwQh5m0bV8cZr1sXn4aFh6uLdE9k',
    description: 'The last segment of the survey link',
  })
  @IsString()
  @MaxLength(500)
  @Matches(new RegExp(ANSWER_TOKEN_PATTERN))
  token!: string;

  @ApiProperty({
    type: [RatingDto],
    maxItems: 20,
    description: 'One rating per criterion of the template',
    example: [
      { criterion: 'attitude', level: 4 },
      { criterion: 'technical_skill', level: 4 },
      { criterion: 'arrival_time', level: 3 },
      { criterion: 'commitments_kept', level: 4 },
    ],
  })
  @NestedList(() => RatingDto, { maxItems: 20 })
  ratings!: RatingDto[];

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 5, example: 5, description: 'Only when the template asks CSAT' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(5)
  csat?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 10, example: 9, description: 'Only when the template asks NPS' })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(10)
  nps?: number;

  @ApiPropertyOptional({ maxLength: 2000, example: 'Quick and tidy work.' })
  @Optional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}
