import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsISO8601,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
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
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../application/service-request.queries';

const TEXT = 500;
const LONG_TEXT = 10_000;

/** Query strings arrive as strings: `"true"`/`"false"` become booleans, anything else stays (and fails). */
const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);
const toInteger = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value);

export class CustomerDto {
  @ApiPropertyOptional({ description: 'The customer id in the CRM, when known', maxLength: 100 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  customerId?: string;

  @ApiProperty({ example: 'Shanghai Precision Tools Co.', maxLength: TEXT })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT)
  name!: string;

  @ApiPropertyOptional({ maxLength: TEXT })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  contactPerson?: string;

  @ApiPropertyOptional({ description: 'Phone or e-mail is required to register', maxLength: 50, example: '+86 21 5555 0101' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  phone?: string;

  @ApiPropertyOptional({ example: 'service@example.com' })
  @IsOptional()
  @IsEmail()
  @MaxLength(TEXT)
  email?: string;

  @ApiPropertyOptional({ description: 'The site address; required for field-service types', maxLength: TEXT })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  address?: string;

  @ApiPropertyOptional({ enum: ZONES, description: 'Required for field-service types' })
  @IsOptional()
  @IsIn(ZONES)
  zone?: Zone;
}

export class ProductDto {
  @ApiPropertyOptional({ description: 'Required for product types (repair, installation, …)', maxLength: 100, example: 'CNC-200' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  model?: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'SN-0001' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  serialNumber?: string;

  @ApiPropertyOptional({ description: 'Calendar date YYYY-MM-DD', example: '2024-03-15' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'purchaseDate must be a calendar date YYYY-MM-DD' })
  purchaseDate?: string;
}

export class AttachmentDto {
  @ApiProperty({ maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  id!: string;

  @ApiProperty({ maxLength: TEXT, example: 'photo.jpg' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT)
  name!: string;

  @ApiProperty({ description: 'Where the file is stored; the case keeps only the reference', maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  uri!: string;

  @ApiPropertyOptional({ example: 'image/jpeg', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  contentType?: string;
}

export class PreferredTimeDto {
  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  from!: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class RegisterServiceRequestDto {
  @ApiProperty({ enum: CHANNELS, description: 'Where the request came in' })
  @IsIn(CHANNELS)
  channel!: Channel;

  @ApiPropertyOptional({
    description: 'The id in the source system (CRM request, CTI call…): the same reference on the same channel is one case',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  externalRef?: string;

  @ApiProperty({ type: CustomerDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CustomerDto)
  customer!: CustomerDto;

  @ApiPropertyOptional({ type: ProductDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ProductDto)
  product?: ProductDto;

  @ApiProperty({ maxLength: LONG_TEXT, example: 'Spindle stops after 10 minutes with alarm E-31' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LONG_TEXT)
  problemDescription!: string;

  @ApiPropertyOptional({ type: [AttachmentDto], maxItems: 50 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];

  @ApiProperty({ enum: REQUEST_TYPES })
  @IsIn(REQUEST_TYPES)
  requestedType!: RequestType;

  @ApiPropertyOptional({ type: PreferredTimeDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PreferredTimeDto)
  preferredTime?: PreferredTimeDto;

  @ApiProperty({ enum: SEVERITIES })
  @IsIn(SEVERITIES)
  severity!: Severity;

  @ApiProperty({ enum: URGENCIES })
  @IsIn(URGENCIES)
  urgency!: Urgency;

  @ApiPropertyOptional({ description: 'The problem was caused by misuse: charged even in warranty' })
  @IsOptional()
  @IsBoolean()
  misuse?: boolean;
}

export class AddInformationDto {
  @ApiPropertyOptional({ maxLength: LONG_TEXT, description: 'A note; text or attachments are required' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LONG_TEXT)
  text?: string;

  @ApiPropertyOptional({ type: [AttachmentDto], maxItems: 50 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];
}

export class CancelDto {
  @ApiProperty({ maxLength: TEXT, example: 'customer solved it himself' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT)
  reason!: string;
}

export class ReopenDto {
  @ApiProperty({ enum: REOPEN_REASONS })
  @IsIn(REOPEN_REASONS)
  reason!: ReopenReason;

  @ApiPropertyOptional({ maxLength: LONG_TEXT })
  @IsOptional()
  @IsString()
  @MaxLength(LONG_TEXT)
  note?: string;
}

export class CloseDto {
  @ApiProperty({ enum: CLOSE_REASONS })
  @IsIn(CLOSE_REASONS)
  reason!: CloseReason;
}

const DECIDABLE_ENTITLEMENTS = ['in_warranty', 'contract', 'out_of_warranty'] as const satisfies readonly DecidableEntitlement[];

export class DecideEntitlementDto {
  @ApiProperty({ enum: DECIDABLE_ENTITLEMENTS, description: 'The agent\'s decision (reason "agent_decision")' })
  @IsIn(DECIDABLE_ENTITLEMENTS)
  entitlement!: DecidableEntitlement;

  @ApiPropertyOptional({
    enum: FEE_CLASSES,
    description: 'Default: C in warranty, B under contract, A out of warranty; A also for misuse under warranty or contract',
  })
  @IsOptional()
  @IsIn(FEE_CLASSES)
  feeClass?: FeeClass;

  @ApiPropertyOptional({ description: 'The paying service contract (entitlement contract)', maxLength: 100 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  contractId?: string;
}

export class PagingQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export class ListServiceRequestsQueryDto extends PagingQueryDto {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: Status;

  @ApiPropertyOptional({ enum: REQUEST_TYPES, description: 'The requested service type' })
  @IsOptional()
  @IsIn(REQUEST_TYPES)
  type?: RequestType;

  @ApiPropertyOptional({ enum: PRIORITIES })
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: Priority;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  customerId?: string;

  @ApiPropertyOptional({ description: 'Product serial number' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  serial?: string;

  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;

  @ApiPropertyOptional({ type: Boolean, description: 'Cases with (true) or without (false) an SLA breach' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  slaBreached?: boolean;

  @ApiPropertyOptional({ format: 'date-time', description: 'Received at or after' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Received at or before' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdTo?: string;
}

export class ArchiveQueryDto extends PagingQueryDto {
  @ApiProperty({ description: 'Why the archive is read; logged with who and when', maxLength: TEXT, example: 'customer called about a repeat fault' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT)
  reason!: string;
}

export class ArchiveReadsQueryDto extends PagingQueryDto {
  @ApiPropertyOptional({ enum: ['customer', 'asset'] })
  @IsOptional()
  @IsIn(['customer', 'asset'])
  target?: 'customer' | 'asset';

  @ApiPropertyOptional({ description: 'Customer id or serial number' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  key?: string;

  @ApiPropertyOptional({ description: 'Who read it (token subject)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subject?: string;
}
