import {
  BeforeApplicationShutdown,
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleDestroy,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { contractsRegistry, deadLetterTopicOf, retryTopicOf, topicSpec } from '@aftercare/contracts';
import { HealthRegistry, MetricsRegistry } from '@aftercare/observability';
import { eventHandlersOf, type EventHandlerFn } from './event-handler.decorator';
import { EventPublisher } from './event-publisher';
import { GroupConsumer } from './group-consumer';
import { KafkaClient } from './kafka-client';
import { consumerLag } from './lag';
import { MessagingMetrics } from './messaging-metrics';
import { DEFAULT_RETRY, MESSAGING_OPTIONS, type MessagingOptions } from './options';
import { OutboxRelay } from './outbox-relay';
import { TopicNames } from './topic-names';

const logger = new Logger('messaging');

/** The service's consumer groups by purpose; `main` unless a handler names another. */
export class ConsumerGroups {
  private readonly groups = new Map<string, GroupConsumer>();

  constructor(
    private readonly create: (purpose: string) => GroupConsumer,
    private readonly defaultPurpose: string,
  ) {}

  get(purpose = this.defaultPurpose): GroupConsumer {
    let consumer = this.groups.get(purpose);
    if (!consumer) {
      consumer = this.create(purpose);
      this.groups.set(purpose, consumer);
    }
    return consumer;
  }

  all(): GroupConsumer[] {
    this.get();
    return [...this.groups.values()];
  }

  /** Resolves when every group with handlers has joined (tests, readiness). */
  async waitUntilJoined(timeoutMs?: number): Promise<void> {
    await Promise.all(this.all().filter((c) => c.hasHandlers).map((c) => c.waitUntilJoined(timeoutMs)));
  }
}

/**
 * Wires discovery of @EventHandler methods, topic declaration, the consumer group, the outbox
 * relay and the shutdown order: stop consuming (in-flight handlers finish), flush the outbox,
 * then close Kafka clients. Mongo closes last, in libs/persistence.
 */
@Injectable()
class MessagingLifecycle implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly discovery: DiscoveryService,
    private readonly client: KafkaClient,
    private readonly names: TopicNames,
    private readonly groups: ConsumerGroups,
    private readonly relay: OutboxRelay,
    @Optional() private readonly health?: HealthRegistry,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string | symbol, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.metatype) continue;
      for (const { topic, types, group, method } of eventHandlersOf(instance.constructor)) {
        const fn = instance[method] as EventHandlerFn;
        this.groups.get(group).register(topic, types, `${instance.constructor.name}.${String(method)}`, fn.bind(instance));
      }
    }
    const backlogLimit = this.options.outboxBacklogReadyLimit ?? 1000;
    this.health?.register('outbox', async () => {
      const backlog = await this.relay.backlog();
      return backlog < backlogLimit ? { ok: true } : { ok: false, detail: `${backlog} documents with unpublished events (limit ${backlogLimit})` };
    });
    this.health?.register('kafka-consumer', () => {
      const failing = this.groups.all().map((c) => c.health()).filter((h) => !h.ok);
      return failing.length ? { ok: false, detail: failing.map((h) => h.detail).join('; ') } : { ok: true };
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const consumers = this.groups.all();
    const declared = [
      ...(this.options.produces ?? []),
      ...consumers.flatMap((c) => c.topics.map((name) => topicSpec(name) ?? { name, partitions: 3 })),
      ...consumers.flatMap((c) => [
        { name: retryTopicOf(c.names.group), partitions: 3 },
        { name: deadLetterTopicOf(c.names.group), partitions: 3 },
      ]),
    ];
    await this.client.ensureTopics(declared.map((t) => ({ ...t, name: this.names.physical(t.name) })));
    this.relay.start();
    for (const consumer of consumers) {
      await consumer.start();
      if (consumer.hasHandlers) logger.log(`consuming ${consumer.topics.join(', ')} as ${consumer.names.groupId}`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.health?.markShuttingDown();
    await Promise.all(this.groups.all().map((c) => c.stop()));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    const names = new TopicNames(options.topicPrefix ?? '', options.service, options.groupPurpose ?? 'main');
    const schemas = options.schemas ?? contractsRegistry();
    return {
      module: MessagingModule,
      imports: [DiscoveryModule],
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        { provide: TopicNames, useValue: names },
        { provide: KafkaClient, useFactory: () => new KafkaClient(`aftercare-${options.service}`, options.brokers, logger) },
        {
          provide: EventPublisher,
          inject: [KafkaClient],
          useFactory: (client: KafkaClient) => new EventPublisher(client, names, schemas),
        },
        {
          provide: OutboxRelay,
          inject: [EventPublisher],
          useFactory: (publisher: EventPublisher) =>
            new OutboxRelay(
              publisher,
              { pollIntervalMs: 1000, batchSize: 50, leaseMs: 30_000, ...options.outbox },
              logger,
            ),
        },
        {
          provide: MessagingMetrics,
          inject: [OutboxRelay, KafkaClient, { token: MetricsRegistry, optional: true }],
          useFactory: (relay: OutboxRelay, client: KafkaClient, metrics?: MetricsRegistry) =>
            metrics
              ? new MessagingMetrics(
                  metrics.registry,
                  () => relay.backlog(),
                  () => consumerLag(client, names),
                )
              : undefined,
        },
        {
          provide: ConsumerGroups,
          inject: [KafkaClient, MessagingMetrics],
          useFactory: (client: KafkaClient, metrics?: MessagingMetrics) =>
            new ConsumerGroups(
              (purpose) =>
                new GroupConsumer(
                  client,
                  names.forGroup(purpose),
                  {
                    retry: { ...DEFAULT_RETRY, ...options.retry },
                    lanes: options.consumerLanes ?? 3,
                    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 2,
                    fromBeginning: options.fromBeginning ?? true,
                  },
                  schemas,
                  logger,
                  metrics,
                ),
              names.groupPurpose,
            ),
        },
        /** The main group, for code and tests that only need that one. */
        { provide: GroupConsumer, inject: [ConsumerGroups], useFactory: (groups: ConsumerGroups) => groups.get() },
        MessagingLifecycle,
      ],
      exports: [MESSAGING_OPTIONS, TopicNames, KafkaClient, EventPublisher, OutboxRelay, GroupConsumer, ConsumerGroups],
    };
  }
}
