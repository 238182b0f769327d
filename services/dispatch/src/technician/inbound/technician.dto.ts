import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsObject, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ApiRequiredFields, ClosedObject, NestedObject, NOT_BLANK_PATTERN, NotBlank, Optional, PagingQuery } from '@aftercare/http';
import { DATE_RE, END_RE, SHIFT_TIME_ZONES, START_RE, WEEKDAYS, ZONES, type ShiftCalendar, type Zone } from '../domain';

@ClosedObject()
export class GeoPointDto {
  @ApiProperty({ minimum: -90, maximum: 90, example: 31.2304 })
  @IsNumber()
  @Min(-90)
  @Max(90)
  lat!: number;

  @ApiProperty({ minimum: -180, maximum: 180, example: 121.4737 })
  @IsNumber()
  @Min(-180)
  @Max(180)
  lng!: number;
}

const SHIFT_EXAMPLE = {
  timeZone: 'Asia/Shanghai',
  weekly: { mon: [{ start: '08:30', end: '17:30' }], tue: [{ start: '08:30', end: '17:30' }] },
  daysOff: ['2025-05-01'],
};

const SHIFT_WINDOW_SCHEMA: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  required: ['start', 'end'],
  properties: { start: { type: 'string', pattern: START_RE.source }, end: { type: 'string', pattern: END_RE.source } },
};

/**
 * The shape the domain checks (shiftCalendarErrors), written out for the document: the zone, the
 * windows per weekday and the days off. A window whose end equals its start is refused by the
 * domain too (it would be neither empty nor a whole day), which no schema can say.
 */
const SHIFT_CALENDAR_SCHEMA: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  required: ['timeZone', 'weekly', 'daysOff'],
  properties: {
    timeZone: { type: 'string', enum: [...SHIFT_TIME_ZONES], description: 'IANA time zone (canonical name) or UTC' },
    weekly: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(WEEKDAYS.map((day) => [day, { type: 'array', items: SHIFT_WINDOW_SCHEMA }])),
    },
    daysOff: { type: 'array', items: { type: 'string', pattern: DATE_RE.source } },
  },
};

/** Fields shared by registration and update; the shift calendar is checked by the domain (field paths in errors). */
class TechnicianProfileFields {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200, pattern: NOT_BLANK_PATTERN, example: 'Zhang Wei' })
  @Optional()
  @IsString()
  @NotBlank()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({
    type: [String],
    items: { type: 'string', minLength: 1, pattern: NOT_BLANK_PATTERN },
    maxItems: 100,
    example: ['repair', 'hydraulics'],
    description: 'Skill codes (see README: required skills)',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @NotBlank({ each: true })
  skills?: string[];

  @ApiPropertyOptional({
    type: [String],
    items: { type: 'string', minLength: 1, pattern: NOT_BLANK_PATTERN },
    maxItems: 100,
    example: ['CP'],
    description: 'Product lines the technician is trained on',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @NotBlank({ each: true })
  productLines?: string[];

  @ApiPropertyOptional({ enum: ZONES, isArray: true, minItems: 1, example: ['city', 'suburb'] })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(ZONES, { each: true })
  zones?: Zone[];

  @ApiPropertyOptional({ type: GeoPointDto })
  @NestedObject(() => GeoPointDto, { optional: true })
  baseLocation?: GeoPointDto;

  // Swagger's property options type nested raw schemas narrowly; the schema is plain OpenAPI.
  // (`selfRequired`: the property itself is optional here; `required` lists the calendar's fields.)
  @ApiProperty({
    ...SHIFT_CALENDAR_SCHEMA,
    selfRequired: false,
    description: 'IANA time zone, windows per weekday (HH:MM, a window ending before it starts crosses midnight) and days off',
    example: SHIFT_EXAMPLE,
  } as ApiPropertyOptions)
  @Optional()
  @IsObject()
  shiftCalendar?: ShiftCalendar;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 1000, example: 4, description: 'Maximum open orders' })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(1000)
  capacity?: number;

  @ApiPropertyOptional({ default: true, example: true })
  @Optional()
  @IsBoolean()
  active?: boolean;
}

/**
 * name, skills, productLines, zones, baseLocation, shiftCalendar and capacity are required: the
 * domain checks them (TECHNICIAN_INVALID names the missing ones), the document says so
 * (`required` on the schema).
 */
@ClosedObject()
@ApiRequiredFields('name', 'skills', 'productLines', 'zones', 'baseLocation', 'shiftCalendar', 'capacity')
export class RegisterTechnicianDto extends TechnicianProfileFields {
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 100,
    pattern: '^[A-Za-z0-9._@:-]{1,100}$',
    example: 'tech-zhang-wei',
    description: "The technician's login subject (JWT sub); generated when absent",
  })
  @Optional()
  @IsString()
  @Matches(/^[A-Za-z0-9._@:-]{1,100}$/, { message: 'id may hold letters, digits and . _ @ : - (1–100)' })
  id?: string;
}

@ClosedObject()
export class UpdateTechnicianDto extends TechnicianProfileFields {
  @ApiPropertyOptional({ type: 'integer', minimum: 0, deprecated: true, description: 'Optimistic concurrency (legacy; prefer If-Match). Not null.' })
  @Optional()
  @IsInt()
  @Min(0)
  expectedVersion?: number;
}

export class ListTechniciansQueryDto extends PagingQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @Optional()
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';

  @ApiPropertyOptional({ enum: ZONES })
  @Optional()
  @IsIn(ZONES)
  zone?: Zone;

  @ApiPropertyOptional({ maxLength: 100, example: 'hydraulics' })
  @Optional()
  @IsString()
  @MaxLength(100)
  skill?: string;
}
