import { Injectable } from '@nestjs/common';
import type { TenantDirectory } from '@aftercare/auth';
import type { TenantRegisteredV1 } from '@aftercare/contracts';
import { DomainError } from '@aftercare/ddd';
import { isTenantId, Tenant } from '../domain';
import { TenantRepository } from '../infrastructure/tenant.repository';
import { toTenantView, type TenantView } from './tenant.view';

/** Who registers a tenant that comes from TENANTS_SEED or a test harness. */
export const SEED_REGISTRANT = 'seed';

/**
 * The service's view of which tenants exist. Tenants are registered for good, so a known id is
 * remembered in memory for the life of the process: checking a message's or a token's tenant
 * costs nothing after the first time. An id not in memory is read by `_id` (another instance of
 * the service may have stored it); an unknown one is never remembered, so it is accepted as soon
 * as the registry learns it.
 */
@Injectable()
export class TenantRegistry implements TenantDirectory {
  private readonly known = new Set<string>();

  constructor(private readonly tenants: TenantRepository) {}

  async isKnown(tenantId: string): Promise<boolean> {
    if (this.known.has(tenantId)) return true;
    // A malformed id is never a tenant: no store read for it.
    if (!isTenantId(tenantId)) return false;
    const tenant = await this.tenants.find(tenantId);
    if (tenant) this.known.add(tenantId);
    return tenant !== null;
  }

  /** The admin API's registration: stored with its event, which carries it to every service. */
  async register(input: { id: string; name: string }, registeredBy: string, at = new Date()): Promise<TenantView> {
    const tenant = Tenant.register({ ...input, registeredBy, at });
    if (!(await this.tenants.insertIfAbsent(tenant))) {
      throw new DomainError('TENANT_ALREADY_EXISTS', `tenant ${input.id} is already registered`, 'conflict');
    }
    this.known.add(tenant.id);
    return toTenantView(tenant);
  }

  /** Registers the tenant unless it exists (TENANTS_SEED at start-up, test harnesses). */
  async ensure(tenantId: string, name = tenantId, registeredBy = SEED_REGISTRANT): Promise<void> {
    if (await this.isKnown(tenantId)) return;
    await this.tenants.insertIfAbsent(Tenant.register({ id: tenantId, name, registeredBy, at: new Date() }));
    this.known.add(tenantId);
  }

  /** Another service's registration (or this one's, read back): a copy, published by nobody. */
  async materialise(event: TenantRegisteredV1): Promise<void> {
    if (this.known.has(event.tenantId)) return;
    const copy = Tenant.fromSnapshot({
      id: event.tenantId,
      name: event.name,
      registeredAt: new Date(event.registeredAt),
      registeredBy: event.registeredBy,
      version: 0,
      handledMessageIds: [],
    });
    await this.tenants.insertIfAbsent(copy);
    this.known.add(event.tenantId);
  }

  /** Up to `limit` tenants in id order after `afterId`, and whether more follow. */
  async page(afterId: string | null, limit: number): Promise<{ items: TenantView[]; more: boolean }> {
    const tenants = await this.tenants.page(afterId, limit + 1);
    return { items: tenants.slice(0, limit).map(toTenantView), more: tenants.length > limit };
  }
}
