import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { AnyTenant } from '@aftercare/auth';
import { TENANT_REGISTERED_V1, TOPICS, type TenantRegisteredV1 } from '@aftercare/contracts';
import { onTopic } from '@aftercare/messaging';
import { TenantRegistry } from '../application/tenant-registry';

/**
 * Keeps this service's copy of the registry: every registration on the tenants topic, from the
 * beginning, in a group of its own (`<service>.tenants`), so a busy main group never delays it.
 */
@Controller()
export class TenantRegistryHandler {
  constructor(private readonly registry: TenantRegistry) {}

  @EventPattern(onTopic(TOPICS.tenants.name, { types: [TENANT_REGISTERED_V1], group: 'tenants' }))
  @AnyTenant()
  async onRegistered(@Payload() tenant: TenantRegisteredV1): Promise<void> {
    await this.registry.materialise(tenant);
  }
}
