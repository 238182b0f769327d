import { ApiProperty } from '@nestjs/swagger';
import type { Tenant } from '../domain';

/** A tenant over HTTP (by allowlist). */
export class TenantView {
  @ApiProperty({ example: 'acme' })
  id!: string;

  @ApiProperty({ example: 'Acme Pumps Ltd.' })
  name!: string;

  @ApiProperty({ format: 'date-time' })
  registeredAt!: string;

  @ApiProperty({ description: "IANA time zone: the tenant's months close at its midnight (month figures, the monthly report)", example: 'Asia/Shanghai' })
  timeZone!: string;

  @ApiProperty({ description: 'The operator who registered it, or "seed" (TENANTS_SEED at start-up)', example: 'ops-alice' })
  registeredBy!: string;

  @ApiProperty({ type: 'integer', example: 1, description: 'The stored version (ETag); a registration does not change' })
  version!: number;
}

/** One page of the tenants this service knows, in id order. */
export class TenantPage {
  @ApiProperty({ type: [TenantView] })
  items!: TenantView[];

  @ApiProperty({ type: 'string', nullable: true, description: 'Pass as cursor for the next page; null on the last page' })
  nextCursor!: string | null;
}

export function toTenantView(tenant: Tenant): TenantView {
  return { id: tenant.id, name: tenant.name, registeredAt: tenant.registeredAt.toISOString(), registeredBy: tenant.registeredBy, timeZone: tenant.timeZone, version: tenant.version };
}
