import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { ApiRequiredFields, ClosedObject, NOT_BLANK_PATTERN, NotBlank, Optional, PagingQuery } from '@aftercare/http';

/**
 * partNo, warehouseId and reason are required: the domain names the missing ones (422
 * PART_RETURN_INVALID). A text given is never blank: a blank serial or case would reach the
 * supplier feedback as an empty id.
 */
@ClosedObject()
@ApiRequiredFields('partNo', 'warehouseId', 'reason')
export class ReceiveReturnDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100, pattern: NOT_BLANK_PATTERN, example: 'SEAL-22' })
  @Optional()
  @IsString()
  @NotBlank()
  @MaxLength(100)
  partNo?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 100, pattern: NOT_BLANK_PATTERN, example: 'S-OLD-1', description: 'The serial taken out' })
  @Optional()
  @IsString()
  @NotBlank()
  @MaxLength(100)
  serialNo?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 10000, default: 1, example: 1 })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  quantity?: number;

  @ApiPropertyOptional({ minLength: 1, maxLength: 100, pattern: NOT_BLANK_PATTERN, example: 'central' })
  @Optional()
  @IsString()
  @NotBlank()
  @MaxLength(100)
  warehouseId?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 100, pattern: NOT_BLANK_PATTERN, example: 'sr-7f3a9c2e' })
  @Optional()
  @IsString()
  @NotBlank()
  @MaxLength(100)
  caseId?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 100, pattern: NOT_BLANK_PATTERN, example: 'wo-5c1e7b20' })
  @Optional()
  @IsString()
  @NotBlank()
  @MaxLength(100)
  workOrderId?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 500, pattern: NOT_BLANK_PATTERN, example: 'Leaking after 200 h' })
  @Optional()
  @IsString()
  @NotBlank()
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
