import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ZONES, type ShiftCalendar, type Zone } from '../domain';

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

/** Fields shared by registration and update; the shift calendar is checked by the domain (field paths in errors). */
class TechnicianProfileFields {
  @ApiPropertyOptional({ maxLength: 200, example: 'Zhang Wei' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: [String], example: ['repair', 'hydraulics'], description: 'Skill codes (see README: required skills)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  skills?: string[];

  @ApiPropertyOptional({ type: [String], example: ['CP'], description: 'Product lines the technician is trained on' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  productLines?: string[];

  @ApiPropertyOptional({ enum: ZONES, isArray: true, example: ['city', 'suburb'] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(ZONES, { each: true })
  zones?: Zone[];

  @ApiPropertyOptional({ type: GeoPointDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => GeoPointDto)
  baseLocation?: GeoPointDto;

  @ApiPropertyOptional({
    description: 'IANA time zone, windows per weekday (HH:MM, a window ending before it starts crosses midnight) and days off',
    example: SHIFT_EXAMPLE,
  })
  @IsOptional()
  @IsObject()
  shiftCalendar?: ShiftCalendar;

  @ApiPropertyOptional({ minimum: 0, maximum: 1000, example: 4, description: 'Maximum open orders' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  capacity?: number;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** name, skills, productLines, zones, baseLocation, shiftCalendar and capacity are required (TECHNICIAN_INVALID names the missing ones). */
export class RegisterTechnicianDto extends TechnicianProfileFields {
  @ApiPropertyOptional({
    maxLength: 100,
    example: 'tech-zhang-wei',
    description: "The technician's login subject (JWT sub); generated when absent",
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._@:-]{1,100}$/, { message: 'id may hold letters, digits and . _ @ : - (1–100)' })
  id?: string;
}

export class UpdateTechnicianDto extends TechnicianProfileFields {
  @ApiPropertyOptional({ description: 'Optimistic concurrency (or the If-Match header)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedVersion?: number;
}

export class ListTechniciansQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';

  @ApiPropertyOptional({ enum: ZONES })
  @IsOptional()
  @IsIn(ZONES)
  zone?: Zone;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  skill?: string;
}
