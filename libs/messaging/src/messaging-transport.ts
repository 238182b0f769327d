import { Inject, Injectable, Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { deadLetterTopicOf, retryTopicOf, topicSpec } from '@aftercare/contracts';
import { MessageSkipped } from './failure';
import { EventContext } from './event-context';
import { parseTopicPattern, type TopicPattern } from './event-pattern';
import { KafkaClient } from './kafka-client';
import { compareWithCatalog } from './catalog-subscriptions';
import { ConsumerGroups } from './consumer-groups';
import { RetryConsumer } from './retry-consumer';
import { TopicNames } from './topic-names';

/** Identifies our transport to Nest (`@EventPattern(pattern, MESSAGING_TRANSPORT)` would bind to it alone). */
export const MESSAGING_TRANSPORT = Symbol('aftercare-messaging');

export type MessagingTransportStatus = 'connecting' | 'connected' | 'disconnected';

/** What `on()` can listen to: a consumer lane that crashed for good (readiness fails too). */
export type MessagingTransportEvents = {
  crash: (groupId: string, error: string) => void;
};

/**
 * The messaging library as a custom transport strategy of `@nestjs/microservices`: Nest binds the
 * `@EventPattern(onTopic(...))` methods of controllers to it, wrapped in their guards,
 * interceptors, pipes and exception filters; the transport feeds them from the service's consumer
 * groups. Everything the stock Kafka transport lacks stays ours: explicit group ids, lanes, schema
 * validation, a retry topic with backoff and a dead-letter topic instead of a stalled partition.
 *
 * Start it with `startMessaging(app)` (connectMicroservice + startAllMicroservices). Shutdown is
 * driven by the messaging module's lifecycle (stop consuming before the outbox is flushed);
 * `close()` from Nest afterwards finds nothing left to stop.
 */
@Injectable()
export class MessagingTransport
  extends Server<MessagingTransportEvents, MessagingTransportStatus>
  implements CustomTransportStrategy
{
  override readonly transportId = MESSAGING_TRANSPORT;
  protected override readonly logger = new Logger('messaging');
  private readonly bound: Array<{ route: string; pattern: TopicPattern }> = [];
  private readonly crashListeners: Array<MessagingTransportEvents['crash']> = [];
  private listening = false;
  private closed?: Promise<void>;
  private retries?: RetryConsumer;

  constructor(
    private readonly groups: ConsumerGroups,
    private readonly client: KafkaClient,
    @Inject(TopicNames) private readonly names: TopicNames,
  ) {
    super();
  }

  /**
   * Called by Nest for every `@EventPattern` of every controller. Nest's own chaining of equal
   * patterns (run together, one forkJoined result) is not used: the group runs the handlers that
   * match a message one after the other, and a failure sends the message to retry or dead-letter.
   */
  override addHandler(pattern: unknown, callback: MessageHandler, isEventHandler = false): void {
    const route = this.normalizePattern(pattern as never);
    if (!isEventHandler) {
      throw new Error(`@MessagePattern(${route}): the messaging transport has events only (no replies); use @EventPattern(onTopic(...))`);
    }
    const parsed = parseTopicPattern(pattern, `@EventPattern(${route})`);
    this.bound.push({ route, pattern: parsed });
    this.groups.get(parsed.group).register(parsed.topic, parsed.types, route, async (envelope, delivery) => {
      const result = await callback(envelope.data, new EventContext(envelope, delivery));
      // With interceptors, Nest hands back a cold Observable: subscribing runs the handler, and a
      // failure (after the exception filters) rejects here, into retry or dead-letter.
      const outcome: unknown = await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
      return outcome instanceof MessageSkipped ? outcome : undefined;
    });
  }

  /** The bound patterns (start-up log, readiness, tests). */
  get patterns(): TopicPattern[] {
    return this.bound.map((b) => b.pattern);
  }

  get isListening(): boolean {
    return this.listening;
  }

  /** Declares the consumed, retry and dead-letter topics, then starts every group with handlers. */
  async listen(callback: (error?: unknown) => void): Promise<void> {
    this._status$.next('connecting');
    try {
      const consumers = this.groups.all().filter((c) => c.hasHandlers);
      this.checkAgainstCatalog(consumers.map((c) => ({ group: c.names.group, topics: c.topics })));
      await this.client.ensureTopics(
        [
          ...consumers.flatMap((c) => c.topics.map((name) => topicSpec(name) ?? { name, partitions: 3 })),
          ...consumers.flatMap((c) => [
            { name: retryTopicOf(c.names.group), partitions: 3 },
            { name: deadLetterTopicOf(c.names.group), partitions: 3 },
          ]),
        ].map((t) => ({ ...t, name: this.names.physical(t.name) })),
      );
      // The groups are independent: they start side by side, so a service is up after its
      // slowest group's join, not after the sum of them. One consumer reads all their retry topics.
      const retries = new RetryConsumer(this.client, consumers, this.logger);
      this.retries = retries;
      await Promise.all([
        ...consumers.map(async (consumer) => {
          consumer.whenCrashed((error) => this.crashListeners.forEach((listener) => listener(consumer.names.groupId, error)));
          await consumer.start();
          this.logger.log(`consuming ${consumer.topics.join(', ')} as ${consumer.names.groupId}`);
        }),
        (async () => {
          await retries.start();
          if (retries.topics.length) this.logger.log(`consuming ${retries.topics.join(', ')} as ${retries.groupId}`);
        })(),
      ]);
      this.listening = true;
      this._status$.next('connected');
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /**
   * A read the catalog does not declare would be denied by the service's KafkaUser in a cluster:
   * refuse to start here, naming it, instead. A declared group without handlers only costs a
   * broader ACL, and test apps start parts of a service: a warning.
   */
  private checkAgainstCatalog(subscriptions: Array<{ group: string; topics: string[] }>): void {
    const { undeclared, unused } = compareWithCatalog(this.names.service, subscriptions);
    if (unused.length) this.logger.warn(`the catalog declares consumer group(s) ${unused.join(', ')}, which have no handler in this process`);
    if (undeclared.length) {
      throw new Error(`subscriptions outside libs/contracts/src/catalog.ts (add them to the topic's consumers and groups): ${undeclared.join('; ')}`);
    }
  }

  /** Stops fetching and waits for the handlers in flight (their offsets commit). Idempotent. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      await Promise.all([...this.groups.all().map((c) => c.stop()), this.retries?.stop()]);
      this.listening = false;
      this._status$.next('disconnected');
    })();
    return this.closed;
  }

  on<K extends keyof MessagingTransportEvents = keyof MessagingTransportEvents, C extends MessagingTransportEvents[K] = MessagingTransportEvents[K]>(
    event: K,
    callback: C,
  ): void {
    if (event !== 'crash') throw new Error(`the messaging transport has no event "${String(event)}"`);
    this.crashListeners.push(callback);
  }

  /** The kafkajs client underneath (for diagnostics; handlers never need it). */
  unwrap<T>(): T {
    return this.client.kafka as T;
  }
}
