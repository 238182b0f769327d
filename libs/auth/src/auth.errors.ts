import { ForbiddenException, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { AuthErrorCode } from './auth.constants';
import type { Role } from './roles';

export function tokenMissing(message: string): UnauthorizedException {
  return new UnauthorizedException({ code: AuthErrorCode.TokenMissing, message });
}

export function tokenInvalid(message: string): UnauthorizedException {
  return new UnauthorizedException({ code: AuthErrorCode.TokenInvalid, message });
}

export function roleForbidden(required: readonly Role[], held: readonly Role[]): ForbiddenException {
  const message =
    required.length === 0
      ? 'this route declares no roles, so no caller may use it'
      : `requires one of the roles ${required.join(', ')}; the token has ${held.length ? held.join(', ') : 'none'}`;
  return new ForbiddenException({ code: AuthErrorCode.RoleForbidden, message, requiredRoles: [...required] });
}

export function jwksUnavailable(message: string): ServiceUnavailableException {
  return new ServiceUnavailableException({ code: AuthErrorCode.JwksUnavailable, message });
}

export function tenantUnknown(tenantId: string): ForbiddenException {
  return new ForbiddenException({
    code: AuthErrorCode.UnknownTenant,
    message: `tenant ${JSON.stringify(tenantId)} is not registered; an operator registers tenants with POST /api/v1/admin/tenants`,
  });
}
