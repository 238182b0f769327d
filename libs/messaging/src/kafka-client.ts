import { Kafka, Partitioners, logLevel, type Admin, type Producer, type LogEntry } from 'kafkajs';
import type { TopicSpec } from '@aftercare/contracts';
import './kafkajs-idle-timers';
import type { KafkaSecurity } from './kafka-connection';

export interface KafkaLogger {
  error(message: string): void;
  warn(message: string): void;
  log(message: string): void;
}

/** kafkajs behind one seam: clients, the idempotent producer and topic declaration. */
export class KafkaClient {
  readonly kafka: Kafka;
  private producerPromise?: Promise<Producer>;
  private adminPromise?: Promise<Admin>;

  private readonly topicsMode: 'create' | 'verify';

  constructor(clientId: string, brokers: string[], logger?: KafkaLogger, connection: { security?: KafkaSecurity; topics?: 'create' | 'verify' } = {}) {
    this.topicsMode = connection.topics ?? 'create';
    this.kafka = new Kafka({
      clientId,
      brokers,
      ...connection.security,
      connectionTimeout: 5000,
      retry: { initialRetryTime: 200, retries: 8 },
      logLevel: logLevel.WARN,
      logCreator:
        () =>
        ({ log }: LogEntry) => {
          const { message, ...extra } = log;
          // kafkajs reports retriable trouble (a coordinator still loading, a reconnect) as errors;
          // what is fatal surfaces as a consumer crash or a failed send, logged by our own code.
          logger?.warn(`kafkajs: ${message} ${JSON.stringify(extra)}`);
        },
    });
  }

  /** Idempotent: the broker de-duplicates retried sends, and order per partition holds. */
  producer(): Promise<Producer> {
    this.producerPromise ??= (async () => {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        // Java-compatible murmur2: ERP/CRM clients in other languages pick the same partition for a key.
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      return producer;
    })();
    return this.producerPromise;
  }

  admin(): Promise<Admin> {
    this.adminPromise ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    return this.adminPromise;
  }

  /**
   * Declares topics explicitly (the broker does not auto-create): partitions as the contract says.
   * In `verify` mode (a cluster whose topics are resources) a missing topic fails instead.
   * Services starting together race to create the same topics; a lost race ("already exists",
   * or metadata not yet visible) is retried until every topic has leaders.
   */
  async ensureTopics(topics: Array<Pick<TopicSpec, 'name' | 'partitions' | 'retentionMs' | 'compacted'>>, mode = this.topicsMode): Promise<void> {
    const admin = await this.admin();
    const wanted = dedupe(topics);
    await retryingTransient(async () => {
      const existing = new Set(await admin.listTopics());
      const missing = wanted.filter((t) => !existing.has(t.name));
      if (missing.length && mode === 'verify') throw new MissingTopicsError(missing.map((t) => t.name));
      if (missing.length) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((t) => ({
            topic: t.name,
            numPartitions: t.partitions,
            configEntries: [
              ...(t.retentionMs ? [{ name: 'retention.ms', value: String(t.retentionMs) }] : []),
              ...(t.compacted ? [{ name: 'cleanup.policy', value: 'compact' }] : []),
            ],
          })),
        });
      }
      if (wanted.length) await admin.fetchTopicMetadata({ topics: wanted.map((t) => t.name) });
    });
  }

  async close(): Promise<void> {
    const producer = this.producerPromise;
    const admin = this.adminPromise;
    this.producerPromise = undefined;
    this.adminPromise = undefined;
    await Promise.allSettled([producer?.then((p) => p.disconnect()), admin?.then((a) => a.disconnect())]);
  }
}

/** `KAFKA_TOPICS=verify`: topics are resources of the cluster (deploy/k8s/kafka), never created by a service. */
export class MissingTopicsError extends Error {
  constructor(readonly topics: string[]) {
    super(
      `Kafka topics missing: ${topics.join(', ')}. With KAFKA_TOPICS=verify (the default in production) topics are created ` +
        'by the cluster (deploy/k8s/kafka, generated from libs/contracts): apply them, or set KAFKA_TOPICS=create on a local stack',
    );
    this.name = 'MissingTopicsError';
  }
}

/**
 * Runs `work` again while it fails with a race or a transient cluster error (a group coordinator
 * still loading on a fresh broker, metadata not visible yet), backing off up to 2 s, 15 attempts.
 */
export async function retryingTransient<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= 15 || !isRaceOrTransient(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 100 * attempt)));
    }
  }
}

function isRaceOrTransient(error: unknown): boolean {
  const e = error as { retriable?: boolean; message?: string; errors?: Array<{ type?: string; retriable?: boolean }> };
  if (e.retriable) return true;
  if (/already exists|does not host this topic-partition|leader/i.test(e.message ?? '')) return true;
  // kafkajs's admin answers listTopics from cluster metadata it may not hold yet (a refresh that
  // failed under load leaves it null, and it throws a TypeError naming topicMetadata).
  if (error instanceof TypeError && /topicMetadata/.test(e.message ?? '')) return true;
  const inner = e.errors ?? [];
  return inner.length > 0 && inner.every((i) => i.type === 'TOPIC_ALREADY_EXISTS' || i.retriable);
}

function dedupe<T extends { name: string }>(topics: T[]): T[] {
  return [...new Map(topics.map((t) => [t.name, t])).values()];
}
