import { randomUUID } from 'node:crypto';
import { TENANT_SETTINGS_CHANGED_V1, TOPICS, toKafkaHeaders, type TenantSettingsChangedV1 } from '@aftercare/contracts';
import { TenantSettingsDirectory } from '@aftercare/tenant-settings';
import { eventually } from '@aftercare/testing';
import type { DispatchTestApp } from './dispatch-app';

/** A tenant's escalation chain with one named person per level (dispatcher → service manager → deputy GM). */
export const NAMED_ESCALATION_CONTACTS: TenantSettingsChangedV1['escalationContacts'] = [
  { level: 'dispatcher', role: 'dispatcher', people: [{ id: 'disp-zhao', name: 'Zhao Lei', phone: '+86 21 5555 0201' }] },
  { level: 'service_manager', role: 'manager', people: [{ id: 'mgr-wang', name: 'Wang Fang', email: 'wang.fang@example.com' }] },
  { level: 'deputy_gm', role: 'manager', people: [{ id: 'dgm-chen', name: 'Chen Jie', phone: '+86 21 5555 0001' }] },
];

/** Settings of a tenant as intake's admin API publishes them: nothing of its own unless given. */
export const tenantSettings = (tenantId: string, revision: number, part: Partial<TenantSettingsChangedV1> = {}): TenantSettingsChangedV1 => ({
  tenantId,
  revision,
  changedAt: new Date().toISOString(),
  changedBy: 'manager-wang',
  policies: [],
  calendars: [],
  escalationContacts: [],
  caseHandling: {},
  ...part,
});

/** Publishes a tenant's settings the way intake does, and waits until dispatch has adopted them. */
export async function publishTenantSettings(h: DispatchTestApp, settings: TenantSettingsChangedV1): Promise<void> {
  await h.probe.send(h.topic(TOPICS.tenantSettings.name), {
    key: settings.tenantId,
    value: JSON.stringify(settings),
    headers: toKafkaHeaders({
      id: randomUUID(),
      type: TENANT_SETTINGS_CHANGED_V1,
      source: '/aftercare/intake',
      time: settings.changedAt,
      subject: settings.tenantId,
      tenantId: settings.tenantId,
      data: settings,
    }),
  });
  const directory = h.app.get(TenantSettingsDirectory);
  await eventually(async () => expect((await directory.load(settings.tenantId)).revision).toBe(settings.revision));
}
