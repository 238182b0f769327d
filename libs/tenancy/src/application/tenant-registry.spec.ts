import { TENANT_REGISTERED_V1 } from '@aftercare/contracts';
import { DomainError } from '@aftercare/ddd';
import type { Tenant } from '../domain';
import type { TenantRepository } from '../infrastructure/tenant.repository';
import { TenantRegistry } from './tenant-registry';

/** The repository as the registry uses it, in memory, counting reads and the events saved. */
class FakeTenants {
  readonly stored = new Map<string, Tenant>();
  readonly published: string[] = [];
  reads = 0;

  async find(id: string): Promise<Tenant | null> {
    this.reads += 1;
    return this.stored.get(id) ?? null;
  }

  async insertIfAbsent(tenant: Tenant): Promise<boolean> {
    if (this.stored.has(tenant.id)) return false;
    this.published.push(...tenant.pendingEvents.map((e) => `${e.type} ${tenant.id}`));
    tenant.markPersisted(tenant.version + 1);
    this.stored.set(tenant.id, tenant);
    return true;
  }

  async page(afterId: string | null, limit: number): Promise<Tenant[]> {
    const sorted = [...this.stored.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return sorted.filter((t) => afterId === null || t.id > afterId).slice(0, limit);
  }
}

const OPTIONS = { defaultTimeZone: 'Asia/Shanghai' };

function registry(): { registry: TenantRegistry; tenants: FakeTenants } {
  const tenants = new FakeTenants();
  return { registry: new TenantRegistry(tenants as unknown as TenantRepository, OPTIONS), tenants };
}

const registration = (tenantId: string) => ({ tenantId, name: tenantId, registeredAt: '2026-12-01T06:00:00.000Z', registeredBy: 'ops-1' });

describe('TenantRegistry', () => {
  it('reads a tenant from the store once, then answers from memory', async () => {
    const { registry: r, tenants } = registry();
    await r.register({ id: 'acme', name: 'Acme' }, 'ops-1');
    const other = new TenantRegistry(tenants as unknown as TenantRepository, OPTIONS); // another instance of the service
    expect(await other.isKnown('acme')).toBe(true);
    expect(await other.isKnown('acme')).toBe(true);
    expect(tenants.reads).toBe(1);
  });

  it('does not remember an unknown tenant: it is known as soon as it is registered', async () => {
    const { registry: r, tenants } = registry();
    expect(await r.isKnown('late')).toBe(false);
    await new TenantRegistry(tenants as unknown as TenantRepository, OPTIONS).register({ id: 'late', name: 'Late' }, 'ops-1');
    expect(await r.isKnown('late')).toBe(true);
  });

  it("never reads the store for '*' or a malformed id", async () => {
    const { registry: r, tenants } = registry();
    for (const id of ['*', '', 'Not A Tenant', 'x'.repeat(64)]) expect(await r.isKnown(id)).toBe(false);
    expect(tenants.reads).toBe(0);
  });

  it('registers with one published event, and refuses a second registration with TENANT_ALREADY_EXISTS (409)', async () => {
    const { registry: r, tenants } = registry();
    const view = await r.register({ id: 'acme', name: 'Acme' }, 'ops-1', new Date('2026-12-01T06:00:00.000Z'));
    expect(view).toEqual({ id: 'acme', name: 'Acme', registeredAt: '2026-12-01T06:00:00.000Z', registeredBy: 'ops-1', timeZone: 'Asia/Shanghai', version: 1 });
    await expect(r.register({ id: 'acme', name: 'Acme again' }, 'ops-2')).rejects.toMatchObject({ code: 'TENANT_ALREADY_EXISTS', kind: 'conflict' });
    expect(tenants.published).toEqual([`${TENANT_REGISTERED_V1} acme`]);
  });

  it("refuses '*' and malformed ids with TENANT_INVALID and stores nothing", async () => {
    const { registry: r, tenants } = registry();
    for (const id of ['*', 'UPPER', 'a b']) await expect(r.register({ id, name: 'x' }, 'ops-1')).rejects.toBeInstanceOf(DomainError);
    expect(tenants.stored.size).toBe(0);
  });

  it('ensures a seed tenant once, however often it is asked', async () => {
    const { registry: r, tenants } = registry();
    await r.ensure('acme');
    await r.ensure('acme');
    await new TenantRegistry(tenants as unknown as TenantRepository, OPTIONS).ensure('acme');
    expect(tenants.published).toEqual([`${TENANT_REGISTERED_V1} acme`]);
    expect((await r.page(null, 10)).items.map((t) => [t.id, t.registeredBy])).toEqual([['acme', 'seed']]);
  });

  it("materialises another service's registration without publishing it again, idempotently", async () => {
    const { registry: r, tenants } = registry();
    await r.materialise(registration('globex'));
    await r.materialise(registration('globex'));
    await new TenantRegistry(tenants as unknown as TenantRepository, OPTIONS).materialise(registration('globex'));
    expect(await r.isKnown('globex')).toBe(true);
    expect(tenants.published).toEqual([]);
    expect((await r.page(null, 10)).items.map((t) => t.id)).toEqual(['globex']);
  });

  it('pages the tenants in id order, saying whether more follow', async () => {
    const { registry: r } = registry();
    for (const id of ['delta', 'alpha', 'charlie', 'bravo']) await r.register({ id, name: id }, 'ops-1');
    const first = await r.page(null, 3);
    expect(first).toMatchObject({ more: true });
    expect(first.items.map((t) => t.id)).toEqual(['alpha', 'bravo', 'charlie']);
    const second = await r.page('charlie', 3);
    expect(second).toMatchObject({ more: false });
    expect(second.items.map((t) => [t.id, t.version])).toEqual([['delta', 1]]);
  });

  it("keeps the zone an operator gave, the deployment's otherwise, and answers it from memory", async () => {
    const { registry: r, tenants } = registry();
    await r.register({ id: 'nyc', name: 'NYC Pumps', timeZone: 'America/New_York' }, 'ops-1');
    await r.register({ id: 'acme', name: 'Acme' }, 'ops-1');
    const other = new TenantRegistry(tenants as unknown as TenantRepository, OPTIONS);
    expect([await other.timeZoneOf('nyc'), await other.timeZoneOf('nyc'), await other.timeZoneOf('acme')]).toEqual(['America/New_York', 'America/New_York', 'Asia/Shanghai']);
    expect(tenants.reads).toBe(2);
  });

  it('refuses a zone that is not an IANA name with TENANT_INVALID and stores nothing', async () => {
    const { registry: r, tenants } = registry();
    await expect(r.register({ id: 'acme', name: 'Acme', timeZone: 'Mars/Base' }, 'ops-1')).rejects.toMatchObject({
      code: 'TENANT_INVALID',
      fieldErrors: [{ field: 'timeZone', message: expect.any(String) }],
    });
    expect(tenants.stored.size).toBe(0);
  });

  it("takes the zone of another service's registration, and the deployment's when the registration carries none", async () => {
    const { registry: r } = registry();
    await r.materialise({ ...registration('nyc'), timeZone: 'America/New_York' });
    await r.materialise(registration('older'));
    expect([await r.timeZoneOf('nyc'), await r.timeZoneOf('older')]).toEqual(['America/New_York', 'Asia/Shanghai']);
  });
});
