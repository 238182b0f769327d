/**
 * The tenant registry of the platform (libs/tenancy). Topic `aftercare.internal.tenants.v1`,
 * compacted, key = tenant id: the service whose admin API registered a tenant publishes it
 * through its outbox, and every service keeps its own copy, so each one knows which tenants
 * exist without asking another. `ce_tenantid` is the registered tenant itself.
 */
export const TENANT_REGISTERED_V1 = 'aftercare.platform.tenant.registered.v1';

export const TENANT_MESSAGE_TYPES = [TENANT_REGISTERED_V1] as const;

/** A tenant now exists. Registration is for good: a later message for the same id changes nothing. */
export interface TenantRegisteredV1 {
  tenantId: string;
  /** Display name, e.g. the company's name. */
  name: string;
  registeredAt: string;
  /** The `sub` of the operator, or `seed` for a tenant created at start-up from TENANTS_SEED. */
  registeredBy: string;
  /**
   * The tenant's IANA time zone: its months close at its midnight. Absent in registrations
   * published before it existed (the consumer's REPORTING_TIME_ZONE applies).
   */
  timeZone?: string;
}
