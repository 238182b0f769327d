import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { ApiRequiredFields, ClosedObject, NOT_BLANK_PATTERN, NotBlank, Optional, PagingQuery } from '@aftercare/http';

/** partNo, warehouseId and reason are required: the domain names the missing ones (422 PART_RETURN_INVALID). */
@ClosedObject()
@ApiRequiredFields('partNo', 'warehouseId', 'reason')
export class ReceiveReturnDto {
  @ApiPropertyOptional({ maxLength: 100, example: 'SEAL-22' })
  @Optional()
  @IsString()
  @MaxLength(100)
  partNo?: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'S-OLD-1', description: 'The serial taken out' })
  @Optional()
  @IsString()
  @MaxLength(100)
  serialNo?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 10000, default: 1, example: 1 })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  quantity?: number;

  @ApiPropertyOptional({ maxLength: 100, example: 'central' })
  @Optional()
  @IsString()
  @MaxLength(100)
  warehouseId?: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'sr-7f3a9c2e' })
  @Optional()
  @IsString()
  @MaxLength(100)
  caseId?: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'wo-5c1e7b20' })
  @Optional()
  @IsString()
  @MaxLength(100)
  workOrderId?: string;

  @ApiPropertyOptional({ maxLength: 500, example: 'Leaking after 200 h' })
  @Optional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

@ClosedObject()
export class InspectReturnDto {
  @ApiProperty({ minLength: 1, maxLength: 2000, pattern: NOT_BLANK_PATTERN, example: 'Seal face cracked: material defect' })
  @IsString()
  @NotBlank()
  @MaxLength(2000)
  finding!: string;
}

@ClosedObject()
export class ScrapApplicationDto {
  @ApiProperty({ minLength: 1, maxLength: 500, pattern: NOT_BLANK_PATTERN, example: 'Beyond repair' })
  @IsString()
  @NotBlank()
  @MaxLength(500)
  reason!: string;
}

@ClosedObject()
export class SupplierClaimDto {
  @ApiProperty({ minLength: 1, maxLength: 100, pattern: NOT_BLANK_PATTERN, example: 'SUP-017' })
  @IsString()
  @NotBlank()
  @MaxLength(100)
  supplierId!: string;
}

export class ListReturnsQueryDto extends PagingQuery {}
