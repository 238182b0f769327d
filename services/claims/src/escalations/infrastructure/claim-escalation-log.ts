import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Collection, Filter } from 'mongodb';
import { MONGO_CONNECTION, isDuplicateKey, prepareCollection } from '@aftercare/persistence';

/** One step of a quality claim's or a service complaint's escalation, as listed for its level (`_id` = the escalated event's id). */
export interface ClaimEscalationEntry {
  _id: string;
  tenantId: string;
  kind: 'quality_claim' | 'service_complaint';
  /** The claim or complaint id. */
  subjectId: string;
  caseId: string | null;
  /** The level of the chain reached: quality_engineer, service_manager, deputy_gm. */
  level: string;
  clock: string;
  step: number;
  breach: boolean;
  status: string;
  deadline: Date;
  escalatedAt: Date;
}

/**
 * The escalations read model (`escalations`), kept from claims' own escalated events by a group of
 * its own (`claims.escalations`), so it can be rebuilt by replaying the topics. The list filters
 * and sorts (newest first, by level): a scan on the embedded store, served by the declared index
 * on MongoDB; the per-message write is an insert by `_id`.
 */
@Injectable()
export class ClaimEscalationLog implements OnModuleInit {
  private readonly collection: Collection<ClaimEscalationEntry>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.collection = connection.collection('escalations') as unknown as Collection<ClaimEscalationEntry>;
  }

  async onModuleInit(): Promise<void> {
    await prepareCollection(this.collection, { indexes: [{ keys: { tenantId: 1, level: 1, escalatedAt: -1, _id: -1 } }] });
  }

  /** Records a step once: a redelivered event finds its entry and changes nothing. */
  async record(entry: ClaimEscalationEntry): Promise<boolean> {
    try {
      await this.collection.insertOne(entry);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /** Up to `limit` steps of the tenant at `level`, newest first, after `after`. */
  async page(tenantId: string, level: string, after: { escalatedAt: Date; id: string } | null, limit: number): Promise<ClaimEscalationEntry[]> {
    const filter: Record<string, unknown> = { tenantId, level };
    if (after) filter.$or = [{ escalatedAt: { $lt: after.escalatedAt } }, { escalatedAt: after.escalatedAt, _id: { $lt: after.id } }];
    return this.collection
      .find(filter as Filter<ClaimEscalationEntry>)
      .sort({ escalatedAt: -1, _id: -1 })
      .limit(limit)
      .toArray();
  }
}
