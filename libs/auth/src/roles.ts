/**
 * The roles of docs/domain.md ("Who uses it"), and `operator`: who runs the platform (the tenant
 * registry's admin API). A token's `roles` claim may only contain these;
 * every route declares which of them it allows.
 */
export const ROLES = [
  'agent',
  'dispatcher',
  'technician',
  'parts_clerk',
  // 仓库保管员 / 成品库 (source 001 §6.2 step 4): picks, packs and inspects, ships, counts stock.
  'warehouse',
  'quality_engineer',
  'manager',
  // Management ranks the claims rules name (docs/domain.md "Roles"): a serious complaint closes
  // with the deputy GM's approval; a major claim reports to the general manager.
  'service_manager',
  'deputy_gm',
  'general_manager',
  'integration',
  'customer',
  'operator',
] as const;

export type Role = (typeof ROLES)[number];

const KNOWN_ROLES: ReadonlySet<string> = new Set(ROLES);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && KNOWN_ROLES.has(value);
}
