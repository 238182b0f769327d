import { Injectable, Optional, type CanActivate, type ExecutionContext, type OnModuleInit } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ANY_TENANT_KEY, AuthErrorCode } from '@aftercare/auth';
import { MessageGuards, PermanentMessageError, type EventContext } from '@aftercare/messaging';
import { isTenantId } from '../domain';
import { TenantRegistry } from '../application/tenant-registry';

/**
 * A registered tenant that this service has not learnt yet: created a moment ago through another
 * service's admin API, its registration still on the way. Transient on purpose: the message goes
 * through the group's retry topic with backoff (the partition moves on) and, once the attempts
 * are spent, to the dead-letter topic with this code.
 */
export class UnknownTenantError extends Error {
  readonly code = AuthErrorCode.UnknownTenant;

  constructor(tenantId: string) {
    super(`tenant ${JSON.stringify(tenantId)} is not registered (an operator registers it with POST /api/v1/admin/tenants)`);
    this.name = 'UnknownTenantError';
  }
}

/**
 * The message-side twin of the AuthGuard's tenant check, on every message handler of the service
 * (it adds itself to the messaging library's MessageGuards): a message of a tenant the registry does not know never
 * reaches a handler, so it creates nothing. `@AnyTenant()` handlers (the registry's own) pass.
 */
@Injectable()
export class KnownTenantGuard implements CanActivate, OnModuleInit {
  constructor(
    private readonly reflector: Reflector,
    private readonly registry: TenantRegistry,
    @Optional() private readonly messageGuards?: MessageGuards,
  ) {}

  onModuleInit(): void {
    this.messageGuards?.add(this);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'rpc') return true;
    const platformHandler = this.reflector.getAllAndOverride<boolean | undefined>(ANY_TENANT_KEY, [context.getHandler(), context.getClass()]);
    if (platformHandler === true) return true;
    const { tenantId } = context.switchToRpc().getContext<EventContext>().envelope;
    if (await this.registry.isKnown(tenantId)) return true;
    // No registration can ever make a malformed id (or '*') a tenant: no point in retrying it.
    if (!isTenantId(tenantId)) throw new PermanentMessageError(AuthErrorCode.UnknownTenant, new UnknownTenantError(tenantId).message);
    throw new UnknownTenantError(tenantId);
  }
}
