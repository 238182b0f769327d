import { randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import { FAILURE_HEADERS } from './failure-headers';
import { decodeHeaders } from './headers';
import type { KafkaClient } from './kafka-client';
import { TopicNames } from './topic-names';

/** One replay of a dead letter, as the replay log (`<group>.dlt-replays`) keeps it. */
export interface ReplayRecord {
  /** The dead letter's place on its DLT: `<partition>@<offset>`. */
  deadLetter: string;
  id?: string;
  at: string;
  by: string;
  /** The replay was asked for with --force although the dead letter had been replayed before. */
  forced: boolean;
  /** Where the copy was sent (the group's retry topic). */
  retryTopic: string;
}

export interface DeadLetter {
  /** The consumer group whose dead letter this is, e.g. `intake.main`. */
  group: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: Record<string, string>;
  value: string | null;
  originalTopic: string;
  originalPartition: number;
  originalOffset: string;
  errorCode: string;
  errorMessage: string;
  failedAt: string;
  attempts: number;
  type?: string;
  id?: string;
  /** This dead letter is a replayed copy that failed again: the dead letter it was replayed from. */
  replayOf?: string;
  /** Every replay of this dead letter, oldest first; empty when it was never replayed. */
  replays: ReplayRecord[];
}

/**
 * Reads a group's whole dead-letter topic, from the oldest retained message to the current end,
 * with what the replay log says about each, using a throw-away consumer group so that nothing is
 * committed on the operator's behalf.
 */
export async function listDeadLetters(client: KafkaClient, names: TopicNames, timeoutMs = 20_000): Promise<DeadLetter[]> {
  return readDeadLetters(client, [names], timeoutMs);
}

/** The consumer groups of the deployment (`prefix`) that have a dead-letter topic on the broker. */
export async function deadLetterGroups(client: KafkaClient, prefix: string): Promise<TopicNames[]> {
  const admin = await client.admin();
  return TopicNames.ofDeadLetterTopics(prefix, await admin.listTopics());
}

/** Every group's dead letters, read in one pass; `group` tells them apart. */
export async function listAllDeadLetters(client: KafkaClient, prefix: string, timeoutMs = 30_000): Promise<{ groups: TopicNames[]; letters: DeadLetter[] }> {
  const groups = await deadLetterGroups(client, prefix);
  return { groups, letters: await readDeadLetters(client, groups, timeoutMs) };
}

async function readDeadLetters(client: KafkaClient, groups: TopicNames[], timeoutMs: number): Promise<DeadLetter[]> {
  const read = await readTopics(client, groups.flatMap((g) => [g.deadLetterTopic, g.replayLogTopic]), timeoutMs);
  const letters: DeadLetter[] = [];
  for (const names of groups) {
    const replays = replaysByDeadLetter(read.get(names.replayLogTopic) ?? []);
    for (const { partition, message } of read.get(names.deadLetterTopic) ?? []) {
      letters.push(toDeadLetter(names.group, partition, message, replays.get(`${partition}@${message.offset}`) ?? []));
    }
  }
  return letters;
}

function toDeadLetter(group: string, partition: number, message: KafkaMessage, replays: ReplayRecord[]): DeadLetter {
  const headers = decodeHeaders(message.headers);
  return {
    group,
    partition,
    offset: message.offset,
    key: message.key?.toString() ?? null,
    headers,
    value: message.value?.toString() ?? null,
    originalTopic: headers[FAILURE_HEADERS.originalTopic],
    originalPartition: Number(headers[FAILURE_HEADERS.originalPartition]),
    originalOffset: headers[FAILURE_HEADERS.originalOffset],
    errorCode: headers[FAILURE_HEADERS.errorCode],
    errorMessage: headers[FAILURE_HEADERS.errorMessage],
    failedAt: headers[FAILURE_HEADERS.failedAt],
    attempts: Number(headers[FAILURE_HEADERS.attempts]),
    type: headers.ce_type,
    id: headers.ce_id,
    ...(headers[FAILURE_HEADERS.replayedFrom] ? { replayOf: headers[FAILURE_HEADERS.replayedFrom] } : {}),
    replays,
  };
}

/** A record that cannot be read is left out: the log only marks letters, it never hides them. */
function replaysByDeadLetter(log: Array<{ message: KafkaMessage }>): Map<string, ReplayRecord[]> {
  const byLetter = new Map<string, ReplayRecord[]>();
  for (const { message } of log) {
    let record: ReplayRecord;
    try {
      record = JSON.parse(message.value?.toString() ?? '') as ReplayRecord;
    } catch {
      continue;
    }
    if (typeof record?.deadLetter !== 'string') continue;
    const records = byLetter.get(record.deadLetter) ?? [];
    if (!records.length) byLetter.set(record.deadLetter, records);
    records.push(record);
  }
  return byLetter;
}

/**
 * Every message of the topics from the oldest retained one up to the end as it was when called
 * (missing and empty topics give nothing), in partition and offset order.
 */
async function readTopics(
  client: KafkaClient,
  topics: string[],
  timeoutMs: number,
): Promise<Map<string, Array<{ partition: number; message: KafkaMessage }>>> {
  const read = new Map<string, Array<{ partition: number; message: KafkaMessage }>>();
  const admin = await client.admin();
  const existing = new Set(await admin.listTopics());
  const remaining = new Map<string, number>();
  for (const topic of topics.filter((t) => existing.has(t))) {
    for (const p of await admin.fetchTopicOffsets(topic)) {
      if (Number(p.high) > Number(p.low)) remaining.set(`${topic}:${p.partition}`, Number(p.high));
    }
  }
  const toRead = [...new Set([...remaining.keys()].map((key) => key.slice(0, key.lastIndexOf(':'))))];
  if (!toRead.length) return read;
  const consumer = client.kafka.consumer({ groupId: `aftercare.dlt-reader.${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: toRead, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`reading ${toRead.join(', ')} timed out after ${timeoutMs} ms`)), timeoutMs);
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ topic, partition, message }) => {
            const key = `${topic}:${partition}`;
            const end = remaining.get(key);
            if (end === undefined || Number(message.offset) >= end) return;
            const messages = read.get(topic) ?? [];
            if (!messages.length) read.set(topic, messages);
            messages.push({ partition, message });
            if (Number(message.offset) + 1 >= end) remaining.delete(key);
            if (!remaining.size) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  for (const messages of read.values()) messages.sort((a, b) => a.partition - b.partition || Number(a.message.offset) - Number(b.message.offset));
  return read;
}

export interface ReplayOptions {
  /** Who replays: shown by `list` as "replayed at … by …". */
  by?: string;
  /** Replay also dead letters that were replayed before (otherwise they are left alone). */
  force?: boolean;
}

/**
 * Sends the chosen dead letters back through the group's retry topic with a fresh attempt budget
 * and records each replay in the group's replay log. Only the group that failed processes them
 * again; other groups of the original topic are not disturbed. Dead letters replayed before are
 * left alone unless `force`. Resolves with the ones replayed.
 */
export async function replayDeadLetters(
  client: KafkaClient,
  names: TopicNames,
  select: (letter: DeadLetter) => boolean,
  options: ReplayOptions = {},
): Promise<DeadLetter[]> {
  const chosen = (await listDeadLetters(client, names)).filter(select).filter((l) => options.force || !l.replays.length);
  await replayListed(client, names, chosen, options);
  return chosen;
}

/** Replays dead letters already listed (the tool decides which); see `replayDeadLetters`. */
export async function replayListed(client: KafkaClient, names: TopicNames, letters: DeadLetter[], options: ReplayOptions = {}): Promise<void> {
  if (!letters.length) return;
  const at = new Date().toISOString();
  const by = options.by ?? 'unknown';
  await client.ensureTopics([{ name: names.replayLogTopic, partitions: 1 }]);
  const producer = await client.producer();
  await producer.sendBatch({
    topicMessages: [
      {
        topic: names.retryTopic,
        messages: letters.map((letter) => ({
          key: letter.key,
          value: letter.value,
          headers: {
            ...letter.headers,
            [FAILURE_HEADERS.attempts]: '0',
            [FAILURE_HEADERS.notBefore]: at,
            [FAILURE_HEADERS.replayedFrom]: `${names.deadLetterTopic}/${letter.partition}@${letter.offset}`,
            [FAILURE_HEADERS.replayedAt]: at,
            [FAILURE_HEADERS.replayedBy]: by,
          },
        })),
      },
      {
        topic: names.replayLogTopic,
        messages: letters.map((letter) => {
          const record: ReplayRecord = {
            deadLetter: `${letter.partition}@${letter.offset}`,
            ...(letter.id ? { id: letter.id } : {}),
            at,
            by,
            forced: letter.replays.length > 0,
            retryTopic: names.retryTopic,
          };
          return { key: record.deadLetter, value: JSON.stringify(record) };
        }),
      },
    ],
  });
}
