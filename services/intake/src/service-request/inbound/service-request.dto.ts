import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CALENDAR_DATE_PATTERN, ClosedObject, IsCalendarDate, IsDateTime, NestedList, NestedObject, NOT_BLANK_PATTERN, NotBlank, Optional, PagingQuery } from '@aftercare/http';
import {
  CHANNELS,
  CLOSE_REASONS,
  FEE_CLASSES,
  PRIORITIES,
  REOPEN_REASONS,
  REQUEST_TYPES,
  SEVERITIES,
  STATUSES,
  URGENCIES,
  ZONES,
  type Channel,
  type CloseReason,
  type FeeClass,
  type Priority,
  type ReopenReason,
  type RequestType,
  type Severity,
  type Status,
  type Urgency,
  type Zone,
} from '../domain';
import type { DecidableEntitlement } from '../application/case-commands';

const TEXT = 500;
const LONG_TEXT = 10_000;

/** Query strings arrive as strings: `"true"`/`"false"` become booleans, anything else stays (and fails). */
const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

@ClosedObject()
export class CustomerDto {
  @ApiPropertyOptional({ description: 'The customer id in the CRM, when known', minLength: 1, maxLength: 100, example: 'CUST-0042' })
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  customerId?: string;

  @ApiProperty({ example: 'Shanghai Precision Tools Co.', minLength: 1, maxLength: TEXT })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT)
  name!: string;

  @ApiPropertyOptional({ maxLength: TEXT })
  @Optional()
  @IsString()
  @MaxLength(TEXT)
  contactPerson?: string;

  @ApiPropertyOptional({ description: 'Phone or e-mail is required to register', maxLength: 50, example: '+86 21 5555 0101' })
  @Optional()
  @IsString()
  @MaxLength(50)
  phone?: string;

  @ApiPropertyOptional({ format: 'email', maxLength: TEXT, example: 'service@example.com' })
  @Optional()
  @IsEmail()
  @MaxLength(TEXT)
  email?: string;

  @ApiPropertyOptional({ description: 'The site address; required for field-service types', maxLength: TEXT })
  @Optional()
  @IsString()
  @MaxLength(TEXT)
  address?: string;

  @ApiPropertyOptional({ enum: ZONES, description: 'Required for field-service types' })
  @Optional()
  @IsIn(ZONES)
  zone?: Zone;
}

@ClosedObject()
export class ProductDto {
  @ApiPropertyOptional({ description: 'Required for product types (repair, installation, …)', maxLength: 100, example: 'CNC-200' })
  @Optional()
  @IsString()
  @MaxLength(100)
  model?: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'SN-0001' })
  @Optional()
  @IsString()
  @MaxLength(100)
  serialNumber?: string;

  @ApiPropertyOptional({ description: 'Calendar date YYYY-MM-DD', format: 'date', pattern: CALENDAR_DATE_PATTERN, example: '2024-03-15' })
  @Optional()
  @IsCalendarDate()
  purchaseDate?: string;
}

/** An attachment reference: id, name and uri must say something (blank is 400); ids are unique within the case (422). */
@ClosedObject()
export class AttachmentDto {
  @ApiProperty({
    description: 'Unique within the case: an id the case holds, or one given twice, is 422 SERVICE_REQUEST_ATTACHMENT_ID_TAKEN',
    minLength: 1,
    maxLength: 100,
    pattern: NOT_BLANK_PATTERN,
    example: 'att-1',
  })
  @IsString()
  @NotBlank()
  @MaxLength(100)
  id!: string;

  @ApiProperty({ minLength: 1, maxLength: TEXT, pattern: NOT_BLANK_PATTERN, example: 'photo.jpg' })
  @IsString()
  @NotBlank()
  @MaxLength(TEXT)
  name!: string;

  @ApiProperty({
    description: 'Where the file is stored; the case keeps only the reference',
    minLength: 1,
    maxLength: 2000,
    pattern: NOT_BLANK_PATTERN,
    example: 'files://acme/2025/03/photo.jpg',
  })
  @IsString()
  @NotBlank()
  @MaxLength(2000)
  uri!: string;

  @ApiPropertyOptional({ example: 'image/jpeg', maxLength: 100 })
  @Optional()
  @IsString()
  @MaxLength(100)
  contentType?: string;
}

@ClosedObject()
export class PreferredTimeDto {
  @ApiProperty({ format: 'date-time', example: '2025-03-15T09:00:00+08:00' })
  @IsDateTime()
  from!: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2025-03-15T12:00:00+08:00' })
  @Optional()
  @IsDateTime()
  to?: string;
}

@ClosedObject()
export class RegisterServiceRequestDto {
  @ApiProperty({ enum: CHANNELS, description: 'Where the request came in' })
  @IsIn(CHANNELS)
  channel!: Channel;

  @ApiPropertyOptional({
    description: 'The id in the source system (CRM request, CTI call…): the same reference on the same channel is one case',
    minLength: 1,
    maxLength: 200,
    example: 'CRM-SR-2025-0815',
  })
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  externalRef?: string;

  @ApiProperty({ type: CustomerDto })
  @NestedObject(() => CustomerDto)
  customer!: CustomerDto;

  @ApiPropertyOptional({ type: ProductDto })
  @NestedObject(() => ProductDto, { optional: true })
  product?: ProductDto;

  @ApiProperty({ minLength: 1, maxLength: LONG_TEXT, example: 'Spindle stops after 10 minutes with alarm E-31' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LONG_TEXT)
  problemDescription!: string;

  @ApiPropertyOptional({ type: [AttachmentDto], maxItems: 50 })
  @NestedList(() => AttachmentDto, { maxItems: 50, optional: true })
  attachments?: AttachmentDto[];

  @ApiProperty({ enum: REQUEST_TYPES })
  @IsIn(REQUEST_TYPES)
  requestedType!: RequestType;

  @ApiPropertyOptional({ type: PreferredTimeDto })
  @NestedObject(() => PreferredTimeDto, { optional: true })
  preferredTime?: PreferredTimeDto;

  @ApiProperty({ enum: SEVERITIES })
  @IsIn(SEVERITIES)
  severity!: Severity;

  @ApiProperty({ enum: URGENCIES })
  @IsIn(URGENCIES)
  urgency!: Urgency;

  @ApiPropertyOptional({ description: 'The problem was caused by misuse: charged even in warranty', example: false })
  @Optional()
  @IsBoolean()
  misuse?: boolean;

  @ApiPropertyOptional({
    description: 'A quality problem: the work order is due on site within 8 h. Field-service types only (else 422 SERVICE_REQUEST_QUALITY_PROBLEM_NOT_FIELD_SERVICE)',
    example: false,
  })
  @Optional()
  @IsBoolean()
  qualityProblem?: boolean;

  @ApiPropertyOptional({
    description:
      'The company’s own work (inspection, parts handling, tool upkeep, short training): fee class D, never invoiced, routed without an entitlement decision. Field-service types only (else 422 SERVICE_REQUEST_INTERNAL_WORK_NOT_FIELD_SERVICE)',
    example: false,
  })
  @Optional()
  @IsBoolean()
  internalWork?: boolean;
}

@ClosedObject()
export class AddInformationDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: LONG_TEXT, description: 'A note; text or attachments are required', example: 'The alarm now shows E-32' })
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LONG_TEXT)
  text?: string;

  @ApiPropertyOptional({ type: [AttachmentDto], maxItems: 50 })
  @NestedList(() => AttachmentDto, { maxItems: 50, optional: true })
  attachments?: AttachmentDto[];
}

@ClosedObject()
export class CancelDto {
  @ApiProperty({ minLength: 1, maxLength: TEXT, example: 'customer solved it himself' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT)
  reason!: string;
}

@ClosedObject()
export class ReopenDto {
  @ApiProperty({ enum: REOPEN_REASONS })
  @IsIn(REOPEN_REASONS)
  reason!: ReopenReason;

  @ApiPropertyOptional({ maxLength: LONG_TEXT, example: 'Same alarm again after two days' })
  @Optional()
  @IsString()
  @MaxLength(LONG_TEXT)
  note?: string;
}

@ClosedObject()
export class CloseDto {
  @ApiProperty({ enum: CLOSE_REASONS })
  @IsIn(CLOSE_REASONS)
  reason!: CloseReason;
}

const DECIDABLE_ENTITLEMENTS = ['in_warranty', 'contract', 'out_of_warranty'] as const satisfies readonly DecidableEntitlement[];

@ClosedObject()
export class DecideEntitlementDto {
  @ApiProperty({ enum: DECIDABLE_ENTITLEMENTS, description: 'The agent\'s decision (reason "agent_decision")' })
  @IsIn(DECIDABLE_ENTITLEMENTS)
  entitlement!: DecidableEntitlement;

  @ApiPropertyOptional({
    enum: FEE_CLASSES,
    description: 'Default: C in warranty, B under contract, A out of warranty; A also for misuse under warranty or contract',
  })
  @Optional()
  @IsIn(FEE_CLASSES)
  feeClass?: FeeClass;

  @ApiPropertyOptional({ description: 'The paying service contract (entitlement contract)', minLength: 1, maxLength: 100, example: 'SC-2025-001' })
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  contractId?: string;
}

export class ListServiceRequestsQueryDto extends PagingQuery {
  @ApiPropertyOptional({ enum: STATUSES })
  @Optional()
  @IsIn(STATUSES)
  status?: Status;

  @ApiPropertyOptional({ enum: REQUEST_TYPES, description: 'The requested service type' })
  @Optional()
  @IsIn(REQUEST_TYPES)
  type?: RequestType;

  @ApiPropertyOptional({ enum: PRIORITIES })
  @Optional()
  @IsIn(PRIORITIES)
  priority?: Priority;

  @ApiPropertyOptional({ maxLength: 100 })
  @Optional()
  @IsString()
  @MaxLength(100)
  customerId?: string;

  @ApiPropertyOptional({ description: 'Product serial number', maxLength: 100 })
  @Optional()
  @IsString()
  @MaxLength(100)
  serial?: string;

  @ApiPropertyOptional({ enum: CHANNELS })
  @Optional()
  @IsIn(CHANNELS)
  channel?: Channel;

  @ApiPropertyOptional({ type: Boolean, description: 'Cases with (true) or without (false) an SLA breach' })
  @Optional()
  @Transform(toBoolean)
  @IsBoolean()
  slaBreached?: boolean;

  @ApiPropertyOptional({ format: 'date-time', description: 'Received at or after' })
  @Optional()
  @IsDateTime()
  createdFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Received at or before' })
  @Optional()
  @IsDateTime()
  createdTo?: string;
}

export class ArchiveQueryDto extends PagingQuery {
  @ApiProperty({ description: 'Why the archive is read; logged with who and when', minLength: 1, maxLength: TEXT, example: 'customer called about a repeat fault' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT)
  reason!: string;
}

export class ArchiveReadsQueryDto extends PagingQuery {
  @ApiPropertyOptional({ enum: ['customer', 'asset'] })
  @Optional()
  @IsIn(['customer', 'asset'])
  target?: 'customer' | 'asset';

  @ApiPropertyOptional({ description: 'Customer id or serial number', maxLength: 100 })
  @Optional()
  @IsString()
  @MaxLength(100)
  key?: string;

  @ApiPropertyOptional({ description: 'Who read it (token subject)', maxLength: 200 })
  @Optional()
  @IsString()
  @MaxLength(200)
  subject?: string;
}
