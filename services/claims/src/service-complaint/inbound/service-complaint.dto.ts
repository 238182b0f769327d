import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { ClosedObject, Optional, PagingQuery } from '@aftercare/http';
import { COMPLAINT_LEVELS, type ComplaintLevel } from '../domain/service-complaint';

const TEXT = 2000;

@ClosedObject()
export class OpenServiceComplaintDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'sr-a41b07d3' }) @IsString() @IsNotEmpty() @MaxLength(100) caseId!: string;
  @ApiProperty({ minLength: 1, maxLength: 50, example: 'phone' }) @IsString() @IsNotEmpty() @MaxLength(50) channel!: string;
  @ApiProperty({ enum: COMPLAINT_LEVELS, example: 'serious' }) @IsIn(COMPLAINT_LEVELS) level!: ComplaintLevel;
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Li Wei' }) @IsString() @IsNotEmpty() @MaxLength(200) complainantName!: string;
  @ApiPropertyOptional({ maxLength: 50, example: '+86 21 5555 0101' }) @Optional() @IsString() @MaxLength(50) complainantPhone?: string;
  @ApiPropertyOptional({ maxLength: 200, example: 'li.wei@example.com' }) @Optional() @IsString() @MaxLength(200) complainantEmail?: string;
  @ApiProperty({ minLength: 1, maxLength: TEXT, example: 'The technician arrived four hours late' }) @IsString() @IsNotEmpty() @MaxLength(TEXT) content!: string;
  @ApiPropertyOptional({ maxLength: 100, example: 'tech-wang-fang', description: 'The technician concerned (a confirmed complaint counts in their appraisal)' })
  @Optional()
  @IsString()
  @MaxLength(100)
  technicianId?: string;
  @ApiPropertyOptional({ maxLength: 200, example: 'Agent on the hotline', description: 'Another person concerned' }) @Optional() @IsString() @MaxLength(200) personConcerned?: string;
}

@ClosedObject()
export class RespondDto {
  @ApiProperty({ minLength: 1, maxLength: TEXT, example: 'Called the customer back and apologised' }) @IsString() @IsNotEmpty() @MaxLength(TEXT) note!: string;
}

@ClosedObject()
export class CheckDto {
  @ApiProperty({ example: true, description: 'The complaint is justified' }) @IsBoolean() confirmed!: boolean;
  @ApiProperty({ minLength: 1, maxLength: TEXT, example: 'GPS log confirms the delay' }) @IsString() @IsNotEmpty() @MaxLength(TEXT) findings!: string;
}

@ClosedObject()
export class CloseComplaintDto {
  @ApiProperty({ minLength: 1, maxLength: TEXT, example: 'Confirmed; the technician was coached' }) @IsString() @IsNotEmpty() @MaxLength(TEXT) result!: string;
}

export class ListServiceComplaintsQueryDto extends PagingQuery {}
