import {
  TENANT_SETTINGS_CHANGED_V1,
  type TenantSettingsCalendarV1,
  type TenantSettingsChangedV1,
  type TenantSettingsEscalationLevelV1,
  type TenantSettingsPolicyV1,
} from '@aftercare/contracts';
import type { DomainEvent } from '@aftercare/ddd';
import type { TenantSettingsFact, TenantSettingsSnapshot } from './tenant-settings';

/** The only place a tenant-settings fact becomes its wire event: the whole settings at the revision. */
export function toTenantSettingsEvent(fact: TenantSettingsFact, state: TenantSettingsSnapshot): DomainEvent<TenantSettingsChangedV1> {
  switch (fact.kind) {
    case 'changed':
      return {
        type: TENANT_SETTINGS_CHANGED_V1,
        data: {
          tenantId: state.tenantId,
          revision: state.revision,
          changedAt: fact.at.toISOString(),
          changedBy: fact.by,
          policies: JSON.parse(JSON.stringify(state.policies)) as TenantSettingsPolicyV1[],
          calendars: JSON.parse(JSON.stringify(state.calendars)) as TenantSettingsCalendarV1[],
          escalationContacts: JSON.parse(JSON.stringify(state.escalationContacts)) as TenantSettingsEscalationLevelV1[],
          caseHandling: JSON.parse(JSON.stringify(state.caseHandling)),
        },
        occurredAt: fact.at,
      };
  }
}
