import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin, type Consumer, type Producer, type IHeaders } from 'kafkajs';
import { contractsRegistry, fromKafkaMessage, type EventEnvelope, type SchemaRegistry } from '@aftercare/contracts';

export interface ReceivedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/**
 * Watches real topics from their beginning and lets a test wait for the message it expects,
 * or send raw messages (including malformed ones) the way an outside system would.
 */
export class TopicProbe {
  readonly messages: ReceivedMessage[] = [];
  /**
   * Runs before each `send` (a service harness registers the message's `ce_tenantid` there, so
   * tests need not). A probe without it sends as an outsider would.
   */
  beforeSend?: (message: { key?: string; headers?: Record<string, string> }) => Promise<void>;
  private readonly kafka: Kafka;
  private consumer?: Consumer;
  private producer?: Producer;

  constructor(brokers: string[]) {
    this.kafka = new Kafka({ clientId: `probe-${randomUUID()}`, brokers, logLevel: logLevel.NOTHING });
  }

  async watch(topics: string[]): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length) {
      // Lost races with a service creating the same topic are fine: the wait below is what counts.
      await admin.createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, numPartitions: 3 })) }).catch(() => undefined);
    }
    // A broker that has just started can list a topic before it hosts its partitions; subscribing
    // then fails with "This server does not host this topic-partition".
    await until(() => haveLeaders(admin, topics), 30_000, `topics without leaders: ${topics.join(', ')}`);
    await admin.disconnect();
    // A short fetch wait: closing a probe waits for its fetch in flight (kafkajs's default is 5 s).
    this.consumer = this.kafka.consumer({ groupId: `probe-${randomUUID()}`, maxWaitTimeInMs: 250 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    let joined = false;
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => (joined = true));
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        this.messages.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          headers: decode(message.headers),
        });
      },
    });
    await until(() => joined, 30_000, 'probe consumer did not join');
  }

  async send(topic: string, message: { key?: string; value: string | Buffer | null; headers?: Record<string, string> }): Promise<void> {
    await this.beforeSend?.(message);
    if (!this.producer) {
      this.producer = this.kafka.producer({ allowAutoTopicCreation: false });
      await this.producer.connect();
    }
    await this.producer.send({ topic, messages: [message] });
  }

  on(topic: string): ReceivedMessage[] {
    return this.messages.filter((m) => m.topic === topic);
  }

  async waitFor(
    predicate: (message: ReceivedMessage) => boolean,
    { timeoutMs = 20_000, count = 1 }: { timeoutMs?: number; count?: number } = {},
  ): Promise<ReceivedMessage[]> {
    let found: ReceivedMessage[] = [];
    await until(
      () => (found = this.messages.filter(predicate)).length >= count,
      timeoutMs,
      () => `expected ${count} matching message(s), saw ${found.length}; all: ${JSON.stringify(this.messages.map(summary))}`,
    );
    return found;
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.consumer?.disconnect(), this.producer?.disconnect()]);
  }
}

/** The message as an envelope, after checking its CloudEvents headers and its schema. */
export function assertValidEvent<T = unknown>(message: ReceivedMessage, schemas: SchemaRegistry = contractsRegistry()): EventEnvelope<T> {
  const envelope = fromKafkaMessage(message.headers, message.value);
  schemas.assertValid(envelope.type, envelope.data);
  if (message.key !== envelope.subject) throw new Error(`key ${message.key} differs from ce_subject ${envelope.subject}`);
  return envelope as EventEnvelope<T>;
}

export async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string | (() => string)): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${typeof what === 'function' ? what() : what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function decode(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, String(Array.isArray(v) ? v[0] : v)]));
}

function summary(m: ReceivedMessage): string {
  return `${m.topic}@${m.offset} ${m.headers.ce_type ?? ''}`;
}

async function haveLeaders(admin: Admin, topics: string[]): Promise<boolean> {
  // Metadata for no topics is every topic's: a probe that only sends waits for nothing.
  if (topics.length === 0) return true;
  try {
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
    return metadata.length === topics.length && metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
  } catch {
    return false;
  }
}
