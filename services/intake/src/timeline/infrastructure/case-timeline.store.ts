import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { MONGO_CONNECTION, isDuplicateKey } from '@aftercare/persistence';
import { compareEntries, type TimelineEntry } from '../domain/timeline-entry';
import { TIMELINE_COLLECTION } from '../timeline.topics';

export type TimelineDocument = Omit<TimelineEntry, 'id'> & { _id: string };

/** More than any real case has; a bound so one query can never read without limit. */
export const MAX_TIMELINE_ENTRIES = 2000;

/** The `case_timeline` collection: one document per `ce_id`, read per tenant and case in time order. */
@Injectable()
export class CaseTimelineStore implements OnModuleInit {
  private readonly collection: Collection<TimelineDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.collection = timelineCollection(connection);
  }

  async onModuleInit(): Promise<void> {
    await this.collection.createIndex({ tenantId: 1, caseId: 1, time: 1, _id: 1 });
  }

  /** Idempotent: the same `ce_id` delivered again is already there. Returns whether it was new. */
  async add(entry: TimelineEntry): Promise<boolean> {
    const { id, ...rest } = entry;
    try {
      await this.collection.insertOne({ _id: id, ...rest });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /** The case's entries, oldest first; scoped to the tenant, so another tenant's events never show. */
  async listForCase(tenantId: string, caseId: string): Promise<TimelineEntry[]> {
    const documents = await this.collection
      .find({ tenantId, caseId })
      .sort({ time: 1, topic: 1, partition: 1, offset: 1, _id: 1 })
      .limit(MAX_TIMELINE_ENTRIES)
      .toArray();
    // The store's sort is the contract; sorting again keeps the order exact on any Mongo-compatible store.
    return documents.map(({ _id, ...rest }) => ({ ...rest, id: _id })).sort(compareEntries);
  }
}

export function timelineCollection(connection: Connection): Collection<TimelineDocument> {
  if (!connection.db) throw new Error('MongoDB connection is not open');
  return connection.db.collection<TimelineDocument>(TIMELINE_COLLECTION);
}
