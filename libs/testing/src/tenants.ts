import { mintDevToken } from '@aftercare/auth';
import type { TopicProbe } from './topic-probe';

/**
 * Registers the tenants a test uses in the service under test, the way an operator would before
 * using them (`POST /api/v1/admin/tenants`), so that suites written before the tenant registry
 * stay as they are: a harness calls `ensure` for the tenant of every request it signs and, through
 * `registerTenantsOf`, of every message its probe sends. Each tenant is registered once per
 * harness; one the service already has (409) is fine, and a malformed id (422) is left alone: a
 * test sending one means it.
 */
export class TenantRegistration {
  private readonly registered = new Map<string, Promise<void>>();

  constructor(
    private readonly baseUrl: () => string,
    private readonly keysDir: string,
  ) {}

  ensure(tenantId: string | undefined): Promise<void> {
    if (!tenantId) return Promise.resolve();
    let done = this.registered.get(tenantId);
    if (!done) {
      done = this.register(tenantId);
      this.registered.set(tenantId, done);
      done.catch(() => this.registered.delete(tenantId));
    }
    return done;
  }

  private async register(tenantId: string): Promise<void> {
    const token = await mintDevToken({ subject: 'test-operator', tenantId: 'platform-ops', roles: ['operator'], dir: this.keysDir });
    const response = await fetch(`${this.baseUrl()}/api/v1/admin/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: tenantId, name: tenantId }),
    });
    if (![201, 409, 422].includes(response.status)) {
      throw new Error(`registering tenant ${tenantId} for the test: ${response.status} ${await response.text()}`);
    }
  }
}

/** Makes the probe register the `ce_tenantid` of each message it sends first. */
export function registerTenantsOf(probe: TopicProbe, tenants: TenantRegistration): void {
  probe.beforeSend = (message) => tenants.ensure(message.headers?.ce_tenantid);
}
