import { AggregateRoot, DomainError, type DomainEvent, type DomainFact } from '@aftercare/ddd';
import { toTenantEvent } from './tenant.event-mapper';
import { assertRegistrable } from './tenant-id';

export interface TenantSnapshot {
  id: string;
  name: string;
  registeredAt: Date;
  registeredBy: string;
  /** IANA zone: the tenant's months close at its midnight (month figures, the monthly report). */
  timeZone: string;
  version: number;
  handledMessageIds: string[];
}

export interface TenantRegistered extends DomainFact {
  readonly kind: 'registered';
}

export type TenantFact = TenantRegistered;

/**
 * A tenant of the platform: registered once, for good. Its own tenant is itself, so every
 * document and message about it carries `tenantId = id`. A copy materialised from another
 * service's event is built with `fromSnapshot` and records nothing: only the registering
 * service publishes.
 */
export class Tenant extends AggregateRoot<TenantFact> {
  private constructor(private readonly state: Omit<TenantSnapshot, 'version' | 'handledMessageIds'>, version: number, handled: readonly string[]) {
    super(state.id, state.id, version, handled);
  }

  /** `timeZone` is the operator's choice or, when they gave none, the deployment's (the registry decides). */
  static register(input: { id: string; name: string; timeZone: string; registeredBy: string; at: Date }): Tenant {
    assertRegistrable(input);
    if (!input.registeredBy?.trim()) throw new DomainError('TENANT_INVALID', 'tenant cannot be registered: registeredBy is required');
    const tenant = new Tenant(
      { id: input.id, name: input.name.trim(), registeredAt: input.at, registeredBy: input.registeredBy, timeZone: input.timeZone },
      0,
      [],
    );
    tenant.record({ kind: 'registered', at: input.at });
    return tenant;
  }

  static fromSnapshot(snapshot: TenantSnapshot): Tenant {
    const { version, handledMessageIds, ...state } = snapshot;
    return new Tenant(state, version, handledMessageIds);
  }

  get name(): string {
    return this.state.name;
  }

  get registeredAt(): Date {
    return this.state.registeredAt;
  }

  get registeredBy(): string {
    return this.state.registeredBy;
  }

  get timeZone(): string {
    return this.state.timeZone;
  }

  toSnapshot(): TenantSnapshot {
    return { ...this.state, version: this.version, handledMessageIds: [...this.handledMessageIds] };
  }

  protected toIntegrationEvent(fact: TenantFact): DomainEvent {
    return toTenantEvent(fact, this.toSnapshot());
  }
}
