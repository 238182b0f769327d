import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsNumber, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ClosedObject, NestedList, NestedObject } from '@aftercare/http';
import { CADENCES } from '../domain';

const KEY_PATTERN = '^[a-z][a-z0-9_]{0,39}$';

@ClosedObject()
export class CriterionThresholdDto {
  @ApiProperty({ pattern: KEY_PATTERN, example: 'arrival_time' })
  @IsString()
  @Matches(new RegExp(KEY_PATTERN))
  criterion!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 10, example: 3, description: 'A level below this is a low score for the criterion' })
  @IsInt()
  @Min(1)
  @Max(10)
  level!: number;
}

@ClosedObject()
export class YearTargetDto {
  @ApiProperty({ type: 'integer', minimum: 2000, maximum: 2999, example: 2027 })
  @IsInt()
  @Min(2000)
  @Max(2999)
  year!: number;

  @ApiProperty({ minimum: 0.1, maximum: 100, example: 97, description: 'Satisfaction target of the year, percent' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.1)
  @Max(100)
  percent!: number;
}

/** A tenant's survey settings, all of them (a put replaces what is stored). */
@ClosedObject()
export class SurveySettingsDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 8760, example: 72, description: 'Hours from sending to the reminder (before the expiry)' })
  @IsInt()
  @Min(1)
  @Max(8760)
  remindAfterHours!: number;

  @ApiProperty({ type: 'integer', minimum: 2, maximum: 8760, example: 336, description: 'Hours from sending until the link expires' })
  @IsInt()
  @Min(2)
  @Max(8760)
  expireAfterHours!: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 10, example: 2, description: 'A level below this is a low score (every criterion not listed in thresholds)' })
  @IsInt()
  @Min(1)
  @Max(10)
  defaultThreshold!: number;

  @ApiProperty({ type: [CriterionThresholdDto], maxItems: 20, description: 'Per-criterion thresholds overriding the default' })
  @NestedList(() => CriterionThresholdDto, { maxItems: 20 })
  thresholds!: CriterionThresholdDto[];

  @ApiProperty({ minimum: 0.1, maximum: 100, example: 85, description: 'Satisfaction target of a year not listed in targets (source 004: 85 %)' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.1)
  @Max(100)
  defaultTargetPercent!: number;

  @ApiProperty({ type: [YearTargetDto], maxItems: 50, description: 'Targets per year (a 95 / 97 / 98 % plan)' })
  @NestedList(() => YearTargetDto, { maxItems: 50 })
  targets!: YearTargetDto[];

  @ApiProperty({ enum: CADENCES, example: 'yearly', description: 'How often each customer gets a relationship survey' })
  @IsIn([...CADENCES])
  relationshipCadence!: string;

  @ApiProperty({ minLength: 1, maxLength: 64, example: 'Asia/Shanghai', description: 'IANA time zone in which months of scores are counted' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  timeZone!: string;
}

@ClosedObject()
export class LocalisedTextDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: '到达及时性' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  zh!: string;

  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Arrival time' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  en!: string;
}

@ClosedObject()
export class TemplateCriterionDto {
  @ApiProperty({ pattern: KEY_PATTERN, example: 'arrival_time', description: 'Stable key: scores are grouped by it' })
  @IsString()
  @Matches(new RegExp(KEY_PATTERN))
  key!: string;

  @ApiProperty({ type: LocalisedTextDto })
  @NestedObject(() => LocalisedTextDto)
  label!: LocalisedTextDto;
}

/** A new version of a template: the next version number is given by the service. */
@ClosedObject()
export class SurveyTemplateVersionDto {
  @ApiProperty({ type: LocalisedTextDto })
  @NestedObject(() => LocalisedTextDto)
  title!: LocalisedTextDto;

  @ApiProperty({ type: [TemplateCriterionDto], maxItems: 20, minItems: 1 })
  @NestedList(() => TemplateCriterionDto, { maxItems: 20 })
  criteria!: TemplateCriterionDto[];

  @ApiProperty({ type: 'integer', minimum: 2, maximum: 10, example: 4, description: 'Levels of every scale, 1 the worst' })
  @IsInt()
  @Min(2)
  @Max(10)
  levels!: number;

  @ApiProperty({ type: [LocalisedTextDto], maxItems: 10, description: 'One name per level, worst first' })
  @NestedList(() => LocalisedTextDto, { maxItems: 10 })
  levelLabels!: LocalisedTextDto[];

  @ApiProperty({ description: 'Ask CSAT (1..5)' })
  @IsBoolean()
  askCsat!: boolean;

  @ApiProperty({ description: 'Ask NPS (0..10)' })
  @IsBoolean()
  askNps!: boolean;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 2000, example: 2000 })
  @IsInt()
  @Min(0)
  @Max(2000)
  commentMaxLength!: number;
}

/** The next version of the template named `id` (a new id starts at version 1). */
@ClosedObject()
export class NewSurveyTemplateVersionDto extends SurveyTemplateVersionDto {
  @ApiProperty({ pattern: KEY_PATTERN, example: 'default', description: 'The template (`default` is what invitations are sent with)' })
  @IsString()
  @Matches(new RegExp(KEY_PATTERN))
  id!: string;
}
