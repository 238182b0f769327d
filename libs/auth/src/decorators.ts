import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ANY_TENANT_KEY, BEARER_SECURITY, IS_PUBLIC_KEY, ROLES_KEY } from './auth.constants';
import type { AuthenticatedRequest, Principal } from './principal';
import type { Role } from './roles';

/** The route needs no token (health, public survey links…). Wins over `@Roles`. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);

/**
 * The route acts on the platform, not inside the caller's tenant (the tenant registry's admin
 * API): the token's tenant need not be registered. Its roles are still checked.
 */
export const AnyTenant = (): MethodDecorator & ClassDecorator => SetMetadata(ANY_TENANT_KEY, true);

/**
 * The roles allowed to call the route: a caller needs at least one of them. On a handler it
 * replaces the controller's `@Roles`. Also documents the bearer security scheme in OpenAPI.
 */
export const Roles = (...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), ApiBearerAuth(BEARER_SECURITY));

/** The principal the guard put on the request. */
export function principalOf(context: ExecutionContext): Principal {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.principal) {
    throw new Error(
      'No authenticated principal on this request: @CurrentPrincipal()/@TenantId() need a route that is not @Public() and AuthModule.forRoot() imported',
    );
  }
  return request.principal;
}

/** Parameter decorator: the authenticated `Principal`. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal =>
  principalOf(context),
);

/** Parameter decorator: the caller's tenant id (`principal.tenantId`). Scope every query with it. */
export const TenantId = createParamDecorator((_: unknown, context: ExecutionContext): string =>
  principalOf(context).tenantId,
);
