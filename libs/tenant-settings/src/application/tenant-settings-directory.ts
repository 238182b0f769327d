import { Injectable } from '@nestjs/common';
import type { TenantSettingsChangedV1 } from '@aftercare/contracts';
import { ConcurrencyError, DuplicateKeyError } from '@aftercare/persistence';
import { DEFAULT_CALENDARS, DEFAULT_POLICIES, type BusinessCalendar, type SlaPolicy } from '@aftercare/sla';
import { contactsAt, EMPTY_SETTINGS, TenantSettings, type EscalationLevelContacts, type TenantSettingsData } from '../domain';
import { TenantSettingsRepository } from '../infrastructure/tenant-settings.repository';

/**
 * How long a tenant's settings read from the store are reused: every routed case and every
 * deadline check resolves policies (a read each otherwise). A change adopted or made by this
 * process applies at once; one adopted by another instance of the service applies here within
 * this time.
 */
export const SETTINGS_REUSE_MS = 5_000;

const MAX_ATTEMPTS = 5;

/** The tenant's calendars, then the defaults it has not replaced (same id). */
function withDefaultCalendars(own: readonly BusinessCalendar[]): BusinessCalendar[] {
  const ids = new Set(own.map((c) => c.id));
  return [...own, ...DEFAULT_CALENDARS.filter((c) => !ids.has(c.id))];
}

/**
 * A tenant's settings as every service reads them, and the one way to change or adopt them.
 * `policiesFor` and `calendarsFor` give what libs/sla's `resolveClock` and `findCalendar` take:
 * the tenant's own first, then the defaults.
 */
@Injectable()
export class TenantSettingsDirectory {
  private readonly reused = new Map<string, { until: number; value: Promise<TenantSettingsData> }>();
  /** The settings last read or written per tenant, for readers that cannot wait (an aggregate revived from its document). */
  private readonly lastKnown = new Map<string, TenantSettingsData>();

  constructor(private readonly repository: TenantSettingsRepository) {}

  /** The tenant's settings (empty ones when it has configured nothing). */
  settingsOf(tenantId: string): Promise<TenantSettingsData> {
    const now = Date.now();
    const hit = this.reused.get(tenantId);
    if (hit && hit.until > now) return hit.value;
    const value = this.repository.findById(tenantId, tenantId).then((s) => this.remember(tenantId, s?.data ?? EMPTY_SETTINGS));
    this.reused.set(tenantId, { until: now + SETTINGS_REUSE_MS, value });
    value.catch(() => this.reused.delete(tenantId));
    return value;
  }

  private remember(tenantId: string, data: TenantSettingsData): TenantSettingsData {
    this.lastKnown.set(tenantId, data);
    return data;
  }

  /**
   * `calendarsFor` as last read by this process, without waiting (the defaults before the first
   * read): for reviving an aggregate from a document. Callers that load by id read
   * `calendarsFor` first, so what they revive has the tenant's current calendars.
   */
  knownCalendarsFor(tenantId: string): BusinessCalendar[] {
    return withDefaultCalendars(this.lastKnown.get(tenantId)?.calendars ?? []);
  }

  /** The tenant's policies followed by the defaults, in the order resolveClock takes them. */
  async policiesFor(tenantId: string): Promise<SlaPolicy[]> {
    return [...(await this.settingsOf(tenantId)).policies, ...DEFAULT_POLICIES];
  }

  /** The tenant's calendars, and the defaults it has not replaced (same id). */
  async calendarsFor(tenantId: string): Promise<BusinessCalendar[]> {
    return withDefaultCalendars((await this.settingsOf(tenantId)).calendars);
  }

  /** Who a level of the escalation chain reaches for the tenant. */
  async contactsAt(tenantId: string, level: string): Promise<EscalationLevelContacts> {
    return contactsAt((await this.settingsOf(tenantId)).escalationContacts, level);
  }

  /** The stored settings with revision and version (the admin API's ETag). */
  load(tenantId: string): Promise<TenantSettings> {
    return this.repository.load(tenantId);
  }

  /**
   * Changes the tenant's settings through this service (the admin API): saved with the event that
   * publishes them at the next revision. With `expectedRevision` only on that revision
   * (ConcurrencyError otherwise); without, a concurrent change is retried on top of it.
   */
  async change(tenantId: string, part: Partial<TenantSettingsData>, by: string, expectedRevision?: number): Promise<TenantSettings> {
    for (let attempt = 1; ; attempt++) {
      const settings = await this.repository.load(tenantId);
      if (expectedRevision !== undefined && settings.revision !== expectedRevision)
        throw new ConcurrencyError('tenant settings', tenantId, expectedRevision);
      settings.change(part, by, new Date());
      try {
        await this.repository.save(settings);
        this.reused.delete(tenantId);
        this.remember(tenantId, settings.data);
        return settings;
      } catch (error) {
        const raced = error instanceof ConcurrencyError || error instanceof DuplicateKeyError;
        if (!raced || expectedRevision !== undefined || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /** Keeps the copy of settings published by a service (this one included): the highest revision wins. */
  async adopt(message: TenantSettingsChangedV1): Promise<boolean> {
    const data: TenantSettingsData = {
      policies: message.policies as unknown as SlaPolicy[],
      calendars: message.calendars as unknown as BusinessCalendar[],
      escalationContacts: message.escalationContacts,
      caseHandling: message.caseHandling,
    };
    for (let attempt = 1; ; attempt++) {
      const settings = (await this.repository.findById(message.tenantId, message.tenantId)) ?? TenantSettings.empty(message.tenantId);
      if (!settings.adopt(data, message.revision, new Date(message.changedAt), message.changedBy)) return false;
      try {
        await this.repository.save(settings);
        this.reused.delete(message.tenantId);
        this.remember(message.tenantId, settings.data);
        return true;
      } catch (error) {
        const raced = error instanceof ConcurrencyError || error instanceof DuplicateKeyError;
        if (!raced || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }
}
