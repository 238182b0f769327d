import { Injectable } from '@nestjs/common';
import { TenantSettingsDirectory } from '@aftercare/tenant-settings';
import { SlaConfigStore } from '../infrastructure/sla-config.store';

/**
 * Puts the tenant's own SLA policies and calendars, as stored by the admin API, into its
 * settings, which every service reads (dispatch resolves its clocks from them): a manager
 * changes a policy once. Called after each put; a put that fails here answers an error and is
 * retried by the client (the same body puts the same settings).
 */
@Injectable()
export class PublishSlaSettings {
  constructor(
    private readonly store: SlaConfigStore,
    private readonly settings: TenantSettingsDirectory,
  ) {}

  async afterChange(tenantId: string, by: string): Promise<void> {
    const [policies, calendars] = await Promise.all([this.store.ownPolicies(tenantId), this.store.ownCalendars(tenantId)]);
    await this.settings.change(tenantId, { policies, calendars }, by);
  }
}
