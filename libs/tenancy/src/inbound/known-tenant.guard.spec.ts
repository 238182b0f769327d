import { Controller, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AnyTenant } from '@aftercare/auth';
import type { EventEnvelope } from '@aftercare/contracts';
import { describeFailure, EventContext } from '@aftercare/messaging';
import type { TenantRegistry } from '../application/tenant-registry';
import { KnownTenantGuard, UnknownTenantError } from './known-tenant.guard';

@Controller()
class CaseHandler {
  onRouted(): string {
    return 'handled';
  }
}

@Controller()
class RegistryHandler {
  @AnyTenant()
  onRegistered(): string {
    return 'handled';
  }
}

const registry = (known: string[]) => ({ isKnown: async (id: string) => known.includes(id) }) as unknown as TenantRegistry;
const guard = (known: string[] = ['acme']) => new KnownTenantGuard(new Reflector(), registry(known));

function messageFor(tenantId: string, handler: { new (): object; prototype: object }, method: string): ExecutionContext {
  const envelope = { id: 'm-1', type: 't', source: '/s', time: '2026-12-01T06:00:00Z', subject: 's', tenantId, data: {} } as EventEnvelope;
  const ctx = new EventContext(envelope, { topic: 't', physicalTopic: 't', partition: 0, offset: '0', attempt: 0, groupId: 'g', headers: {} });
  return {
    getType: () => 'rpc',
    getHandler: () => (handler.prototype as Record<string, () => void>)[method],
    getClass: () => handler,
    switchToRpc: () => ({ getContext: () => ctx, getData: () => envelope.data }),
  } as unknown as ExecutionContext;
}

async function failureOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return { error, ...describeFailure(error) };
  }
  throw new Error('the guard let the message through');
}

describe('KnownTenantGuard', () => {
  it("lets a registered tenant's message through", async () => {
    await expect(guard().canActivate(messageFor('acme', CaseHandler, 'onRouted'))).resolves.toBe(true);
  });

  it('refuses an unknown tenant as transient UNKNOWN_TENANT: retried while the registry may catch up, then dead-lettered', async () => {
    const failure = await failureOf(guard().canActivate(messageFor('newco', CaseHandler, 'onRouted')));
    expect(failure.error).toBeInstanceOf(UnknownTenantError);
    expect(failure).toMatchObject({ code: 'UNKNOWN_TENANT', permanent: false, message: expect.stringContaining('newco') });
  });

  it.each(['*', 'Not A Tenant'])('refuses %p as permanent UNKNOWN_TENANT: no registration can make it a tenant', async (tenantId) => {
    expect(await failureOf(guard().canActivate(messageFor(tenantId, CaseHandler, 'onRouted')))).toMatchObject({ code: 'UNKNOWN_TENANT', permanent: true });
  });

  it('lets the registry’s own @AnyTenant() handler through for a tenant it does not know yet', async () => {
    await expect(guard([]).canActivate(messageFor('newco', RegistryHandler, 'onRegistered'))).resolves.toBe(true);
  });

  it('leaves HTTP to the AuthGuard', async () => {
    const http = { getType: () => 'http' } as unknown as ExecutionContext;
    await expect(guard([]).canActivate(http)).resolves.toBe(true);
  });
});
