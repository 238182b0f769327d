import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { until } from './topic-probe';

/** A consumer group as a test sees it: its id and its retry and dead-letter topics (physical names). */
export interface WatchedGroup {
  groupId: string;
  retryGroupId: string;
  retryTopic: string;
  deadLetterTopic: string;
}

export interface GroupFailures {
  /** Messages the group sent to its retry topic (transient failures, perhaps recovered). */
  retried: number;
  /** Messages the group gave up on. */
  deadLettered: number;
}

/**
 * How many messages a consumer group failed on, once it has handled everything on `topics` so far
 * and its retry consumer has handled every retry: then no later dead letter can come from those
 * messages, so "no dead letters" is a claim that can fail, not a race with the consumer.
 */
export async function failuresOnceDrained(brokers: string[], group: WatchedGroup, topics: string[], timeoutMs = 60_000): Promise<GroupFailures> {
  const admin = new Kafka({ clientId: `failures-${randomUUID()}`, brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await until(async () => (await Promise.all(topics.map((t) => committedAll(admin, group.groupId, t)))).every(Boolean), timeoutMs, () => `${group.groupId} did not drain ${topics.join(', ')}`);
    await until(() => committedAll(admin, group.retryGroupId, group.retryTopic), timeoutMs, () => `${group.retryGroupId} did not drain ${group.retryTopic}`);
    const [retried, deadLettered] = await Promise.all([messageCount(admin, group.retryTopic), messageCount(admin, group.deadLetterTopic)]);
    return { retried, deadLettered };
  } finally {
    await admin.disconnect();
  }
}

async function committedAll(admin: Admin, groupId: string, topic: string): Promise<boolean> {
  const ends = await admin.fetchTopicOffsets(topic).catch(() => []);
  if (ends.every((end) => Number(end.high) === Number(end.low))) return true;
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return ends.every((end) => {
    const done = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
    return Number(end.high) === Number(end.low) || Number(done) >= Number(end.high);
  });
}

async function messageCount(admin: Admin, topic: string): Promise<number> {
  const ends = await admin.fetchTopicOffsets(topic).catch(() => []);
  return ends.reduce((sum, end) => sum + Number(end.high) - Number(end.low), 0);
}
