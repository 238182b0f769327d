import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { ClosedObject, NOT_BLANK_PATTERN, NotBlank, Optional } from '@aftercare/http';

@ClosedObject()
export class StockCountDto {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 10_000_000, example: 25 })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  onHand!: number;

  @ApiPropertyOptional({ maxLength: 100, pattern: NOT_BLANK_PATTERN, example: 'count-2026-03', description: 'Makes a repeated count idempotent; generated when absent' })
  @Optional()
  @IsString()
  @NotBlank()
  @MaxLength(100)
  countId?: string;
}

@ClosedObject()
export class GoodsReceiptDto {
  @ApiProperty({ minLength: 1, maxLength: 100, pattern: NOT_BLANK_PATTERN, example: 'GR-2026-0042', description: 'A repeated receipt id changes nothing' })
  @IsString()
  @NotBlank()
  @MaxLength(100)
  receiptId!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 10_000_000, example: 10 })
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  quantity!: number;
}

@ClosedObject()
export class ShelfScrapDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 10_000_000, example: 2 })
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  quantity!: number;

  @ApiProperty({ minLength: 1, maxLength: 500, pattern: NOT_BLANK_PATTERN, example: 'Water damage in rack B-4' })
  @IsString()
  @NotBlank()
  @MaxLength(500)
  reason!: string;

  @ApiPropertyOptional({ maxLength: 100, pattern: NOT_BLANK_PATTERN, example: 'scrap-2026-03-17-1', description: 'Makes a repeated scrap idempotent; generated when absent' })
  @Optional()
  @IsString()
  @NotBlank()
  @MaxLength(100)
  scrapId?: string;
}
