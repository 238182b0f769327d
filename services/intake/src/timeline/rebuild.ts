/**
 * Rebuild of the case timeline from the topics.
 *
 *   # every intake instance stopped (the group must have no members), then:
 *   node -r @swc-node/register services/intake/src/timeline/rebuild.ts [--clear] [--from-legacy]
 *   # start intake again: the `intake.timeline` group reads TIMELINE_TOPICS from the beginning
 *
 * Without `--clear` the existing entries stay and only missing ones are added (writes are
 * idempotent by `ce_id`) — the safe choice while topic retention is shorter than the life of the
 * oldest case. `--clear` empties `case_timelines` first, so every entry is derived anew (e.g.
 * after the summary text changed); use it only when the topics still hold every event.
 * `--from-legacy` first copies the entries of the earlier one-document-per-event collection
 * (`case_timeline`) into `case_timelines` (once, after the upgrade; the old collection is kept).
 * The escalation list is read in the same group (ADR 0056) and is replayed with it: its entries
 * are keyed by the event id too, so only missing ones are added.
 *
 * KAFKA_BROKERS (default 127.0.0.1:9092), KAFKA_TOPIC_PREFIX, MONGO_URL (default
 * mongodb://127.0.0.1:27017) and MONGO_DB (default aftercare_intake) select the deployment.
 */
import type { Admin } from 'kafkajs';
import { KafkaClient, TopicNames } from '@aftercare/messaging';
import { connectMongo } from '@aftercare/persistence';
import type { Connection } from 'mongoose';
import type { TimelineEntry } from './domain/timeline-entry';
import { timelineCollection, upsertTimelineEntries } from './infrastructure/case-timeline.store';
import { LEGACY_TIMELINE_COLLECTION, TIMELINE_GROUP_PURPOSE, TIMELINE_TOPICS } from './timeline.topics';

export interface ResetResult {
  groupId: string;
  /** Physical topics whose offsets were reset to the earliest retained message. */
  topics: string[];
}

/**
 * Moves the `intake.timeline` group's committed offsets on every timeline topic back to the
 * earliest retained message. The group must have no running members (stop intake first);
 * topics that do not exist yet are skipped. Touches no other group: `intake.main` keeps its place.
 */
export async function resetTimelineOffsets(admin: Admin, options: { topicPrefix?: string } = {}): Promise<ResetResult> {
  const names = new TopicNames(options.topicPrefix ?? '', 'intake', TIMELINE_GROUP_PURPOSE);
  const groupId = names.groupId;
  const { groups } = await admin.describeGroups([groupId]);
  const state = groups[0]?.state ?? 'Dead';
  if (!['Empty', 'Dead'].includes(state)) {
    throw new Error(`consumer group ${groupId} is ${state} with ${groups[0]?.members.length ?? 0} member(s): stop every intake instance before a rebuild`);
  }
  const existing = new Set(await admin.listTopics());
  const topics = TIMELINE_TOPICS.map((t) => names.physical(t)).filter((t) => existing.has(t));
  for (const topic of topics) await admin.resetOffsets({ groupId, topic, earliest: true });
  return { groupId, topics };
}

export interface RebuildOptions {
  brokers: string[];
  topicPrefix?: string;
  mongoUrl: string;
  dbName: string;
  /** Empty `case_timelines` first (only when the topics retain every event). */
  clear?: boolean;
  /** Copy the entries of the earlier per-event collection `case_timeline` (after `clear`). */
  fromLegacy?: boolean;
}

/** Entries copied per bulk write by `copyLegacyTimeline`. */
const LEGACY_COPY_BATCH = 500;

/**
 * Copies every entry of the earlier shape (one document per `ce_id` in `case_timeline`) into the
 * per-case documents; idempotent like the projection. A one-off administrative pass: it reads
 * the old collection whole. Returns how many entries it copied.
 */
export async function copyLegacyTimeline(connection: Connection): Promise<number> {
  if (!connection.db) throw new Error('MongoDB connection is not open');
  const legacy = connection.db.collection<Omit<TimelineEntry, 'id'> & { _id: string }>(LEGACY_TIMELINE_COLLECTION);
  const target = timelineCollection(connection);
  let batch: TimelineEntry[] = [];
  let copied = 0;
  for await (const { _id, ...entry } of legacy.find({})) {
    batch.push({ ...entry, id: _id });
    if (batch.length < LEGACY_COPY_BATCH) continue;
    await upsertTimelineEntries(target, batch);
    copied += batch.length;
    batch = [];
  }
  await upsertTimelineEntries(target, batch);
  return copied + batch.length;
}

/** The whole procedure for a stopped intake: optionally clear the read model, then reset the group. */
export async function rebuildCaseTimeline(options: RebuildOptions): Promise<ResetResult & { cleared: number; copied?: number }> {
  const client = new KafkaClient('aftercare-timeline-rebuild', options.brokers);
  try {
    const admin = await client.admin();
    let cleared = 0;
    let copied: number | undefined;
    if (options.clear || options.fromLegacy) {
      const connection = await connectMongo({ url: options.mongoUrl, dbName: options.dbName });
      try {
        if (options.clear) cleared = (await timelineCollection(connection).deleteMany({})).deletedCount;
        if (options.fromLegacy) copied = await copyLegacyTimeline(connection);
      } finally {
        await connection.close();
      }
    }
    return { ...(await resetTimelineOffsets(admin, { topicPrefix: options.topicPrefix })), cleared, ...(copied === undefined ? {} : { copied }) };
  } finally {
    await client.close();
  }
}

async function main(): Promise<void> {
  const clear = process.argv.includes('--clear');
  const fromLegacy = process.argv.includes('--from-legacy');
  const result = await rebuildCaseTimeline({
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    topicPrefix: process.env.KAFKA_TOPIC_PREFIX,
    mongoUrl: process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017',
    dbName: process.env.MONGO_DB ?? 'aftercare_intake',
    clear,
    fromLegacy,
  });
  process.stdout.write(
    `${clear ? `cleared ${result.cleared} case timelines; ` : ''}${result.copied === undefined ? '' : `copied ${result.copied} entries of ${LEGACY_TIMELINE_COLLECTION}; `}reset ${result.groupId} to the earliest offsets of ${result.topics.join(', ') || '(no topics yet)'}; start intake to rebuild\n`,
  );
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`timeline rebuild: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
