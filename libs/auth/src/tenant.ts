import type { Principal } from './principal';

/**
 * Tenant scoping. Every query is filtered by the caller's tenant; a record of another tenant is
 * answered exactly like a missing one (404), so its existence is never revealed.
 */

/** The filter every repository query starts from: `{ tenantId }`. */
export function tenantScope(principal: Pick<Principal, 'tenantId'>): { tenantId: string } {
  return { tenantId: principal.tenantId };
}

/**
 * Returns the record when it exists and belongs to the caller's tenant; otherwise throws
 * `notFound()` — the same error for "missing" and "another tenant's".
 */
export function assertSameTenant<T extends { tenantId: string }>(
  principal: Pick<Principal, 'tenantId'> | string,
  record: T | null | undefined,
  notFound: () => Error,
): T {
  const tenantId = typeof principal === 'string' ? principal : principal.tenantId;
  if (record === null || record === undefined || record.tenantId !== tenantId) throw notFound();
  return record;
}

/**
 * Which tenants exist: provided by libs/tenancy (`TenancyModule`). When a service has one, the
 * `AuthGuard` refuses a token whose tenant it does not know (403 UNKNOWN_TENANT).
 */
export interface TenantDirectory {
  /** Answers from memory for a known tenant; may read the store for one not seen yet. */
  isKnown(tenantId: string): Promise<boolean>;
}

export const TENANT_DIRECTORY = Symbol('TENANT_DIRECTORY');

