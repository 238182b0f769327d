import { isRole, ROLES, type Role } from './roles';

/** The authenticated caller, built from the verified JWT claims `sub`, `tenant` and `roles`. */
export interface Principal {
  subject: string;
  tenantId: string;
  roles: Role[];
}

/** An HTTP request after the auth guard has let it through (non-public routes). */
export interface AuthenticatedRequest {
  principal?: Principal;
}

/**
 * Builds a Principal from a verified JWT payload, or returns the reason it cannot
 * (the message of an AUTH_TOKEN_INVALID error).
 */
export function principalFromClaims(
  claims: Record<string, unknown>,
): { ok: true; principal: Principal } | { ok: false; reason: string } {
  const { sub, tenant, roles } = claims;
  if (typeof sub !== 'string' || sub.trim() === '') {
    return { ok: false, reason: 'token has no "sub" claim (a non-empty string is required)' };
  }
  if (typeof tenant !== 'string' || tenant.trim() === '') {
    return { ok: false, reason: 'token has no "tenant" claim (a non-empty string is required)' };
  }
  if (!Array.isArray(roles)) {
    return { ok: false, reason: 'token has no "roles" claim (an array of roles is required)' };
  }
  const unknown = roles.filter((r) => !isRole(r));
  if (unknown.length > 0) {
    return {
      ok: false,
      reason: `token "roles" claim contains unknown role(s) ${unknown.map((r) => JSON.stringify(r)).join(', ')}; known roles: ${ROLES.join(', ')}`,
    };
  }
  return { ok: true, principal: { subject: sub, tenantId: tenant, roles: [...new Set(roles as Role[])] } };
}
