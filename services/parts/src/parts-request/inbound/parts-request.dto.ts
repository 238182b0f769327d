import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsNumber, IsString, Max, MaxLength, Min } from 'class-validator';
import { ApiRequiredFields, CALENDAR_DATE_PATTERN, ClosedObject, IsCalendarDate, IsDateTime, NestedList, NestedObject, NOT_BLANK_PATTERN, NotBlank, Optional, PagingQuery } from '@aftercare/http';
import { PARTS_REQUEST_STATUSES, type PartsRequestStatus } from '../domain';
import { PRIORITIES, type Priority } from '../../stock/domain';

const TEXT = 500;
const ID = 100;

@ClosedObject()
@ApiRequiredFields('quantity')
export class PartsRequestLineDto {
  @ApiPropertyOptional({ minLength: 1, pattern: NOT_BLANK_PATTERN, maxLength: ID, example: 'SEAL-22', description: 'Catalogue part number; without one, name, specification and material are required' })
  @Optional()
  @IsString()
  @NotBlank()
  @MaxLength(ID)
  partNo?: string;

  @ApiPropertyOptional({ minLength: 1, pattern: NOT_BLANK_PATTERN, maxLength: TEXT, example: 'Mechanical seal' })
  @Optional()
  @IsString()
  @NotBlank()
  @MaxLength(TEXT)
  name?: string;

  @ApiPropertyOptional({ minLength: 1, pattern: NOT_BLANK_PATTERN, maxLength: TEXT, example: '22 mm', description: 'Specification / model' })
  @Optional()
  @IsString()
  @NotBlank()
  @MaxLength(TEXT)
  specification?: string;

  @ApiPropertyOptional({ minLength: 1, pattern: NOT_BLANK_PATTERN, maxLength: TEXT, example: 'SiC/carbon' })
  @Optional()
  @IsString()
  @NotBlank()
  @MaxLength(TEXT)
  material?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100000, example: 1 })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  quantity?: number;

  @ApiPropertyOptional({ default: false, example: true, description: 'A catalogue substitute may stand in' })
  @Optional()
  @IsBoolean()
  allowSubstitutes?: boolean;
}

@ClosedObject()
@ApiRequiredFields('name')
export class PartsCustomerDto {
  @ApiPropertyOptional({ minLength: 1, pattern: NOT_BLANK_PATTERN, maxLength: ID, example: 'c-100' })
  @Optional()
  @IsString()
  @NotBlank()
  @MaxLength(ID)
  customerId?: string;

  @ApiPropertyOptional({ minLength: 1, pattern: NOT_BLANK_PATTERN, maxLength: TEXT, example: 'Shanghai Pump Works' })
  @Optional()
  @IsString()
  @NotBlank()
  @MaxLength(TEXT)
  name?: string;
}

@ClosedObject()
@ApiRequiredFields('address', 'consignee', 'phone')
export class ShipToDto {
  @ApiPropertyOptional({ minLength: 1, pattern: NOT_BLANK_PATTERN, maxLength: TEXT, example: '88 Riverside Road, Pudong, Shanghai' })
  @Optional()
  @IsString()
  @NotBlank()
  @MaxLength(TEXT)
  address?: string;

  @ApiPropertyOptional({ minLength: 1, pattern: NOT_BLANK_PATTERN, maxLength: TEXT, example: 'Li Na' })
  @Optional()
  @IsString()
  @NotBlank()
  @MaxLength(TEXT)
  consignee?: string;

  @ApiPropertyOptional({ minLength: 1, pattern: NOT_BLANK_PATTERN, maxLength: 50, example: '+86 21 5555 0101' })
  @Optional()
  @IsString()
  @NotBlank()
  @MaxLength(50)
  phone?: string;
}

/**
 * The procedure's request form (source 001 §6). Required fields left out reach the domain, which
 * names every missing one (422 PARTS_REQUEST_INCOMPLETE); the document marks them required.
 */
@ClosedObject()
@ApiRequiredFields('warehouseId', 'lines', 'neededBy', 'customer', 'shipTo')
export class RequestPartsDto {
  @ApiPropertyOptional({ minLength: 1, pattern: NOT_BLANK_PATTERN, maxLength: ID, example: 'central', description: 'The warehouse to serve it (a van is van-<technician>)' })
  @Optional()
  @IsString()
  @NotBlank()
  @MaxLength(ID)
  warehouseId?: string;

  @ApiPropertyOptional({ enum: PRIORITIES, default: 'P3', description: "The case's priority: scarce stock goes to P1 first" })
  @Optional()
  @IsIn(PRIORITIES)
  priority?: Priority;

  @ApiPropertyOptional({ type: [PartsRequestLineDto], maxItems: 50 })
  @NestedList(() => PartsRequestLineDto, { maxItems: 50, optional: true })
  lines?: PartsRequestLineDto[];

  @ApiPropertyOptional({ format: 'date-time', example: '2026-03-11T06:00:00.000Z' })
  @Optional()
  @IsDateTime()
  neededBy?: string;

  @ApiPropertyOptional({ type: PartsCustomerDto })
  @NestedObject(() => PartsCustomerDto, { optional: true })
  customer?: PartsCustomerDto;

  @ApiPropertyOptional({ minLength: 1, pattern: NOT_BLANK_PATTERN, maxLength: ID, example: 'PLAN-2026-031', description: 'Original plan number' })
  @Optional()
  @IsString()
  @NotBlank()
  @MaxLength(ID)
  originalPlanNo?: string;

  @ApiPropertyOptional({ minLength: 1, pattern: NOT_BLANK_PATTERN, maxLength: ID, example: 'sr-7f3a9c2e' })
  @Optional()
  @IsString()
  @NotBlank()
  @MaxLength(ID)
  caseId?: string;

  @ApiPropertyOptional({ minLength: 1, pattern: NOT_BLANK_PATTERN, maxLength: ID, example: 'wo-5c1e7b20' })
  @Optional()
  @IsString()
  @NotBlank()
  @MaxLength(ID)
  workOrderId?: string;

  @ApiPropertyOptional({ type: ShipToDto })
  @NestedObject(() => ShipToDto, { optional: true })
  shipTo?: ShipToDto;

  @ApiPropertyOptional({ format: 'date', pattern: CALENDAR_DATE_PATTERN, example: '2026-03-10' })
  @Optional()
  @IsCalendarDate()
  requiredShipDate?: string;

  @ApiPropertyOptional({ format: 'date', pattern: CALENDAR_DATE_PATTERN, example: '2026-03-11' })
  @Optional()
  @IsCalendarDate()
  requiredArrivalDate?: string;
}

@ClosedObject()
export class ShipDto {
  @ApiProperty({ pattern: NOT_BLANK_PATTERN, minLength: 1, maxLength: TEXT, example: 'SF Express' })
  @IsString()
  @NotBlank()
  @MaxLength(TEXT)
  carrier!: string;

  @ApiProperty({ pattern: NOT_BLANK_PATTERN, minLength: 1, maxLength: ID, example: 'SF1234567890' })
  @IsString()
  @NotBlank()
  @MaxLength(ID)
  trackingNo!: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-03-11T04:00:00.000Z' })
  @Optional()
  @IsDateTime()
  eta?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 1_000_000, default: 0, example: 35 })
  @Optional()
  @IsNumber()
  @Min(0)
  @Max(1_000_000)
  transportCost?: number;
}

@ClosedObject()
export class ReviseEtaDto {
  @ApiProperty({ format: 'date-time', example: '2026-03-12T04:00:00.000Z', description: "The carrier's new estimated arrival" })
  @IsDateTime()
  eta!: string;
}

@ClosedObject()
export class ReceivedCountDto {
  @ApiProperty({ pattern: NOT_BLANK_PATTERN, minLength: 1, maxLength: ID, example: 'SEAL-22' })
  @IsString()
  @NotBlank()
  @MaxLength(ID)
  partNo!: string;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100000, example: 1 })
  @IsInt()
  @Min(0)
  @Max(100_000)
  received!: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 100000, default: 0, example: 0 })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  damaged?: number;
}

@ClosedObject()
export class DeliverDto {
  @ApiProperty({ pattern: NOT_BLANK_PATTERN, minLength: 1, maxLength: TEXT, example: 'Li Na' })
  @IsString()
  @NotBlank()
  @MaxLength(TEXT)
  receivedBy!: string;

  @ApiProperty({ type: [ReceivedCountDto], maxItems: 50 })
  @NestedList(() => ReceivedCountDto, { maxItems: 50 })
  lines!: ReceivedCountDto[];
}

@ClosedObject()
export class TakeFromVanDto {
  @ApiPropertyOptional({
    minLength: 1,
    pattern: NOT_BLANK_PATTERN,
    maxLength: ID,
    example: 'tech-li-na',
    description: "Whose van (`van-<technician>`): a technician's own when omitted; a parts clerk names it",
  })
  @Optional()
  @IsString()
  @NotBlank()
  @MaxLength(ID)
  technicianId?: string;
}

@ClosedObject()
export class SettleCarrierClaimDto {
  @ApiProperty({ minimum: 0, maximum: 1_000_000, example: 120 })
  @IsNumber()
  @Min(0)
  @Max(1_000_000)
  amount!: number;

  @ApiPropertyOptional({ minLength: 1, pattern: NOT_BLANK_PATTERN, maxLength: TEXT, example: 'Carrier refunded the damaged seal' })
  @Optional()
  @IsString()
  @NotBlank()
  @MaxLength(TEXT)
  note?: string;
}

@ClosedObject()
export class CancelPartsRequestDto {
  @ApiProperty({ pattern: NOT_BLANK_PATTERN, minLength: 1, maxLength: TEXT, example: 'Customer replaced the pump' })
  @IsString()
  @NotBlank()
  @MaxLength(TEXT)
  reason!: string;
}

export class ListPartsRequestsQueryDto extends PagingQuery {
  @ApiPropertyOptional({ enum: PARTS_REQUEST_STATUSES })
  @Optional()
  @IsIn(PARTS_REQUEST_STATUSES)
  status?: PartsRequestStatus;

  @ApiPropertyOptional({ minLength: 1, pattern: NOT_BLANK_PATTERN, maxLength: ID, example: 'wo-5c1e7b20' })
  @Optional()
  @IsString()
  @NotBlank()
  @MaxLength(ID)
  workOrderId?: string;
}
