import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsString,
  MaxLength,
  Min,
} from 'class-validator';
import { ClosedObject, IsDateTime, NestedList, NestedObject, Optional, PagingQuery } from '@aftercare/http';
import { DISPATCHER_REASON_CODES, WORK_ORDER_STATUSES, type DispatcherReasonCode, type WorkOrderStatus } from '../domain';

const TEXT = 500;
const LONG_TEXT = 5000;

/** Every command accepts the version the caller read (or the If-Match header). */
@ClosedObject()
export class CommandDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    deprecated: true,
    description: 'Optimistic concurrency (legacy; prefer If-Match): the version read; another current version answers 409. Not null.',
  })
  @Optional()
  @IsInt()
  @Min(0)
  expectedVersion?: number;
}

@ClosedObject()
export class AssignDto extends CommandDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'tech-zhang-wei' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  technicianId!: string;

  @ApiPropertyOptional({ maxLength: TEXT, example: 'Customer asked for the technician who installed it' })
  @Optional()
  @IsString()
  @MaxLength(TEXT)
  reason?: string;
}

@ClosedObject()
export class ReasonDto extends CommandDto {
  @ApiProperty({ minLength: 1, maxLength: TEXT, example: 'Customer withdrew the request' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT)
  reason!: string;
}

/** A dispatcher's cancellation: the reason, and what intake should do with the case. */
@ClosedObject()
export class CancelDto extends ReasonDto {
  @ApiPropertyOptional({
    enum: DISPATCHER_REASON_CODES,
    default: 'other',
    description: 'replan: the case is routed again (a new work order); customer_request, other: the case goes back to the agent',
  })
  @Optional()
  @IsIn(DISPATCHER_REASON_CODES)
  reasonCode?: DispatcherReasonCode;
}

@ClosedObject()
export class NoteDto extends CommandDto {
  @ApiProperty({ minLength: 1, maxLength: TEXT, example: 'Customer not reachable, cannot keep the promised time' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT)
  note!: string;
}

@ClosedObject()
export class RemarksDto extends CommandDto {
  @ApiPropertyOptional({ maxLength: TEXT, example: 'QC passed, pressure test OK' })
  @Optional()
  @IsString()
  @MaxLength(TEXT)
  remarks?: string;
}

@ClosedObject()
export class ScheduleDto extends CommandDto {
  @ApiProperty({ format: 'date-time', example: '2025-03-14T09:00:00+08:00' })
  @IsDateTime()
  windowStart!: string;

  @ApiProperty({ format: 'date-time', example: '2025-03-14T11:00:00+08:00' })
  @IsDateTime()
  windowEnd!: string;

  @ApiPropertyOptional({ maxLength: TEXT, example: 'Li Wei (customer)' })
  @Optional()
  @IsString()
  @MaxLength(TEXT)
  agreedWith?: string;
}

@ClosedObject()
export class DepartDto extends CommandDto {
  @ApiPropertyOptional({ format: 'date-time', example: '2025-03-14T09:40:00+08:00' })
  @Optional()
  @IsDateTime()
  estimatedArrivalAt?: string;
}

@ClosedObject()
export class PartNeededDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'SEAL-CP200-01' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  partNo!: string;

  @ApiProperty({ type: 'integer', minimum: 1, example: 1 })
  @IsInt()
  @Min(1)
  quantity!: number;

  @ApiPropertyOptional({ maxLength: TEXT, example: 'Shaft seal 40 mm' })
  @Optional()
  @IsString()
  @MaxLength(TEXT)
  description?: string;
}

@ClosedObject()
export class AwaitPartsDto extends CommandDto {
  @ApiProperty({ type: [PartNeededDto], maxItems: 100 })
  @NestedList(() => PartNeededDto, { maxItems: 100 })
  parts!: PartNeededDto[];

  @ApiPropertyOptional({ format: 'date-time', example: '2025-03-17T18:00:00+08:00' })
  @Optional()
  @IsDateTime()
  neededBy?: string;
}

@ClosedObject()
export class PartReplacedDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'SEAL-CP200-01' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  partNo!: string;

  @ApiProperty({ type: 'integer', minimum: 1, example: 1 })
  @IsInt()
  @Min(1)
  quantity!: number;

  @ApiPropertyOptional({ maxLength: 100, example: 'S-0815-OLD', description: 'Serial of the part removed' })
  @Optional()
  @IsString()
  @MaxLength(100)
  serialOut?: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'S-2231-NEW', description: 'Serial of the part fitted' })
  @Optional()
  @IsString()
  @MaxLength(100)
  serialIn?: string;
}

@ClosedObject()
export class SignatureDto {
  @ApiProperty({ maxLength: 200, example: 'Li Wei' })
  @IsString()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ format: 'date-time', example: '2025-03-14T10:45:00+08:00' })
  @IsDateTime()
  signedAt!: string;

  @ApiProperty({ maxLength: TEXT, example: 'sig://acme/2025/03/wo-1.png', description: 'Reference to the stored signature image' })
  @IsString()
  @MaxLength(TEXT)
  signatureRef!: string;
}

/**
 * The service report. Fault cause, resolution and the parts list (`[]` = none replaced) are
 * required by the domain: leaving any out answers 422 WORK_ORDER_REPORT_INCOMPLETE naming them
 * (the document marks them required; the validators leave them to the domain's one answer).
 */
@ClosedObject()
export class ServiceReportDto {
  @ApiProperty({ maxLength: LONG_TEXT, example: 'Shaft seal worn', description: 'Required: left out, 422 WORK_ORDER_REPORT_INCOMPLETE' })
  @Optional()
  @IsString()
  @MaxLength(LONG_TEXT)
  faultCause?: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'seal' })
  @Optional()
  @IsString()
  @MaxLength(100)
  faultCategory?: string;

  @ApiProperty({
    maxLength: LONG_TEXT,
    example: 'Replaced the shaft seal, pressure test 2 h OK',
    description: 'Required: left out, 422 WORK_ORDER_REPORT_INCOMPLETE',
  })
  @Optional()
  @IsString()
  @MaxLength(LONG_TEXT)
  resolution?: string;

  @ApiProperty({
    type: [PartReplacedDto],
    maxItems: 200,
    description: '[] when no part was replaced. Required: left out, 422 WORK_ORDER_REPORT_INCOMPLETE',
  })
  @NestedList(() => PartReplacedDto, { maxItems: 200, optional: true })
  partsReplaced?: PartReplacedDto[];

  @ApiPropertyOptional({ minimum: 0, example: 2.5 })
  @Optional()
  @IsNumber()
  @Min(0)
  labourHours?: number;

  @ApiPropertyOptional({ minimum: 0, example: 1 })
  @Optional()
  @IsNumber()
  @Min(0)
  travelHours?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, default: 1 })
  @Optional()
  @IsInt()
  @Min(1)
  personTimes?: number;

  @ApiPropertyOptional({ type: SignatureDto })
  @NestedObject(() => SignatureDto, { optional: true })
  customerAcceptance?: SignatureDto;
}

@ClosedObject()
export class CompleteDto extends CommandDto {
  @ApiProperty({ type: ServiceReportDto })
  @NestedObject(() => ServiceReportDto)
  report!: ServiceReportDto;
}

@ClosedObject()
export class CarryInDto extends CommandDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'RCPT-2025-0042', description: 'Receipt number given to the customer' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  receiptNo!: string;

  @ApiProperty({ format: 'date-time', example: '2025-03-21T18:00:00+08:00' })
  @IsDateTime()
  promisedReturnDate!: string;
}

@ClosedObject()
export class RepairCardDto extends CommandDto {
  @ApiProperty({ minimum: 0, example: 3 })
  @IsNumber()
  @Min(0)
  actualHours!: number;

  @ApiProperty({ type: [PartReplacedDto], maxItems: 200 })
  @NestedList(() => PartReplacedDto, { maxItems: 200 })
  parts!: PartReplacedDto[];

  @ApiPropertyOptional({ maxLength: LONG_TEXT, example: 'Impeller replaced, bench test OK' })
  @Optional()
  @IsString()
  @MaxLength(LONG_TEXT)
  notes?: string;
}

@ClosedObject()
export class ReturnDto extends CommandDto {
  @ApiProperty({ type: SignatureDto })
  @NestedObject(() => SignatureDto)
  signature!: SignatureDto;
}

export class ListWorkOrdersQueryDto extends PagingQuery {
  @ApiPropertyOptional({ enum: WORK_ORDER_STATUSES })
  @Optional()
  @IsIn(WORK_ORDER_STATUSES)
  status?: WorkOrderStatus;

  @ApiPropertyOptional({ maxLength: 100 })
  @Optional()
  @IsString()
  @MaxLength(100)
  technicianId?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @Optional()
  @IsString()
  @MaxLength(100)
  caseId?: string;
}
