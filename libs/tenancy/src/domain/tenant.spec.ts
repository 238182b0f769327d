import { contractsRegistry, TENANT_REGISTERED_V1 } from '@aftercare/contracts';
import { DomainError } from '@aftercare/ddd';
import { Tenant } from './tenant';

const at = new Date('2026-12-01T06:00:00.000Z');

describe('Tenant', () => {
  it('is registered as its own tenant, with one fact and an event valid against its contract', () => {
    const tenant = Tenant.register({ id: 'acme', name: '  Acme Pumps  ', registeredBy: 'ops-1', at });
    expect([tenant.id, tenant.tenantId, tenant.name, tenant.version]).toEqual(['acme', 'acme', 'Acme Pumps', 0]);
    expect(tenant.pendingFacts).toEqual([{ kind: 'registered', at }]);
    const [event] = tenant.pendingEvents;
    expect(event).toEqual({
      type: TENANT_REGISTERED_V1,
      data: { tenantId: 'acme', name: 'Acme Pumps', registeredAt: at.toISOString(), registeredBy: 'ops-1' },
      occurredAt: at,
    });
    expect(() => contractsRegistry().assertValid(event!.type, event!.data)).not.toThrow();
  });

  it.each([
    ['*', 'Everyone', 'ops-1'],
    ['UPPER', 'Upper', 'ops-1'],
    ['acme', '', 'ops-1'],
    ['acme', 'Acme', ' '],
  ])('refuses to register id %p name %p by %p', (id, name, registeredBy) => {
    expect(() => Tenant.register({ id, name, registeredBy, at })).toThrow(DomainError);
  });

  it('is copied from a snapshot (another service registered it) without recording anything', () => {
    const copy = Tenant.fromSnapshot({ id: 'acme', name: 'Acme', registeredAt: at, registeredBy: 'ops-1', version: 0, handledMessageIds: [] });
    expect(copy.pendingFacts).toEqual([]);
    expect(copy.pendingEvents).toEqual([]);
    expect(copy.toSnapshot()).toEqual({ id: 'acme', name: 'Acme', registeredAt: at, registeredBy: 'ops-1', version: 0, handledMessageIds: [] });
  });
});
