import type { OnModuleInit } from '@nestjs/common';
import type { Collection, Filter, OptionalUnlessRequiredId } from 'mongodb';
import { prepareCollection } from './collections';
import { isDuplicateKey } from './errors';

/** An entry listed by tenant and level, newest first (an escalation step, `_id` = its event's id). */
export interface LevelLogEntry {
  _id: string;
  tenantId: string;
  level: string;
  escalatedAt: Date;
}

/** Where a page starts: after this entry in newest-first order. */
export interface LevelLogPosition {
  escalatedAt: Date;
  id: string;
}

/**
 * A read model of escalation steps listed per level of the chain (dispatch's work orders, claims'
 * claims and complaints), kept from the service's own escalated events so it can be rebuilt by
 * replaying them. The list filters and sorts: a scan on the embedded store, served by the
 * declared index on MongoDB; the per-message write is an insert by `_id`.
 */
export class LevelLog<E extends LevelLogEntry> implements OnModuleInit {
  constructor(private readonly collection: Collection<E>) {}

  /** A service's log is a Nest provider: its collection is prepared as the module starts. */
  onModuleInit(): Promise<void> {
    return this.prepare();
  }

  async prepare(): Promise<void> {
    await prepareCollection(this.collection, { indexes: [{ keys: { tenantId: 1, level: 1, escalatedAt: -1, _id: -1 } }] });
  }

  /** Records an entry once: a redelivered event finds its entry and changes nothing. */
  async record(entry: E): Promise<boolean> {
    try {
      await this.collection.insertOne(entry as OptionalUnlessRequiredId<E>);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /** Up to `limit` entries of the tenant at `level`, newest first, after `after`. */
  async page(tenantId: string, level: string, after: LevelLogPosition | null, limit: number): Promise<E[]> {
    const filter: Record<string, unknown> = { tenantId, level };
    if (after) filter.$or = [{ escalatedAt: { $lt: after.escalatedAt } }, { escalatedAt: after.escalatedAt, _id: { $lt: after.id } }];
    return (await this.collection
      .find(filter as Filter<E>)
      .sort({ escalatedAt: -1, _id: -1 })
      .limit(limit)
      .toArray()) as E[];
  }
}
