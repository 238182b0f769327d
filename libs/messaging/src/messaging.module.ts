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
import { contractsRegistry } from '@aftercare/contracts';
import { HealthRegistry, MetricsRegistry } from '@aftercare/observability';
import { ConsumerGroups } from './consumer-groups';
import { eventPatternsOf } from './event-pattern';
import { EventPublisher } from './event-publisher';
import { GroupConsumer } from './group-consumer';
import { KafkaClient } from './kafka-client';
import { consumerLag } from './lag';
import { MessagingMetrics } from './messaging-metrics';
import { MessagingTransport } from './messaging-transport';
import { DEFAULT_RETRY, MESSAGING_OPTIONS, type MessagingOptions } from './options';
import { OutboxRelay } from './outbox-relay';
import { MessageGuards } from './start-messaging';
import { TopicNames } from './topic-names';

/**
 * Saves publish their own events at once; the sweep only finds what a crash or an outage left,
 * and on mongo-java-server it reads the whole collection: a minute keeps an idle service idle.
 */
const DEFAULT_SWEEP_INTERVAL_MS = 60_000;

/**
 * A group idle this long runs one lane instead of up to three: half the consumers of an idle
 * system fewer (ADR 0049). Long enough that a steady trickle keeps every lane, and the rebalances
 * of stopping and starting lanes come at most once a minute.
 */
const DEFAULT_CONSUMER_IDLE_AFTER_MS = 60_000;
/** A third of the consumers' 30 s session: an idle member still heartbeats in time (ADR 0051). */
const DEFAULT_CONSUMER_IDLE_POLL_MS = 10_000;

const logger = new Logger('messaging');

/**
 * Topic declaration for what the service produces, the outbox relay, readiness, and the shutdown
 * order: stop consuming (in-flight handlers finish), flush the outbox, then close the Kafka
 * clients. Mongo closes last, in libs/persistence. Consuming itself is the MessagingTransport's,
 * started by `startMessaging(app)`.
 */
@Injectable()
class MessagingLifecycle implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown, OnApplicationShutdown {
  private declaredHandlers = 0;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly discovery: DiscoveryService,
    private readonly client: KafkaClient,
    private readonly names: TopicNames,
    private readonly groups: ConsumerGroups,
    private readonly relay: OutboxRelay,
    private readonly transport: MessagingTransport,
    @Optional() private readonly health?: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.checkHandlerPlacement();
    const backlogLimit = this.options.outboxBacklogReadyLimit ?? 1000;
    this.health?.register('outbox', async () => {
      const backlog = await this.relay.backlog();
      return backlog < backlogLimit ? { ok: true } : { ok: false, detail: `${backlog} events waiting to be published (limit ${backlogLimit})` };
    });
    this.health?.registerLiveness('kafka-consumer', () => {
      const dead = this.groups.all().map((c) => c.liveness()).filter((h) => !h.ok);
      return dead.length ? { ok: false, detail: dead.map((h) => h.detail).join('; ') } : { ok: true };
    });
    this.health?.register('kafka-consumer', () => {
      if (this.declaredHandlers && !this.transport.isListening) {
        return { ok: false, detail: `${this.declaredHandlers} @EventPattern handler(s) declared, the messaging transport is not started (startMessaging)` };
      }
      const failing = this.groups.all().map((c) => c.health()).filter((h) => !h.ok);
      return failing.length ? { ok: false, detail: failing.map((h) => h.detail).join('; ') } : { ok: true };
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const produced = this.options.produces ?? [];
    await this.client.ensureTopics(produced.map((t) => ({ ...t, name: this.names.physical(t.name) })));
    this.relay.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.health?.markShuttingDown();
    // Here rather than in Nest's later close() of the microservice: handlers still in flight may
    // save aggregates, whose events the outbox flush below must find.
    await this.transport.close();
    logger.log('drain: stopped consuming');
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    logger.log('drain: outbox flushed');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
    logger.log('drain: kafka closed');
  }

  /**
   * Nest binds message handlers of controllers only; an `@EventPattern` on a provider would never
   * run. Refuse to start instead, and count the real ones for readiness.
   */
  private checkHandlerPlacement(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const type = (wrapper.instance as object | undefined)?.constructor as (new () => unknown) | undefined;
      if (!wrapper.metatype || !type || type === Object) continue;
      const misplaced = eventPatternsOf(type);
      if (misplaced.length) {
        throw new Error(`${type.name}.${misplaced[0].method} has @EventPattern but ${type.name} is a provider: make it a @Controller() and list it in its module's controllers`);
      }
    }
    this.declaredHandlers = this.discovery
      .getControllers()
      .map((wrapper) => wrapper.metatype)
      .filter((type): type is new () => unknown => typeof type === 'function')
      .reduce((count, type) => count + eventPatternsOf(type).filter((p) => p.isEvent).length, 0);
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
        { provide: KafkaClient, useFactory: () => new KafkaClient(`aftercare-${options.service}`, options.brokers, logger, { security: options.security, topics: options.topics }) },
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
              { pollIntervalMs: DEFAULT_SWEEP_INTERVAL_MS, batchSize: 50, leaseMs: 30_000, ...options.outbox },
              logger,
            ),
        },
        {
          provide: MessagingMetrics,
          inject: [OutboxRelay, EventPublisher, KafkaClient, { token: MetricsRegistry, optional: true }],
          useFactory: (relay: OutboxRelay, publisher: EventPublisher, client: KafkaClient, metrics?: MetricsRegistry) => {
            if (!metrics) return undefined;
            const measured = new MessagingMetrics(metrics.registry, relay, () => consumerLag(client, names));
            publisher.onPublished((events) => measured.countPublished(events));
            return measured;
          },
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
                    keysInFlight: options.keysInFlight ?? 8,
                    fromBeginning: options.fromBeginning ?? true,
                    idleAfterMs: options.consumerIdleAfterMs ?? DEFAULT_CONSUMER_IDLE_AFTER_MS,
                    idlePollMs: options.consumerIdlePollMs ?? DEFAULT_CONSUMER_IDLE_POLL_MS,
                    commitIntervalMs: options.consumerCommitIntervalMs,
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
        MessagingTransport,
        MessageGuards,
        MessagingLifecycle,
      ],
      exports: [MESSAGING_OPTIONS, TopicNames, KafkaClient, EventPublisher, OutboxRelay, GroupConsumer, ConsumerGroups, MessagingTransport, MessageGuards],
    };
  }
}
