import type { SchemaRegistry, TopicSpec } from '@aftercare/contracts';
import type { KafkaSecurity } from './kafka-connection';

export interface RetryPolicy {
  /** Attempts in all, the first delivery included, before a message goes to the dead-letter topic. */
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface MessagingOptions {
  /** The producing/consuming service, e.g. `intake`; gives `ce_source` `/aftercare/intake`. */
  service: string;
  brokers: string[];
  /** TLS and SASL to a real cluster (kafka-connection.ts `kafkaSecurityFrom`). */
  security?: KafkaSecurity;
  /** `create` (default) declares missing topics at start; `verify` refuses to start without them. */
  topics?: 'create' | 'verify';
  /** Prepended to every physical topic and group name; isolates test runs on a shared broker. */
  topicPrefix?: string;
  /** Consumer group purpose: group id `<service>.<purpose>`. Default `main`. */
  groupPurpose?: string;
  retry?: Partial<RetryPolicy>;
  /** Consumer instances of the group in this process; a slow lane never holds up another. Default 3. */
  consumerLanes?: number;
  /**
   * A group that has found nothing for this long runs one lane; the others start again with the
   * next message (ADR 0049). 0: every lane always. Default 60 s.
   */
  consumerIdleAfterMs?: number;
  /**
   * A group that has found nothing for twice `consumerIdleAfterMs` waits up to this long per fetch
   * instead of 3 s (ADR 0051): fewer requests while idle, as much longer a rebalance of
   * an idle group. Below 3 s: always 3 s. Default 10 s.
   */
  consumerIdlePollMs?: number;
  /**
   * Handled messages' offsets are committed within this long instead of after every fetched batch
   * (ADR 0055); a crash redelivers at most that much. 0: after every batch. Default 1 s.
   */
  consumerCommitIntervalMs?: number;
  /** Partitions of one fetch handled at once within a lane; each partition stays in order. Default 2. */
  partitionsConsumedConcurrently?: number;
  /** Messages of one partition handled at once, never two of the same key together. Default 8. */
  keysInFlight?: number;
  /** Topics this service produces to; created if missing (with subscribed, retry and DLT topics). */
  produces?: Array<Pick<TopicSpec, 'name' | 'partitions' | 'retentionMs' | 'compacted'>>;
  schemas?: SchemaRegistry;
  /** A new consumer group starts at the oldest retained message, so nothing published before it joined is missed. */
  fromBeginning?: boolean;
  /**
   * `pollIntervalMs`: period of the sweep that publishes what a crash or an outage left in the
   * outboxes (default 60 s; saves publish their own events at once). `sweepGraceMs`: a periodic
   * sweep leaves documents saved less than this ago to their saver (default 10 s).
   */
  outbox?: { pollIntervalMs?: number; batchSize?: number; leaseMs?: number; sweepGraceMs?: number };
  /** Readiness fails while more events than this wait to be published (the broker is not keeping up). */
  outboxBacklogReadyLimit?: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, initialDelayMs: 500, maxDelayMs: 30_000 };
