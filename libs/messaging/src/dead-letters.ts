import { randomUUID } from 'node:crypto';
import { FAILURE_HEADERS } from './failure-headers';
import { decodeHeaders } from './headers';
import type { KafkaClient } from './kafka-client';
import type { TopicNames } from './topic-names';

export interface DeadLetter {
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
}

/**
 * Reads a group's whole dead-letter topic, from the oldest retained message to the current end,
 * with a throw-away consumer group so that nothing is committed on the operator's behalf.
 */
export async function listDeadLetters(client: KafkaClient, names: TopicNames, timeoutMs = 20_000): Promise<DeadLetter[]> {
  const topic = names.deadLetterTopic;
  const admin = await client.admin();
  if (!(await admin.listTopics()).includes(topic)) return [];
  const ends = (await admin.fetchTopicOffsets(topic)).filter((p) => Number(p.high) > Number(p.low));
  if (!ends.length) return [];
  const remaining = new Map(ends.map((p) => [p.partition, Number(p.high)]));
  const letters: DeadLetter[] = [];
  const consumer = client.kafka.consumer({ groupId: `${names.groupId}.dlt-reader.${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`reading ${topic} timed out after ${timeoutMs} ms`)), timeoutMs);
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const headers = decodeHeaders(message.headers);
            letters.push({
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
            });
            if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0)) remaining.delete(partition);
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
  return letters.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
}

/**
 * Sends dead letters back through the group's retry topic with a fresh attempt budget. Only the
 * group that failed processes them again; other groups of the original topic are not disturbed.
 */
export async function replayDeadLetters(
  client: KafkaClient,
  names: TopicNames,
  select: (letter: DeadLetter) => boolean,
): Promise<DeadLetter[]> {
  const chosen = (await listDeadLetters(client, names)).filter(select);
  if (!chosen.length) return [];
  const producer = await client.producer();
  await producer.send({
    topic: names.retryTopic,
    messages: chosen.map((letter) => ({
      key: letter.key,
      value: letter.value,
      headers: {
        ...letter.headers,
        [FAILURE_HEADERS.attempts]: '0',
        [FAILURE_HEADERS.notBefore]: new Date().toISOString(),
        [FAILURE_HEADERS.replayedFrom]: `${names.deadLetterTopic}/${letter.partition}@${letter.offset}`,
      },
    })),
  });
  return chosen;
}
