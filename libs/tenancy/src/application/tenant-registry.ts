import { Inject, Injectable } from '@nestjs/common';
import type { TenantDirectory } from '@aftercare/auth';
import type { TenantRegisteredV1 } from '@aftercare/contracts';
import { DomainError } from '@aftercare/ddd';
import { isTenantId, Tenant } from '../domain';
import { TenantRepository } from '../infrastructure/tenant.repository';
import { TENANCY_OPTIONS, type TenancyOptions } from '../tenancy.options';
import { toTenantView, type TenantView } from './tenant.view';

/** Who registers a tenant that comes from TENANTS_SEED or a test harness. */
export const SEED_REGISTRANT = 'seed';

/**
 * The service's view of which tenants exist. Tenants are registered for good, so a known id is
 * remembered in memory for the life of the process: checking a message's or a token's tenant
 * costs nothing after the first time. An id not in memory is read by `_id` (another instance of
 * the service may have stored it); an unknown one is never remembered, so it is accepted as soon
 * as the registry learns it. A tenant's time zone is remembered with it (it never changes either).
 */
@Injectable()
export class TenantRegistry implements TenantDirectory {
  /** Tenant id → its time zone, for every tenant this process has seen. */
  private readonly known = new Map<string, string>();

  constructor(
    private readonly tenants: TenantRepository,
    @Inject(TENANCY_OPTIONS) private readonly options: Pick<TenancyOptions, 'defaultTimeZone'>,
  ) {}

  async isKnown(tenantId: string): Promise<boolean> {
    return (await this.lookUp(tenantId)) !== undefined;
  }

  /**
   * The tenant's IANA zone: its months close at its midnight. A tenant this service does not know
   * (yet) gets the deployment's zone; callers ask about registered tenants.
   */
  async timeZoneOf(tenantId: string): Promise<string> {
    return (await this.lookUp(tenantId)) ?? this.options.defaultTimeZone;
  }

  /** The admin API's registration: stored with its event, which carries it to every service. */
  async register(input: { id: string; name: string; timeZone?: string }, registeredBy: string, at = new Date()): Promise<TenantView> {
    const tenant = Tenant.register({ ...input, timeZone: input.timeZone ?? this.options.defaultTimeZone, registeredBy, at });
    if (!(await this.tenants.insertIfAbsent(tenant))) {
      throw new DomainError('TENANT_ALREADY_EXISTS', `tenant ${input.id} is already registered`, 'conflict');
    }
    this.known.set(tenant.id, tenant.timeZone);
    return toTenantView(tenant);
  }

  /** Registers the tenant unless it exists (TENANTS_SEED at start-up, test harnesses). */
  async ensure(tenantId: string, name = tenantId, registeredBy = SEED_REGISTRANT): Promise<void> {
    if (await this.isKnown(tenantId)) return;
    const tenant = Tenant.register({ id: tenantId, name, timeZone: this.options.defaultTimeZone, registeredBy, at: new Date() });
    // Lost to another instance: the stored one's zone is the one to remember.
    if (!(await this.tenants.insertIfAbsent(tenant))) await this.lookUp(tenantId);
    else this.known.set(tenantId, tenant.timeZone);
  }

  /** Another service's registration (or this one's, read back): a copy, published by nobody. */
  async materialise(event: TenantRegisteredV1): Promise<void> {
    if (this.known.has(event.tenantId)) return;
    const copy = Tenant.fromSnapshot({
      id: event.tenantId,
      name: event.name,
      registeredAt: new Date(event.registeredAt),
      registeredBy: event.registeredBy,
      // Published before registrations carried a zone: the deployment's.
      timeZone: event.timeZone ?? this.options.defaultTimeZone,
      version: 0,
      handledMessageIds: [],
    });
    if (await this.tenants.insertIfAbsent(copy)) this.known.set(event.tenantId, copy.timeZone);
    else await this.lookUp(event.tenantId);
  }

  /** The known tenant's zone, from memory or read once by `_id`; undefined for an unknown one. */
  private async lookUp(tenantId: string): Promise<string | undefined> {
    const remembered = this.known.get(tenantId);
    if (remembered !== undefined) return remembered;
    // A malformed id is never a tenant: no store read for it.
    if (!isTenantId(tenantId)) return undefined;
    const tenant = await this.tenants.find(tenantId);
    if (tenant) this.known.set(tenantId, tenant.timeZone);
    return tenant?.timeZone;
  }

  /** Up to `limit` tenants in id order after `afterId`, and whether more follow. */
  async page(afterId: string | null, limit: number): Promise<{ items: TenantView[]; more: boolean }> {
    const tenants = await this.tenants.page(afterId, limit + 1);
    return { items: tenants.slice(0, limit).map(toTenantView), more: tenants.length > limit };
  }
}
