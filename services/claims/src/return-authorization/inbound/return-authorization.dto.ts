import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsString, MaxLength, Min } from 'class-validator';
import { ClosedObject, NOT_BLANK_PATTERN, NotBlank, Optional, PagingQuery } from '@aftercare/http';
import { DISPOSITIONS, type Disposition } from '../domain/return-authorization';

const TEXT = 2000;

@ClosedObject()
export class RequestReturnDto {
  @ApiProperty({ minLength: 1, maxLength: 100, pattern: NOT_BLANK_PATTERN, example: 'sr-a41b07d3', description: 'The service case the return comes from' })
  @IsString()
  @NotBlank()
  @MaxLength(100)
  caseId!: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 200, pattern: NOT_BLANK_PATTERN, example: 'CP-200' }) @Optional() @IsString() @NotBlank() @MaxLength(200) productModel?: string;
  @ApiProperty({ minLength: 1, maxLength: 100, pattern: NOT_BLANK_PATTERN, example: 'LOT-2025-0312' }) @IsString() @NotBlank() @MaxLength(100) lot!: string;
  @ApiProperty({ type: 'integer', minimum: 1, example: 40, description: 'Units the customer sends back' }) @IsInt() @Min(1) quantityExpected!: number;
}

/** Lot and quantity of a return opened from a case (or a correction), while it is `requested`. */
@ClosedObject()
export class CompleteReturnDetailsDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100, pattern: NOT_BLANK_PATTERN, example: 'LOT-2025-0312' }) @Optional() @IsString() @NotBlank() @MaxLength(100) lot?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, example: 40, description: 'Units the customer sends back' }) @Optional() @IsInt() @Min(1) quantityExpected?: number;
}

@ClosedObject()
export class RejectReturnDto {
  @ApiProperty({ minLength: 1, maxLength: TEXT, pattern: NOT_BLANK_PATTERN, example: 'Outside the return period' }) @IsString() @NotBlank() @MaxLength(TEXT) reason!: string;
}

@ClosedObject()
export class ReceiveGoodsDto {
  @ApiProperty({ type: 'integer', minimum: 0, example: 38, description: 'Units that arrived; fewer than expected is recorded as a shortfall, more is 422' })
  @IsInt()
  @Min(0)
  quantityReceived!: number;
}

@ClosedObject()
export class InspectReturnDto {
  @ApiProperty({ example: true }) @IsBoolean() defectConfirmed!: boolean;
  @ApiProperty({ type: 'integer', minimum: 0, example: 6, description: '0 when the defect is not confirmed; at most the units received' }) @IsInt() @Min(0) defectiveQuantity!: number;
  @ApiProperty({ type: 'integer', minimum: 0, example: 2, description: 'Defective samples kept for analysis' }) @IsInt() @Min(0) samplesKept!: number;
  @ApiProperty({ minLength: 1, maxLength: TEXT, pattern: NOT_BLANK_PATTERN, example: 'Six units leak at the shaft seal' }) @IsString() @NotBlank() @MaxLength(TEXT) findings!: string;
}

@ClosedObject()
export class DecideReturnDto {
  @ApiProperty({ enum: DISPOSITIONS, example: 'replace', description: 'refund and scrap only for a lot that failed as a whole' }) @IsIn(DISPOSITIONS) kind!: Disposition;
}

export class ListReturnAuthorizationsQueryDto extends PagingQuery {}
