import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { ClosedObject, PagingQuery } from '@aftercare/http';

/** Strings are required here; what a tenant id may be is the domain's rule (422 TENANT_INVALID). */
@ClosedObject()
export class RegisterTenantDto {
  @ApiProperty({
    example: 'acme',
    pattern: '^[a-z0-9][a-z0-9_-]{0,62}$',
    description: "Lower-case letters, digits, '-' and '_', starting with a letter or digit, at most 63; never '*'",
  })
  @IsString()
  id!: string;

  @ApiProperty({ example: 'Acme Pumps Ltd.', minLength: 1, maxLength: 200 })
  @IsString()
  name!: string;

  @ApiPropertyOptional({
    example: 'America/New_York',
    description: "IANA time zone: the tenant's months close at its midnight. Omitted: the deployment's REPORTING_TIME_ZONE",
  })
  @IsOptional()
  @IsString()
  timeZone?: string;
}

/** The tenant list's query: paging only. */
export class ListTenantsQuery extends PagingQuery {}
