import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsNumber, IsString, Max, MaxLength, Min } from 'class-validator';
import { ClosedObject, NOT_BLANK_PATTERN, NotBlank, Optional, PagingQuery } from '@aftercare/http';

@ClosedObject()
export class CatalogueItemDto {
  @ApiProperty({ minLength: 1, maxLength: 500, pattern: NOT_BLANK_PATTERN, example: 'Mechanical seal' })
  @IsString()
  @NotBlank()
  @MaxLength(500)
  name!: string;

  @ApiPropertyOptional({ minLength: 1, pattern: NOT_BLANK_PATTERN, maxLength: 500, example: '22 mm', description: 'Specification / model' })
  @Optional()
  @IsString()
  @NotBlank()
  @MaxLength(500)
  specification?: string;

  @ApiPropertyOptional({ minLength: 1, pattern: NOT_BLANK_PATTERN, maxLength: 500, example: 'SiC/carbon' })
  @Optional()
  @IsString()
  @NotBlank()
  @MaxLength(500)
  material?: string;

  @ApiProperty({ minLength: 1, maxLength: 20, pattern: NOT_BLANK_PATTERN, example: 'pcs' })
  @IsString()
  @NotBlank()
  @MaxLength(20)
  unit!: string;

  @ApiPropertyOptional({ type: [String], items: { type: 'string', pattern: NOT_BLANK_PATTERN, minLength: 1, maxLength: 100 }, maxItems: 20, example: ['SEAL-22B'], description: 'Best first' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @NotBlank({ each: true })
  @MaxLength(100, { each: true })
  substitutes?: string[];

  @ApiPropertyOptional({ minimum: 0, maximum: 100_000_000, example: 180 })
  @Optional()
  @IsNumber()
  @Min(0)
  @Max(100_000_000)
  standardCost?: number;
}

export class ListCatalogueQueryDto extends PagingQuery {}
