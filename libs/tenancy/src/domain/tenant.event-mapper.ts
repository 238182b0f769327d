import { TENANT_REGISTERED_V1, type TenantRegisteredV1 } from '@aftercare/contracts';
import type { DomainEvent } from '@aftercare/ddd';
import type { TenantFact, TenantSnapshot } from './tenant';

/** The only place a tenant fact becomes its wire event. */
export function toTenantEvent(fact: TenantFact, state: TenantSnapshot): DomainEvent<TenantRegisteredV1> {
  switch (fact.kind) {
    case 'registered':
      return {
        type: TENANT_REGISTERED_V1,
        data: { tenantId: state.id, name: state.name, registeredAt: state.registeredAt.toISOString(), registeredBy: state.registeredBy, timeZone: state.timeZone },
        occurredAt: fact.at,
      };
  }
}
