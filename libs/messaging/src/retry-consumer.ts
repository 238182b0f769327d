import type { Admin, Consumer, EachMessagePayload } from 'kafkajs';
import { FAILURE_HEADERS } from './failure-headers';
import { consumerConfig, type GroupConsumer } from './group-consumer';
import { decodeHeaders } from './headers';
import { PollWaits } from './idle-polls';
import { retryingTransient, type KafkaClient, type KafkaLogger } from './kafka-client';

/**
 * The service's one reader of its groups' retry topics, in the group `<service>.retrying` (ADR 0048).
 * Each consumer polls and heartbeats while idle, and retries are rare: one consumer for all of
 * them instead of one per group. A message waits out its backoff here, then goes back to the group
 * whose retry topic it came from.
 */
export class RetryConsumer {
  private consumer?: Consumer;
  private stopping = false;
  private readonly pollWaits: PollWaits;
  /** Each retry topic read: the group its retries go back to, and the per-group retry group that read it before ADR 0048. */
  private readonly sources: Map<string, { group: GroupConsumer; formerGroupId: string }>;
  /** Retry topics of retired groups (ADR 0056), read when they exist: a fresh cluster has none. */
  private readonly retiredTopics: Set<string>;
  readonly groupId: string;

  constructor(
    private readonly client: KafkaClient,
    groups: GroupConsumer[],
    private readonly logger: KafkaLogger,
  ) {
    const consuming = groups.filter((g) => g.hasHandlers);
    this.retiredTopics = new Set(consuming.flatMap((g) => g.names.retiredGroups().map((retired) => retired.retryTopic)));
    this.sources = new Map(
      consuming.flatMap((group) => [group.names, ...group.names.retiredGroups()].map((names) => [names.retryTopic, { group, formerGroupId: names.formerRetryGroupId }] as const)),
    );
    const groupIds = new Set(groups.map((g) => g.names.retryGroupId));
    if (groupIds.size > 1) throw new Error(`one retry consumer reads the groups of one service, not ${[...groupIds].join(', ')}`);
    this.groupId = [...groupIds][0] ?? '';
    // The groups of one service share its settings.
    this.pollWaits = new PollWaits(groups[0]?.settings ?? {});
  }

  get topics(): string[] {
    return [...this.sources.keys()];
  }

  async start(): Promise<void> {
    if (!this.sources.size || this.consumer) return;
    this.stopping = false;
    const admin = await this.client.admin();
    const existing = this.retiredTopics.size ? new Set(await retryingTransient(() => admin.listTopics())) : new Set<string>();
    for (const topic of this.retiredTopics) if (!existing.has(topic)) this.sources.delete(topic);
    // On a fresh cluster the group coordinator may still be loading (NOT_COORDINATOR): try again.
    const carried = await retryingTransient(() =>
      carryRetryOffsets(
        admin,
        this.groupId,
        [...this.sources].map(([topic, { formerGroupId }]) => ({ topic, formerGroupId })),
      ),
    );
    for (const { topic, formerGroupId, partitions } of carried) {
      this.logger.log(`carried ${formerGroupId}'s offsets of ${topic} to ${this.groupId}: ${partitions.map((p) => `${p.partition}@${p.offset}`).join(', ')}`);
    }
    const groups = [...this.sources.values()].map((source) => source.group);
    const consumer = this.client.kafka.consumer(consumerConfig(this.groupId));
    this.consumer = consumer;
    this.pollWaits.active();
    this.pollWaits.follow(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: Math.max(...groups.map((g) => g.settings.partitionsConsumedConcurrently)),
      eachMessage: (payload) => this.onMessage(payload),
    });
  }

  /** Stops fetching; a retry still waiting out its backoff is left uncommitted and read again after a restart. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (!this.consumer) return;
    await this.pollWaits.leave([this.consumer]);
  }

  private async onMessage(payload: EachMessagePayload): Promise<void> {
    await this.pollWaits.handling(() => this.retry(payload));
  }

  private async retry({ topic, message }: EachMessagePayload): Promise<void> {
    const headers = decodeHeaders(message.headers);
    const notBefore = Date.parse(headers[FAILURE_HEADERS.notBefore] ?? '') || 0;
    while (Date.now() < notBefore) {
      // Leaving without committing: the message is read again after the restart.
      if (this.stopping) throw new Error('consumer stopping while a retry was waiting');
      await sleep(Math.min(250, notBefore - Date.now()));
    }
    const group = this.sources.get(topic)?.group;
    if (!group) throw new Error(`no consumer group of this process reads retry topic ${topic}`);
    await group.handleRetry(message, headers);
  }
}

export interface CarriedOffsets {
  topic: string;
  formerGroupId: string;
  partitions: Array<{ partition: number; offset: string }>;
}

/**
 * Until ADR 0048 each group read its retry topic in a group of its own (`<group>.retrying`). A
 * topic the service's retry group has never committed on starts at the former group's committed
 * offsets, so no retry is handled twice or skipped across the change. Done once, before the group
 * is joined: a topic with offsets of the new group is never touched again.
 */
export async function carryRetryOffsets(admin: Admin, groupId: string, topics: Array<{ topic: string; formerGroupId: string }>): Promise<CarriedOffsets[]> {
  const committedOn = new Set(
    (await admin.fetchOffsets({ groupId, topics: topics.map((t) => t.topic) })).filter((t) => t.partitions.some((p) => Number(p.offset) >= 0)).map((t) => t.topic),
  );
  const plans = await Promise.all(
    topics
      .filter(({ topic }) => !committedOn.has(topic))
      .map(async ({ topic, formerGroupId }) => {
        const [former] = await admin.fetchOffsets({ groupId: formerGroupId, topics: [topic] });
        const partitions = (former?.partitions ?? []).filter((p) => Number(p.offset) >= 0).map(({ partition, offset }) => ({ partition, offset }));
        return { topic, formerGroupId, partitions };
      }),
  );
  const carried: CarriedOffsets[] = [];
  for (const plan of plans.filter((p) => p.partitions.length)) {
    try {
      await admin.setOffsets({ groupId, topic: plan.topic, partitions: plan.partitions });
    } catch (error) {
      // Another instance starting at the same time carried them first and has joined the group.
      if (await hasCommitted(admin, groupId, plan.topic)) continue;
      throw error;
    }
    carried.push(plan);
  }
  return carried;
}

async function hasCommitted(admin: Admin, groupId: string, topic: string): Promise<boolean> {
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return (offsets?.partitions ?? []).some((p) => Number(p.offset) >= 0);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
