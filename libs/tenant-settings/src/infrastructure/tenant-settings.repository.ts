import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Schema, type Connection } from 'mongoose';
import { TOPICS } from '@aftercare/contracts';
import { MESSAGING_OPTIONS, OutboxRelay, type MessagingOptions } from '@aftercare/messaging';
import { AggregateRepository, MONGO_CONNECTION, type AggregateDocument } from '@aftercare/persistence';
import { TenantSettings, type TenantSettingsData } from '../domain';

export type TenantSettingsDocument = AggregateDocument &
  TenantSettingsData & { revision: number; changedAt: Date | null; changedBy: string | null };

const schema = new Schema<TenantSettingsDocument>(
  { _id: String, tenantId: String, version: Number },
  { collection: 'tenant_settings', strict: false, versionKey: false, autoIndex: false },
);

/**
 * The service's copy of every tenant's settings (`tenant_settings`, `_id` = tenant id). A change
 * through this service's admin API is saved with its event in the outbox; a copy adopted from the
 * topic is saved without one. Reads are by `_id` only.
 */
@Injectable()
export class TenantSettingsRepository extends AggregateRepository<TenantSettings, TenantSettingsDocument> implements OnModuleInit {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay, @Inject(MESSAGING_OPTIONS) messaging: MessagingOptions) {
    super(connection.models.TenantSettings ?? connection.model<TenantSettingsDocument>('TenantSettings', schema), 'tenant-settings', {
      topic: TOPICS.tenantSettings.name,
      source: `/aftercare/${messaging.service}`,
      relay,
    });
  }

  async onModuleInit(): Promise<void> {
    await this.ensureIndexes();
  }

  /** The tenant's settings, or empty ones (nothing configured yet: every value a default). */
  async load(tenantId: string): Promise<TenantSettings> {
    return (await this.findById(tenantId, tenantId)) ?? TenantSettings.empty(tenantId);
  }

  protected toDocument(settings: TenantSettings): Record<string, unknown> {
    const { policies, calendars, escalationContacts, caseHandling, revision, changedAt, changedBy } = settings.toSnapshot();
    return { policies, calendars, escalationContacts, caseHandling, revision, changedAt, changedBy };
  }

  protected toAggregate(document: TenantSettingsDocument): TenantSettings {
    return TenantSettings.fromSnapshot({
      tenantId: document._id,
      policies: document.policies ?? [],
      calendars: document.calendars ?? [],
      escalationContacts: document.escalationContacts ?? [],
      caseHandling: document.caseHandling ?? {},
      revision: document.revision ?? 0,
      changedAt: document.changedAt ? new Date(document.changedAt) : null,
      changedBy: document.changedBy ?? null,
      version: document.version,
      handledMessageIds: document._handled ?? [],
    });
  }
}
