import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { DISPATCHER_REASON_CODES, WORK_ORDER_STATUSES, type DispatcherReasonCode, type WorkOrderStatus } from '../domain';

const TEXT = 500;
const LONG_TEXT = 5000;
const toInteger = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value);

/** Every command accepts the version the caller read (or the If-Match header). */
export class CommandDto {
  @ApiPropertyOptional({ description: 'Optimistic concurrency: the version read (or If-Match); another current version answers 409' })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedVersion?: number;
}

export class AssignDto extends CommandDto {
  @ApiProperty({ example: 'tech-zhang-wei' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  technicianId!: string;

  @ApiPropertyOptional({ maxLength: TEXT, example: 'Customer asked for the technician who installed it' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  reason?: string;
}

export class ReasonDto extends CommandDto {
  @ApiProperty({ maxLength: TEXT })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT)
  reason!: string;
}

/** A dispatcher's cancellation: the reason, and what intake should do with the case. */
export class CancelDto extends ReasonDto {
  @ApiPropertyOptional({
    enum: DISPATCHER_REASON_CODES,
    default: 'other',
    description: 'replan: the case is routed again (a new work order); customer_request, other: the case goes back to the agent',
  })
  @IsOptional()
  @IsIn(DISPATCHER_REASON_CODES)
  reasonCode?: DispatcherReasonCode;
}

export class NoteDto extends CommandDto {
  @ApiProperty({ maxLength: TEXT, example: 'Customer not reachable, cannot keep the promised time' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT)
  note!: string;
}

export class RemarksDto extends CommandDto {
  @ApiPropertyOptional({ maxLength: TEXT })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  remarks?: string;
}

export class ScheduleDto extends CommandDto {
  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  windowStart!: string;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  windowEnd!: string;

  @ApiPropertyOptional({ maxLength: TEXT, example: 'Li Wei (customer)' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  agreedWith?: string;
}

export class DepartDto extends CommandDto {
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  estimatedArrivalAt?: string;
}

export class PartNeededDto {
  @ApiProperty({ example: 'SEAL-CP200-01' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  partNo!: string;

  @ApiProperty({ minimum: 1, example: 1 })
  @IsInt()
  @Min(1)
  quantity!: number;

  @ApiPropertyOptional({ maxLength: TEXT })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  description?: string;
}

export class AwaitPartsDto extends CommandDto {
  @ApiProperty({ type: [PartNeededDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PartNeededDto)
  parts!: PartNeededDto[];

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  neededBy?: string;
}

export class PartReplacedDto {
  @ApiProperty({ example: 'SEAL-CP200-01' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  partNo!: string;

  @ApiProperty({ minimum: 1, example: 1 })
  @IsInt()
  @Min(1)
  quantity!: number;

  @ApiPropertyOptional({ description: 'Serial of the part removed' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  serialOut?: string;

  @ApiPropertyOptional({ description: 'Serial of the part fitted' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  serialIn?: string;
}

export class SignatureDto {
  @ApiProperty({ example: 'Li Wei' })
  @IsString()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  signedAt!: string;

  @ApiProperty({ example: 'sig://acme/2025/03/wo-1.png', description: 'Reference to the stored signature image' })
  @IsString()
  @MaxLength(TEXT)
  signatureRef!: string;
}

/**
 * The service report. Fault cause, resolution and the parts list (`[]` = none replaced) are
 * required by the domain: leaving any out answers 422 WORK_ORDER_REPORT_INCOMPLETE naming them.
 */
export class ServiceReportDto {
  @ApiPropertyOptional({ maxLength: LONG_TEXT, example: 'Shaft seal worn' })
  @IsOptional()
  @IsString()
  @MaxLength(LONG_TEXT)
  faultCause?: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'seal' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  faultCategory?: string;

  @ApiPropertyOptional({ maxLength: LONG_TEXT, example: 'Replaced the shaft seal, pressure test 2 h OK' })
  @IsOptional()
  @IsString()
  @MaxLength(LONG_TEXT)
  resolution?: string;

  @ApiPropertyOptional({ type: [PartReplacedDto], description: '[] when no part was replaced' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => PartReplacedDto)
  partsReplaced?: PartReplacedDto[];

  @ApiPropertyOptional({ minimum: 0, example: 2.5 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  labourHours?: number;

  @ApiPropertyOptional({ minimum: 0, example: 1 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  travelHours?: number;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  personTimes?: number;

  @ApiPropertyOptional({ type: SignatureDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SignatureDto)
  customerAcceptance?: SignatureDto;
}

export class CompleteDto extends CommandDto {
  @ApiProperty({ type: ServiceReportDto })
  @ValidateNested()
  @Type(() => ServiceReportDto)
  report!: ServiceReportDto;
}

export class CarryInDto extends CommandDto {
  @ApiProperty({ example: 'RCPT-2025-0042', description: 'Receipt number given to the customer' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  receiptNo!: string;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  promisedReturnDate!: string;
}

export class RepairCardDto extends CommandDto {
  @ApiProperty({ minimum: 0, example: 3 })
  @IsNumber()
  @Min(0)
  actualHours!: number;

  @ApiProperty({ type: [PartReplacedDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => PartReplacedDto)
  parts!: PartReplacedDto[];

  @ApiPropertyOptional({ maxLength: LONG_TEXT })
  @IsOptional()
  @IsString()
  @MaxLength(LONG_TEXT)
  notes?: string;
}

export class ReturnDto extends CommandDto {
  @ApiProperty({ type: SignatureDto })
  @ValidateNested()
  @Type(() => SignatureDto)
  signature!: SignatureDto;
}

export class ListWorkOrdersQueryDto {
  @ApiPropertyOptional({ enum: WORK_ORDER_STATUSES })
  @IsOptional()
  @IsIn(WORK_ORDER_STATUSES)
  status?: WorkOrderStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  technicianId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  caseId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,400}$/)
  cursor?: string;
}
