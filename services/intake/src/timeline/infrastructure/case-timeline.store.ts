import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { AnyBulkWriteOperation, Collection, Filter } from 'mongodb';
import type { Connection } from 'mongoose';
import { MONGO_CONNECTION, MomentBatches, isDuplicateKey, prepareCollection } from '@aftercare/persistence';
import { compareEntries, type TimelineEntry } from '../domain/timeline-entry';
import { TIMELINE_COLLECTION } from '../timeline.topics';

/**
 * One document per tenant and case: `_id` = `caseTimelineId(tenantId, caseId)`, the entries keyed
 * by `entryFieldOf(ce_id)`. Writing an entry sets its field, so the same event twice is one entry;
 * reading a timeline is one look-up by `_id`.
 */
export interface TimelineDocument {
  _id: string;
  tenantId: string;
  caseId: string;
  /** The entries by `entryFieldOf(ce_id)`; each as the projection made it (`id` = `ce_id`). */
  entries: Record<string, TimelineEntry>;
}

/** More than any real case has; a bound so one response can never grow without limit. */
export const MAX_TIMELINE_ENTRIES = 2000;

/** The `_id` of a case's timeline; another tenant's events that name the same case id land elsewhere. */
export const caseTimelineId = (tenantId: string, caseId: string): string => JSON.stringify([tenantId, caseId]);

/** A `ce_id` as a field name: no `.` (a path separator) and no leading `$` (an operator). */
export const entryFieldOf = (eventId: string): string => encodeURIComponent(eventId).replace(/\./g, '%2E');

/** Every filter this store sends (checked by case-timeline.query-shapes.spec.ts): the case's document by `_id`. */
export const timelineFilters = {
  byCase: (tenantId: string, caseId: string) => ({ _id: caseTimelineId(tenantId, caseId) }),
};

/** Entries in one bulk write at most (one upsert per case among them). */
const MAX_ENTRIES_PER_WRITE = 500;

interface QueuedEntry {
  entry: TimelineEntry;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * The `case_timelines` read model. Entries added in the same turn of the event loop, or while a
 * write is under way, are written together (`MomentBatches`, as group commit does, ADR 0053):
 * one upsert per case, all cases in one bulk write.
 */
@Injectable()
export class CaseTimelineStore implements OnModuleInit {
  private readonly collection: Collection<TimelineDocument>;
  private readonly writes = new MomentBatches<QueuedEntry>((batch) => this.write(batch), MAX_ENTRIES_PER_WRITE);

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.collection = timelineCollection(connection);
  }

  async onModuleInit(): Promise<void> {
    await prepareCollection(this.collection, {});
  }

  /** Idempotent by `ce_id`: a redelivery or replay sets the same entry again. Resolves once stored. */
  add(entry: TimelineEntry): Promise<void> {
    return new Promise<void>((resolve, reject) => this.writes.add({ entry, resolve, reject }));
  }

  /** The case's entries, oldest first; only the tenant's own (the tenant is part of the `_id`). */
  async listForCase(tenantId: string, caseId: string): Promise<TimelineEntry[]> {
    const document = await this.collection.findOne(timelineFilters.byCase(tenantId, caseId) as Filter<TimelineDocument>);
    return Object.values(document?.entries ?? {})
      .map((entry) => ({ ...entry, time: new Date(entry.time) }))
      .sort(compareEntries)
      .slice(0, MAX_TIMELINE_ENTRIES);
  }

  private async write(batch: QueuedEntry[]): Promise<void> {
    try {
      await upsertTimelineEntries(this.collection, batch.map((queued) => queued.entry));
      batch.forEach((queued) => queued.resolve());
    } catch (error) {
      batch.forEach((queued) => queued.reject(error));
    }
  }
}

/**
 * Stores the entries, one upsert per case (setting each entry's field) in one bulk write. Two
 * first entries of one case written at once (two instances) may race on the insert: the loser
 * writes again and then finds the document.
 */
export async function upsertTimelineEntries(collection: Collection<TimelineDocument>, entries: readonly TimelineEntry[]): Promise<void> {
  const byCase = new Map<string, { tenantId: string; caseId: string; fields: Record<string, TimelineEntry> }>();
  for (const entry of entries) {
    const _id = caseTimelineId(entry.tenantId, entry.caseId);
    const forCase = byCase.get(_id) ?? { tenantId: entry.tenantId, caseId: entry.caseId, fields: {} };
    forCase.fields[`entries.${entryFieldOf(entry.id)}`] = entry;
    byCase.set(_id, forCase);
  }
  if (!byCase.size) return;
  const operations: AnyBulkWriteOperation<TimelineDocument>[] = [...byCase].map(([_id, { tenantId, caseId, fields }]) => ({
    updateOne: { filter: { _id } as Filter<TimelineDocument>, update: { $set: { tenantId, caseId, ...fields } } as never, upsert: true },
  }));
  try {
    await collection.bulkWrite(operations, { ordered: false });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    await collection.bulkWrite(operations, { ordered: false });
  }
}

export function timelineCollection(connection: Connection): Collection<TimelineDocument> {
  if (!connection.db) throw new Error('MongoDB connection is not open');
  return connection.db.collection<TimelineDocument>(TIMELINE_COLLECTION);
}
