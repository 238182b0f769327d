import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsString, MaxLength, Min } from 'class-validator';
import { ClosedObject, IsDateTime, NestedList, NestedObject, Optional, PagingQuery } from '@aftercare/http';
import { QUALITY_CLAIM_STATUSES, RESPONSIBILITIES, SEVERITIES, URGENCIES, type Responsibility, type Severity, type Urgency } from '../domain';

const TEXT = 2000;

@ClosedObject()
export class ProblemDto {
  @ApiProperty({ minLength: 1, maxLength: TEXT, example: 'Seal leaks after 200 h of operation' }) @IsString() @IsNotEmpty() @MaxLength(TEXT) what!: string;
  @ApiPropertyOptional({ maxLength: TEXT, example: 'Customer line 3' }) @Optional() @IsString() @MaxLength(TEXT) where?: string;
  @ApiPropertyOptional({ maxLength: TEXT, example: 'Since the March lot' }) @Optional() @IsString() @MaxLength(TEXT) when?: string;
  @ApiPropertyOptional({ maxLength: TEXT, example: 'Operators on night shift' }) @Optional() @IsString() @MaxLength(TEXT) who?: string;
  @ApiPropertyOptional({ maxLength: TEXT, example: 'Leak stops the line' }) @Optional() @IsString() @MaxLength(TEXT) why?: string;
  @ApiPropertyOptional({ maxLength: TEXT, example: 'Visible oil at the shaft' }) @Optional() @IsString() @MaxLength(TEXT) how?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, example: 40 }) @Optional() @IsInt() @Min(0) howMany?: number;
}

@ClosedObject()
export class OpenQualityClaimDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'sr-a41b07d3', description: 'The service case the claim is for' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  caseId!: string;

  @ApiPropertyOptional({ maxLength: 200, example: 'Shanghai Pump Works' }) @Optional() @IsString() @MaxLength(200) customerName?: string;
  @ApiPropertyOptional({ maxLength: 200, example: 'CP-200' }) @Optional() @IsString() @MaxLength(200) productModel?: string;
  @ApiPropertyOptional({ maxLength: 200, example: 'CP200-2024-00871' }) @Optional() @IsString() @MaxLength(200) serialNumber?: string;

  @ApiProperty({ type: ProblemDto, description: 'D2 as 5W2H' })
  @NestedObject(() => ProblemDto)
  problem!: ProblemDto;
}

@ClosedObject()
export class SupplierDefectDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'sup-ningbo-seals' }) @IsString() @IsNotEmpty() @MaxLength(100) supplierId!: string;
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'SEAL-CP200-01' }) @IsString() @IsNotEmpty() @MaxLength(100) partNo!: string;
  @ApiProperty({ minLength: 1, maxLength: TEXT, example: 'Seal hardness out of tolerance' }) @IsString() @IsNotEmpty() @MaxLength(TEXT) defect!: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, example: 40 }) @Optional() @IsInt() @Min(1) quantityAffected?: number;
}

@ClosedObject()
export class TriageDto {
  @ApiProperty({ enum: URGENCIES, example: 'urgent' }) @IsIn(URGENCIES) urgency!: Urgency;
  @ApiProperty({ enum: SEVERITIES, example: 'major' }) @IsIn(SEVERITIES) severity!: Severity;
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'manufacturing' }) @IsString() @IsNotEmpty() @MaxLength(100) department!: string;
  @ApiProperty({ enum: RESPONSIBILITIES, example: 'undetermined' }) @IsIn(RESPONSIBILITIES) responsibility!: Responsibility;
  @ApiProperty({ example: false, description: "The customer's production stopped: a major claim" }) @IsBoolean() productionStopped!: boolean;
  @ApiPropertyOptional({ type: SupplierDefectDto, description: 'Required when the supplier is responsible' })
  @NestedObject(() => SupplierDefectDto, { optional: true })
  supplier?: SupplierDefectDto;
}

@ClosedObject()
export class TeamMemberDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'qe-chen' }) @IsString() @IsNotEmpty() @MaxLength(100) id!: string;
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Chen Jie' }) @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'quality_engineer', description: 'For the leader of a major claim: manager, service_manager, deputy_gm or general_manager' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  role!: string;
}

@ClosedObject()
export class TeamDto {
  @ApiProperty({ type: TeamMemberDto }) @NestedObject(() => TeamMemberDto) leader!: TeamMemberDto;
  @ApiProperty({ type: [TeamMemberDto], maxItems: 50 }) @NestedList(() => TeamMemberDto, { maxItems: 50 }) members!: TeamMemberDto[];
}

@ClosedObject()
export class ContainmentDto {
  @ApiProperty({ minLength: 1, maxLength: TEXT, example: 'Quarantine the lot; 100 % leak test' }) @IsString() @IsNotEmpty() @MaxLength(TEXT) actions!: string;
  @ApiProperty({ type: 'integer', minimum: 0, example: 400 }) @IsInt() @Min(0) quantitySuspect!: number;
  @ApiProperty({ type: 'integer', minimum: 0, example: 380 }) @IsInt() @Min(0) quantityContained!: number;
  @ApiProperty({ type: [String], maxItems: 50, example: ['Plant 2 warehouse'] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  locations!: string[];
}

@ClosedObject()
export class RootCauseDto {
  @ApiProperty({ type: [String], maxItems: 20, example: ['Seal cracked', 'Rubber too hard', 'Oven ran hot'] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(TEXT, { each: true })
  whyChain!: string[];

  @ApiProperty({ minLength: 1, maxLength: TEXT, example: 'Oven thermocouple drifted without calibration' }) @IsString() @IsNotEmpty() @MaxLength(TEXT) rootCause!: string;
  @ApiProperty({ minLength: 1, maxLength: TEXT, example: 'Incoming inspection checked dimensions only' }) @IsString() @IsNotEmpty() @MaxLength(TEXT) escapePoint!: string;
  @ApiPropertyOptional({ enum: RESPONSIBILITIES, example: 'manufacturing' }) @Optional() @IsIn(RESPONSIBILITIES) responsibility?: Responsibility;
  @ApiPropertyOptional({ type: SupplierDefectDto }) @NestedObject(() => SupplierDefectDto, { optional: true }) supplier?: SupplierDefectDto;
}

/** Owner and deadline are checked by the domain (422 naming each missing one), not here. */
@ClosedObject()
export class PlannedActionDto {
  @ApiProperty({ minLength: 1, maxLength: TEXT, example: 'Calibrate oven thermocouples monthly' }) @IsString() @MaxLength(TEXT) description!: string;
  @ApiPropertyOptional({ maxLength: 100, example: 'eng-sun', description: 'Required (422 without)' }) @Optional() @IsString() @MaxLength(100) owner?: string;
  @ApiPropertyOptional({ format: 'date-time', example: '2025-04-01T00:00:00.000Z', description: 'Required (422 without)' }) @Optional() @IsDateTime() deadline?: string;
}

@ClosedObject()
export class PlanActionsDto {
  @ApiProperty({ type: [PlannedActionDto], maxItems: 50 }) @NestedList(() => PlannedActionDto, { maxItems: 50 }) actions!: PlannedActionDto[];
}

@ClosedObject()
export class ImplementationDto {
  @ApiProperty({ minLength: 1, maxLength: TEXT, example: 'Calibration plan in force since 25 March' }) @IsString() @IsNotEmpty() @MaxLength(TEXT) summary!: string;
  @ApiProperty({ type: [String], maxItems: 50, example: ['cal-report-0325.pdf'] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  evidence!: string[];
}

@ClosedObject()
export class PreventionDto {
  @ApiProperty({ type: [String], maxItems: 50, example: ['WI-OVEN-03'] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  documentsChanged!: string[];

  @ApiProperty({ example: true }) @IsBoolean() fmeaUpdated!: boolean;
  @ApiProperty({ example: true }) @IsBoolean() controlPlanUpdated!: boolean;
  @ApiPropertyOptional({ maxLength: TEXT, example: 'Hardness added to incoming inspection' }) @Optional() @IsString() @MaxLength(TEXT) notes?: string;
}

@ClosedObject()
export class VerificationDto {
  @ApiProperty({ minLength: 1, maxLength: TEXT, example: 'No leak in 500 units over four weeks' }) @IsString() @IsNotEmpty() @MaxLength(TEXT) result!: string;
  @ApiProperty({ type: PreventionDto }) @NestedObject(() => PreventionDto) prevention!: PreventionDto;
}

@ClosedObject()
export class NoteDto {
  @ApiProperty({ minLength: 1, maxLength: TEXT, example: 'Line restarted with contained stock' }) @IsString() @IsNotEmpty() @MaxLength(TEXT) text!: string;
}

@ClosedObject()
export class RecognitionDto {
  @ApiProperty({ minLength: 1, maxLength: TEXT, example: 'Thanks to the oven team' }) @IsString() @IsNotEmpty() @MaxLength(TEXT) note!: string;
}

@ClosedObject()
export class LateReplyExplanationDto {
  @ApiProperty({ minLength: 1, maxLength: TEXT, example: "The supplier's lab report on the seal took ten days" }) @IsString() @IsNotEmpty() @MaxLength(TEXT) explanation!: string;
}

@ClosedObject()
export class CustomerContactDto {
  @ApiProperty({ enum: ['first_contact', 'rectification_status'], example: 'first_contact' })
  @IsIn(['first_contact', 'rectification_status'])
  kind!: 'first_contact' | 'rectification_status';
}

@ClosedObject()
export class CloseClaimDto {
  @ApiPropertyOptional({ maxLength: 20000, example: 'Final report: root cause, actions and verification', description: 'Required for a major claim' })
  @Optional()
  @IsString()
  @MaxLength(20000)
  finalReport?: string;
}

@ClosedObject()
export class RejectClaimDto {
  @ApiProperty({ minLength: 1, maxLength: TEXT, example: 'Operated dry against the manual' }) @IsString() @IsNotEmpty() @MaxLength(TEXT) reason!: string;
  @ApiProperty({ example: true }) @IsBoolean() customerMisuse!: boolean;
  @ApiPropertyOptional({ maxLength: TEXT, example: 'Prime the pump before start (manual 4.2)', description: 'Required for misuse' })
  @Optional()
  @IsString()
  @MaxLength(TEXT)
  correctUseInstructions?: string;
  @ApiPropertyOptional({ example: false, description: 'Not charged despite misuse: management only' }) @Optional() @IsBoolean() goodwill?: boolean;
}

export class ListQualityClaimsQueryDto extends PagingQuery {
  @ApiPropertyOptional({ enum: QUALITY_CLAIM_STATUSES }) @Optional() @IsIn(QUALITY_CLAIM_STATUSES) status?: string;
}
