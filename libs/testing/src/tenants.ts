import type { INestApplication } from '@nestjs/common';
import { TenantRegistry, isTenantId } from '@aftercare/tenancy';
import type { TopicProbe } from './topic-probe';

/**
 * Registers the tenants a test uses in the app under test, the way an operator would before
 * using them, so that suites written before the tenant registry stay as they are: a harness
 * calls it for the tenant of every request it signs and (through `registerTenantsOf`) of every
 * message its probe sends. Malformed ids are left alone: a test sending one means it.
 */
export async function registerTenant(app: INestApplication, tenantId: string | undefined): Promise<void> {
  if (tenantId !== undefined && isTenantId(tenantId)) await app.get(TenantRegistry, { strict: false }).ensure(tenantId);
}

/** Makes the probe register the `ce_tenantid` of each message it sends in the app of `appOf()`. */
export function registerTenantsOf(probe: TopicProbe, appOf: () => INestApplication): void {
  probe.beforeSend = (message) => registerTenant(appOf(), message.headers?.ce_tenantid);
}
