/**
 * Rebuild of the case timeline from the topics.
 *
 *   # every intake instance stopped (the group must have no members), then:
 *   node -r @swc-node/register services/intake/src/timeline/rebuild.ts [--clear]
 *   # start intake again: the `intake.timeline` group reads TIMELINE_TOPICS from the beginning
 *
 * Without `--clear` the existing entries stay and only missing ones are added (inserts are
 * idempotent by `ce_id`) — the safe choice while topic retention is shorter than the life of the
 * oldest case. `--clear` empties `case_timeline` first, so every entry is derived anew (e.g.
 * after the summary text changed); use it only when the topics still hold every event.
 *
 * KAFKA_BROKERS (default 127.0.0.1:9092), KAFKA_TOPIC_PREFIX, MONGO_URL (default
 * mongodb://127.0.0.1:27017) and MONGO_DB (default aftercare_intake) select the deployment.
 */
import type { Admin } from 'kafkajs';
import { KafkaClient, TopicNames } from '@aftercare/messaging';
import { connectMongo } from '@aftercare/persistence';
import { timelineCollection } from './infrastructure/case-timeline.store';
import { TIMELINE_GROUP_PURPOSE, TIMELINE_TOPICS } from './timeline.topics';

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
  /** Empty `case_timeline` first (only when the topics retain every event). */
  clear?: boolean;
}

/** The whole procedure for a stopped intake: optionally clear the read model, then reset the group. */
export async function rebuildCaseTimeline(options: RebuildOptions): Promise<ResetResult & { cleared: number }> {
  const client = new KafkaClient('aftercare-timeline-rebuild', options.brokers);
  try {
    const admin = await client.admin();
    let cleared = 0;
    if (options.clear) {
      const connection = await connectMongo({ url: options.mongoUrl, dbName: options.dbName });
      try {
        cleared = (await timelineCollection(connection).deleteMany({})).deletedCount;
      } finally {
        await connection.close();
      }
    }
    return { ...(await resetTimelineOffsets(admin, { topicPrefix: options.topicPrefix })), cleared };
  } finally {
    await client.close();
  }
}

async function main(): Promise<void> {
  const clear = process.argv.includes('--clear');
  const result = await rebuildCaseTimeline({
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    topicPrefix: process.env.KAFKA_TOPIC_PREFIX,
    mongoUrl: process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017',
    dbName: process.env.MONGO_DB ?? 'aftercare_intake',
    clear,
  });
  process.stdout.write(
    `${clear ? `cleared ${result.cleared} timeline entries; ` : ''}reset ${result.groupId} to the earliest offsets of ${result.topics.join(', ') || '(no topics yet)'}; start intake to rebuild\n`,
  );
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`timeline rebuild: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
