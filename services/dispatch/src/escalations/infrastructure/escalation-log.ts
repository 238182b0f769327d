import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Collection, Filter } from 'mongodb';
import { MONGO_CONNECTION, isDuplicateKey, prepareCollection } from '@aftercare/persistence';

/** One escalation of a work order as listed for its level (`_id` = the escalated event's id). */
export interface EscalationEntry {
  _id: string;
  tenantId: string;
  /** The level of the escalation chain reached (dispatcher, service_manager, deputy_gm, or a tenant's own). */
  level: string;
  step: number;
  reason: string;
  workOrderId: string;
  caseId: string;
  status: string;
  technicianId: string | null;
  note: string | null;
  escalatedAt: Date;
}

/** Where a page starts: after this entry in newest-first order. */
export interface EscalationPosition {
  escalatedAt: Date;
  id: string;
}

/**
 * The escalations read model (`escalations`), kept from dispatch's own escalated events by a
 * group of its own, so it can be rebuilt by replaying the topic. Lists filter and sort (newest
 * first, by level): a scan on the embedded store, served by the declared index on MongoDB; the
 * per-message write is an insert by `_id`.
 */
@Injectable()
export class EscalationLog implements OnModuleInit {
  private readonly collection: Collection<EscalationEntry>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.collection = connection.collection('escalations') as unknown as Collection<EscalationEntry>;
  }

  async onModuleInit(): Promise<void> {
    await prepareCollection(this.collection, { indexes: [{ keys: { tenantId: 1, level: 1, escalatedAt: -1, _id: -1 } }] });
  }

  /** Records an escalation once: a redelivered event finds its entry and changes nothing. */
  async record(entry: EscalationEntry): Promise<boolean> {
    try {
      await this.collection.insertOne(entry);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /** Up to `limit` escalations of the tenant at `level`, newest first, after `after`. */
  async page(tenantId: string, level: string, after: EscalationPosition | null, limit: number): Promise<EscalationEntry[]> {
    const filter: Record<string, unknown> = { tenantId, level };
    if (after) filter.$or = [{ escalatedAt: { $lt: after.escalatedAt } }, { escalatedAt: after.escalatedAt, _id: { $lt: after.id } }];
    return this.collection
      .find(filter as Filter<EscalationEntry>)
      .sort({ escalatedAt: -1, _id: -1 })
      .limit(limit)
      .toArray();
  }
}
