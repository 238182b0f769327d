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

  @ApiProperty({ description: 'The operator who registered it, or "seed" (TENANTS_SEED at start-up)', example: 'ops-alice' })
  registeredBy!: string;
}

export class TenantListView {
  @ApiProperty({ type: [TenantView] })
  items!: TenantView[];
}

export function toTenantView(tenant: Tenant): TenantView {
  return { id: tenant.id, name: tenant.name, registeredAt: tenant.registeredAt.toISOString(), registeredBy: tenant.registeredBy };
}
