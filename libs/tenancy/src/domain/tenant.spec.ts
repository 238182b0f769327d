import { contractsRegistry, TENANT_REGISTERED_V1 } from '@aftercare/contracts';
import { DomainError } from '@aftercare/ddd';
import { Tenant } from './tenant';

const at = new Date('2026-12-01T06:00:00.000Z');

describe('Tenant', () => {
  it('is registered as its own tenant, with one fact and an event valid against its contract', () => {
    const tenant = Tenant.register({ id: 'acme', name: '  Acme Pumps  ', timeZone: 'America/New_York', registeredBy: 'ops-1', at });
    expect([tenant.id, tenant.tenantId, tenant.name, tenant.timeZone, tenant.version]).toEqual(['acme', 'acme', 'Acme Pumps', 'America/New_York', 0]);
    expect(tenant.pendingFacts).toEqual([{ kind: 'registered', at }]);
    const [event] = tenant.pendingEvents;
    expect(event).toEqual({
      type: TENANT_REGISTERED_V1,
      data: { tenantId: 'acme', name: 'Acme Pumps', registeredAt: at.toISOString(), registeredBy: 'ops-1', timeZone: 'America/New_York' },
      occurredAt: at,
    });
    expect(() => contractsRegistry().assertValid(event!.type, event!.data)).not.toThrow();
  });

  it.each([
    ['*', 'Everyone', 'Asia/Shanghai', 'ops-1'],
    ['UPPER', 'Upper', 'Asia/Shanghai', 'ops-1'],
    ['acme', '', 'Asia/Shanghai', 'ops-1'],
    ['acme', 'Acme', 'Asia/Shanghai', ' '],
    ['acme', 'Acme', 'Mars/Olympus_Mons', 'ops-1'],
    ['acme', 'Acme', '', 'ops-1'],
  ])('refuses to register id %p name %p in zone %p by %p', (id, name, timeZone, registeredBy) => {
    expect(() => Tenant.register({ id, name, timeZone, registeredBy, at })).toThrow(DomainError);
  });

  it('is copied from a snapshot (another service registered it) without recording anything', () => {
    const copy = Tenant.fromSnapshot({ id: 'acme', name: 'Acme', registeredAt: at, registeredBy: 'ops-1', timeZone: 'Asia/Shanghai', version: 0, handledMessageIds: [] });
    expect(copy.pendingFacts).toEqual([]);
    expect(copy.pendingEvents).toEqual([]);
    expect(copy.toSnapshot()).toEqual({ id: 'acme', name: 'Acme', registeredAt: at, registeredBy: 'ops-1', timeZone: 'Asia/Shanghai', version: 0, handledMessageIds: [] });
  });
});
