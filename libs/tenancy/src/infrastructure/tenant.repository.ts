import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Schema, type Connection } from 'mongoose';
import { TOPICS } from '@aftercare/contracts';
import { MESSAGING_OPTIONS, OutboxRelay, type MessagingOptions } from '@aftercare/messaging';
import { AggregateRepository, DuplicateKeyError, MONGO_CONNECTION, type AggregateDocument } from '@aftercare/persistence';
import { Tenant } from '../domain';
import { TENANCY_OPTIONS, type TenancyOptions } from '../tenancy.options';

export type TenantDocument = AggregateDocument & { name: string; registeredAt: Date; registeredBy: string; timeZone?: string };

const schema = new Schema<TenantDocument>(
  { _id: String, tenantId: String, version: Number },
  { collection: 'tenants', strict: false, versionKey: false, autoIndex: false },
);

/**
 * The service's own copy of the tenant registry (`tenants`, `_id` = tenant id). A registration
 * through this service's admin API is saved with its event in the outbox; a copy of another
 * service's registration is inserted without one. Reads are by `_id` only (the one index the
 * embedded store uses for them), except the admin list.
 */
@Injectable()
export class TenantRepository extends AggregateRepository<Tenant, TenantDocument> implements OnModuleInit {
  constructor(
    @Inject(MONGO_CONNECTION) connection: Connection,
    relay: OutboxRelay,
    @Inject(MESSAGING_OPTIONS) messaging: MessagingOptions,
    @Inject(TENANCY_OPTIONS) private readonly options: Pick<TenancyOptions, 'defaultTimeZone'>,
  ) {
    super(connection.models.Tenant ?? connection.model<TenantDocument>('Tenant', schema), 'tenant', {
      topic: TOPICS.tenants.name,
      source: `/aftercare/${messaging.service}`,
      relay,
    });
  }

  async onModuleInit(): Promise<void> {
    await this.ensureIndexes();
  }

  /** By `_id` alone: the tenant of a tenant is itself. */
  find(id: string): Promise<Tenant | null> {
    return this.findById(id, id);
  }

  /** Saves a new tenant; false when the id exists already (another registration or copy got in first). */
  async insertIfAbsent(tenant: Tenant): Promise<boolean> {
    try {
      await this.save(tenant);
      return true;
    } catch (error) {
      if (error instanceof DuplicateKeyError) return false;
      throw error;
    }
  }

  /** Up to `limit` tenants in id order, after `afterId` (an operator's admin list, not a hot path). */
  async page(afterId: string | null, limit: number): Promise<Tenant[]> {
    const filter = afterId === null ? {} : { _id: { $gt: afterId } };
    const documents = await this.collection.find(filter).sort({ _id: 1 }).limit(limit).toArray();
    return documents.map((d) => this.toAggregate(d as TenantDocument));
  }

  protected toDocument(tenant: Tenant): Record<string, unknown> {
    const { name, registeredAt, registeredBy, timeZone } = tenant.toSnapshot();
    return { name, registeredAt, registeredBy, timeZone };
  }

  protected toAggregate(document: TenantDocument): Tenant {
    return Tenant.fromSnapshot({
      id: document._id,
      name: document.name,
      registeredAt: new Date(document.registeredAt),
      registeredBy: document.registeredBy,
      // Stored before tenants had a zone: the deployment's.
      timeZone: document.timeZone ?? this.options.defaultTimeZone,
      version: document.version,
      handledMessageIds: document._handled ?? [],
    });
  }
}
