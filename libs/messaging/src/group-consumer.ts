import type { Consumer, ConsumerConfig, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { fromKafkaMessage, topicSpec, UnknownMessageTypeError, type EventEnvelope, type SchemaRegistry } from '@aftercare/contracts';
import { runInMessageContext } from '@aftercare/observability';
import type { Delivery } from './event-context';
import { MessageSkipped, PermanentMessageError, backoffDelay, describeFailure, type FailureDescription } from './failure';
import { FAILURE_HEADERS, FAILURE_HEADER_NAMES } from './failure-headers';
import { decodeHeaders } from './headers';
import { KeyedConcurrency } from './keyed-concurrency';
import type { KafkaClient, KafkaLogger } from './kafka-client';
import { FETCH_WAIT_MS, PollWaits, type IdlePollSettings } from './idle-polls';
import type { MessagingMetrics } from './messaging-metrics';
import type { RetryPolicy } from './options';
import type { TopicNames } from './topic-names';
import { DEFAULT_COMMIT_INTERVAL_MS, OffsetCommits } from './offset-commits';
import { assertSameTenant } from './tenant-consistency';
import { inConsumerSpan } from './tracing';
import { LoggedOnce, UNSUPPORTED_TYPE, judgeUnhandled } from './unhandled-messages';

/** Unknown types on other services' topics are logged once per topic and type in the process. */
const unknownTypesLogged = new LoggedOnce();

/**
 * Runs one handler for one message; resolves when it is done (with MessageSkipped for a message it
 * left on purpose: logged and counted), rejects with the handler's failure.
 */
export type MessageHandlerFn = (envelope: EventEnvelope, delivery: Delivery) => Promise<void | MessageSkipped>;

interface Registration {
  topic: string;
  types?: string[];
  name: string;
  handle: MessageHandlerFn;
}

export interface GroupConsumerSettings extends IdlePollSettings {
  retry: RetryPolicy;
  /**
   * Consumer instances ("lanes") of the group in this process. kafkajs fetches again from a
   * broker only when the whole previous fetch is handled, so one slow message holds up every
   * partition of its consumer; separate lanes own separate partitions and do not wait for each
   * other. Within a lane, partitions of one fetch are still handled concurrently.
   */
  lanes: number;
  /**
   * Partitions of a subscribed topic, null when unknown (default: the contracts' catalog). A group
   * gets no more lanes than its topics have partitions: a lane without a partition would only
   * poll and heartbeat (ADR 0045).
   */
  partitionsOf?: (topic: string) => number | null;
  partitionsConsumedConcurrently: number;
  /**
   * Messages of one partition handled at once, never two of the same key together: Kafka's
   * order is per key (an aggregate's id), so different aggregates need not wait for each other.
   */
  keysInFlight: number;
  fromBeginning: boolean;
  /**
   * A group that has found nothing for this long runs its first lane only; the others start again
   * with the next message (ADR 0049). Each idle lane costs a long poll and a heartbeat per 3 s.
   * Unset or 0: every lane runs always. `idlePollMs`: the wait of an idle group's fetches (ADR 0051).
   */
  idleAfterMs?: number;
  /**
   * Handled messages' offsets are committed within this long (ADR 0055), not after every fetched
   * batch; a crash redelivers at most that much. 0: after every batch. Default 1 s.
   */
  commitIntervalMs?: number;
}

/**
 * One consumer group of one service. Its lanes read the subscribed topics, several partitions at a
 * time, each in order. A failing message never blocks its partition: it moves to the group's retry
 * topic (read by the service's `RetryConsumer`, which waits out the backoff and hands it back to
 * `handleRetry`) and, when the attempts are spent or the failure is permanent, to the group's
 * dead-letter topic.
 */
export class GroupConsumer {
  private readonly registrations: Registration[] = [];
  private lanes: Consumer[] = [];
  private readonly joinedLanes = new Set<number>();
  /** Lanes that must have joined for the group to be ready: those started with it. */
  private lanesAtStart = 0;
  private readonly pollWaits: PollWaits;
  private readonly commits: OffsetCommits;
  private idleCheck?: NodeJS.Timeout;
  /** Lanes start and stop one change at a time. */
  private resizing: Promise<void> = Promise.resolve();
  private crashed?: string;
  private stopping = false;
  private onCrash?: (error: string) => void;

  constructor(
    private readonly client: KafkaClient,
    readonly names: TopicNames,
    readonly settings: GroupConsumerSettings,
    private readonly schemas: SchemaRegistry | undefined,
    private readonly logger: KafkaLogger,
    private readonly metrics?: MessagingMetrics,
  ) {
    this.pollWaits = new PollWaits(settings);
    this.commits = new OffsetCommits(settings.commitIntervalMs ?? DEFAULT_COMMIT_INTERVAL_MS, (error) =>
      logger.warn(`consumer ${names.groupId} could not commit its offsets (the messages are committed later or redelivered): ${error.message}`),
    );
  }

  register(topic: string, types: string[] | undefined, name: string, handle: MessageHandlerFn): void {
    this.registrations.push({ topic, types, name, handle });
  }

  /** Told when a lane crashed for good (kafkajs gave up restarting it). */
  whenCrashed(listener: (error: string) => void): void {
    this.onCrash = listener;
  }

  get topics(): string[] {
    return [...new Set(this.registrations.map((r) => r.topic))];
  }

  get hasHandlers(): boolean {
    return this.registrations.length > 0;
  }

  /** Alive unless a lane crashed for good: kafkajs gave up restarting it, only a new process helps. */
  liveness(): { ok: boolean; detail?: string } {
    return this.crashed ? { ok: false, detail: `consumer ${this.names.groupId} crashed for good: ${this.crashed}` } : { ok: true };
  }

  /**
   * Ready once every lane has joined its group. A later rebalance or a Kafka outage does not
   * take the instance out of service: kafkajs rejoins by itself, and what the service publishes
   * meanwhile waits in the outbox (whose own check bounds the backlog).
   */
  health(): { ok: boolean; detail?: string } {
    if (!this.hasHandlers) return { ok: true, detail: 'no subscriptions' };
    if (this.crashed) return { ok: false, detail: `consumer crashed: ${this.crashed}` };
    return this.joined ? { ok: true } : { ok: false, detail: 'consumer has not joined its group yet' };
  }

  private get joined(): boolean {
    if (!this.lanes.length) return false;
    for (let lane = 0; lane < this.lanesAtStart; lane++) if (!this.joinedLanes.has(lane)) return false;
    return true;
  }

  /** Lanes beyond the first stop while idle when there are any (ADR 0049). */
  private get shrinksWhenIdle(): boolean {
    return (this.settings.idleAfterMs ?? 0) > 0 && this.laneCount() > 1;
  }

  /** Lanes running now (fewer than `laneCount()` while the group is idle). */
  get runningLanes(): number {
    return this.lanes.length;
  }

  /** Starts the lanes; the group's retry topic is read by the service's `RetryConsumer` (ADR 0048). */
  async start(): Promise<void> {
    if (!this.hasHandlers || this.lanes.length) return;
    this.stopping = false;
    this.lanesAtStart = this.shrinksWhenIdle ? 1 : this.laneCount();
    this.pollWaits.active();
    await this.startLanes(this.lanesAtStart);
    if (this.shrinksWhenIdle) {
      const idleAfterMs = this.settings.idleAfterMs ?? 0;
      this.idleCheck = setInterval(() => this.shrinkIfIdle(), Math.max(1_000, Math.round(idleAfterMs / 4)));
      this.idleCheck.unref();
    }
  }

  /** Starts lanes up to `count`. */
  private async startLanes(count: number): Promise<void> {
    const added = Array.from({ length: Math.max(0, count - this.lanes.length) }, (_, i) => this.createLane(this.lanes.length + i));
    this.lanes.push(...added);
    await Promise.all(added.map((c) => c.connect()));
    // Lanes join side by side: `run` resolves only once its consumer has joined, and a lane
    // joining after another makes the first rejoin at its next heartbeat (seconds each), so one
    // after another the start took a rebalance per lane.
    await Promise.all(
      added.map(async (lane) => {
        if (this.stopping) return;
        await lane.subscribe({ topics: this.topics.map((t) => this.names.physical(t)), fromBeginning: this.settings.fromBeginning });
        await lane.run({
          partitionsConsumedConcurrently: this.settings.partitionsConsumedConcurrently,
          eachBatchAutoResolve: false,
          // Offsets are committed on our clock (ADR 0055), kafkajs would commit after every batch.
          autoCommit: false,
          eachBatch: (payload) => this.onMainBatch(lane, payload),
        });
      }),
    );
  }

  /**
   * A message arrived while only the first lane runs: the others start beside it. The first lane
   * handles what it fetched meanwhile; the group rebalances once they have joined.
   */
  private growIfShrunk(): void {
    if (this.stopping || this.lanes.length >= this.laneCount()) return;
    this.commits.commitAtOnceFor(MEMBERS_SETTLING_MS);
    this.resize('start', () => this.startLanes(this.laneCount()));
  }

  private shrinkIfIdle(): void {
    const idleAfterMs = this.settings.idleAfterMs ?? 0;
    if (this.stopping || this.lanes.length <= 1 || this.pollWaits.idleForMs() < idleAfterMs) return;
    this.resize('stop', async () => {
      if (this.pollWaits.idleForMs() < idleAfterMs) return;
      const extra = this.lanes.splice(1);
      for (let lane = 1; lane <= extra.length; lane++) this.joinedLanes.delete(lane);
      await this.leave(extra);
    });
  }

  private resize(what: 'start' | 'stop', change: () => Promise<void>): void {
    this.resizing = this.resizing
      .then(() => (this.stopping ? undefined : change()))
      .catch((error: Error) => this.logger.warn(`consumer ${this.names.groupId} could not ${what} its idle lanes: ${error.message}`));
  }

  /** The configured lanes, but no more than the subscribed topics have partitions (when all are known). */
  laneCount(): number {
    const partitionsOf = this.settings.partitionsOf ?? ((topic: string) => topicSpec(topic)?.partitions ?? null);
    const partitions = this.topics.map((topic) => partitionsOf(topic));
    const wanted = Math.max(1, this.settings.lanes);
    if (partitions.some((count) => count === null)) return wanted;
    return Math.max(1, Math.min(wanted, partitions.reduce<number>((sum, count) => sum + (count ?? 0), 0)));
  }

  /** Stops fetching and waits for the handlers in flight; their offsets are committed. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.idleCheck);
    // A lane disconnected in the middle of its join stays a member of the group until its session
    // times out (30 s): lanes that are starting finish joining first, then leave with the others.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.resizing, new Promise((resolve) => (timer = setTimeout(resolve, LANES_STARTING_WAIT_MS)))]);
    clearTimeout(timer);
    await this.leave(this.lanes);
    this.commits.stop();
  }

  /** The lanes commit what they handled and leave the group; a batch in flight commits its own at its end. */
  private async leave(lanes: Consumer[]): Promise<void> {
    await this.commits.flush(lanes);
    await this.pollWaits.leave(lanes);
    this.commits.forget(lanes);
  }

  /** Resolves when the main consumer has joined its group (tests and readiness). */
  async waitUntilJoined(timeoutMs = 30_000): Promise<void> {
    if (!this.hasHandlers) return;
    const deadline = Date.now() + timeoutMs;
    while (!this.joined) {
      if (this.crashed) throw new Error(`consumer crashed: ${this.crashed}`);
      if (Date.now() > deadline) throw new Error(`consumer ${this.names.groupId} did not join within ${timeoutMs} ms`);
      await sleep(50);
    }
  }

  private createLane(lane: number): Consumer {
    const consumer = this.client.kafka.consumer(consumerConfig(this.names.groupId));
    this.pollWaits.follow(consumer);
    // The group is rebalancing: what this lane handled is committed before its partitions may move.
    consumer.on(consumer.events.REBALANCING, () => void this.commits.flush([consumer]));
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.commits.commitAtOnceFor(MEMBERS_SETTLING_MS);
      this.joinedLanes.add(lane);
      this.crashed = undefined;
    });
    consumer.on(consumer.events.CRASH, (event) => {
      if (event.payload.restart) return;
      this.crashed = event.payload.error.message;
      this.onCrash?.(this.crashed);
    });
    return consumer;
  }

  /**
   * One fetched batch of one partition: messages of different keys side by side, each key in
   * order. The offset advances past the messages that were started, once all of them ended; a
   * failure (the retry topic could not be written) resolves nothing, so the batch is read again.
   */
  private async onMainBatch(lane: Consumer, payload: EachBatchPayload): Promise<void> {
    if (payload.batch.messages.length) {
      this.pollWaits.active();
      this.growIfShrunk();
    }
    await this.pollWaits.handling(() => this.handleBatch(lane, payload));
  }

  private async handleBatch(lane: Consumer, payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, isRunning, isStale } = payload;
    // A heartbeat that fails tells of a rebalance: the lane commits what it handled before rejoining.
    const heartbeat = async () => {
      try {
        await payload.heartbeat();
      } catch (error) {
        await this.commits.commitNow(payload);
        throw error;
      }
    };
    const inFlight = new KeyedConcurrency(this.settings.keysInFlight);
    let started = 0;
    let lastBeat = Date.now();
    for (const message of batch.messages) {
      if (!isRunning() || isStale() || this.stopping) break;
      const key = message.key?.length ? message.key.toString('latin1') : `offset:${message.offset}`;
      await inFlight.schedule(key, () => this.onMainMessage(batch.topic, batch.partition, message));
      started += 1;
      if (Date.now() - lastBeat > 1000) {
        await heartbeat();
        lastBeat = Date.now();
      }
    }
    await inFlight.settled();
    if (started) {
      resolveOffset(batch.messages[started - 1].offset);
      // A lane that stops commits now: kafkajs leaves the group as soon as this batch has ended.
      if (this.stopping || !isRunning()) await this.commits.commitNow(payload);
      else await this.commits.resolved(lane, payload);
    }
    await heartbeat();
  }

  private async onMainMessage(topic: string, partition: number, message: KafkaMessage): Promise<void> {
    await this.process(message, { topic: this.names.logical(topic), physicalTopic: topic, partition, offset: message.offset, attempt: 0 });
  }

  /** A message of this group's retry topic whose backoff is over (the `RetryConsumer` waited it out). */
  async handleRetry(message: KafkaMessage, headers: Record<string, string>): Promise<void> {
    const originalTopic = headers[FAILURE_HEADERS.originalTopic];
    await this.process(message, {
      topic: this.names.logical(originalTopic),
      physicalTopic: originalTopic,
      partition: Number(headers[FAILURE_HEADERS.originalPartition]),
      offset: headers[FAILURE_HEADERS.originalOffset],
      attempt: Number(headers[FAILURE_HEADERS.attempts]) || 0,
    });
  }

  private async process(message: KafkaMessage, position: Omit<Delivery, 'groupId' | 'headers'>): Promise<void> {
    const headers = decodeHeaders(message.headers);
    const delivery: Delivery = { ...position, groupId: this.names.groupId, headers };
    const logicalTopic = delivery.topic;
    const started = process.hrtime.bigint();
    let type = headers.ce_type ?? 'unknown';
    try {
      const envelope = fromKafkaMessage(headers, message.value);
      type = envelope.type;
      const handlers = this.registrations.filter(
        (r) => r.topic === logicalTopic && (!r.types || r.types.includes(envelope.type)),
      );
      if (!handlers.length) {
        this.onUnhandled(envelope.type, delivery);
        return;
      }
      const skipped = await inConsumerSpan(
        delivery.physicalTopic,
        envelope,
        {
          'messaging.message.id': envelope.id,
          'messaging.consumer.group.name': this.names.groupId,
          'messaging.kafka.offset': delivery.offset,
          'messaging.destination.partition.id': String(delivery.partition),
          'cloudevents.event_type': envelope.type,
        },
        () =>
          runInMessageContext(
            {
              correlationId: envelope.correlationId ?? envelope.id,
              causationId: envelope.id,
              tenantId: envelope.tenantId,
              caseId: envelope.caseId,
            },
            async () => {
              this.validate(envelope, handlers);
              let anySkipped = false;
              for (const handler of handlers) {
                const outcome = await handler.handle(envelope, delivery);
                if (!(outcome instanceof MessageSkipped)) continue;
                // Logged here, in the message's trace and context: the line names its tenant and case.
                this.onSkipped(outcome, type, delivery);
                anySkipped = true;
              }
              return anySkipped;
            },
          ),
      );
      this.metrics?.observeHandled(logicalTopic, type, skipped ? 'skipped' : 'ok', started);
    } catch (error) {
      const failure = describeFailure(error);
      this.metrics?.observeHandled(logicalTopic, type, failure.permanent ? 'rejected' : 'failed', started);
      await this.onFailure(message, headers, delivery, failure);
    }
  }

  private onSkipped(skip: MessageSkipped, type: string, delivery: Delivery): void {
    this.metrics?.countSkipped(delivery.physicalTopic, type, skip.code);
    this.logger.warn(`${skip.code} | ${skip.reason}: ${type} skipped by ${this.names.groupId} (${delivery.physicalTopic}/${delivery.partition}@${delivery.offset}), counted in messaging_messages_skipped_total`);
  }

  /** A message no handler of the group takes: skipped, counted, or (thrown) dead-lettered. */
  private onUnhandled(type: string, delivery: Delivery): void {
    const verdict = judgeUnhandled({ topic: delivery.topic, type, service: this.names.service, group: this.names.group }, this.schemas);
    if (verdict.action === 'dead-letter') throw new PermanentMessageError(UNSUPPORTED_TYPE, verdict.reason);
    if (verdict.action === 'count') {
      this.metrics?.countIgnored(delivery.physicalTopic, type);
      if (unknownTypesLogged.first(delivery.physicalTopic, type)) {
        this.logger.warn(`${verdict.reason}; logged once, counted in messaging_messages_ignored_total (first at ${delivery.physicalTopic}/${delivery.partition}@${delivery.offset})`);
      }
    }
  }

  private validate(envelope: EventEnvelope, handlers: Registration[]): void {
    if (this.schemas?.has(envelope.type)) {
      this.schemas.assertValid(envelope.type, envelope.data, 'consume');
    } else if (handlers.some((h) => h.types)) {
      // A handler that names its types expects their contract; without one we cannot trust the data.
      throw new UnknownMessageTypeError(envelope.type);
    }
    assertSameTenant(envelope);
  }

  private async onFailure(
    message: KafkaMessage,
    headers: Record<string, string>,
    delivery: Delivery,
    failure: FailureDescription,
  ): Promise<void> {
    const attempts = delivery.attempt + 1;
    const dead = failure.permanent || attempts >= this.settings.retry.maxAttempts;
    const carried = Object.fromEntries(Object.entries(headers).filter(([name]) => !FAILURE_HEADER_NAMES.includes(name)));
    const failureHeaders: Record<string, string> = {
      [FAILURE_HEADERS.originalTopic]: delivery.physicalTopic,
      [FAILURE_HEADERS.originalPartition]: String(delivery.partition),
      [FAILURE_HEADERS.originalOffset]: delivery.offset,
      [FAILURE_HEADERS.errorCode]: failure.code,
      [FAILURE_HEADERS.errorMessage]: failure.message.slice(0, 2000),
      [FAILURE_HEADERS.failedAt]: new Date().toISOString(),
      [FAILURE_HEADERS.group]: this.names.groupId,
      [FAILURE_HEADERS.attempts]: String(attempts),
    };
    const { initialDelayMs, maxDelayMs } = this.settings.retry;
    if (!dead) {
      failureHeaders[FAILURE_HEADERS.notBefore] = new Date(Date.now() + backoffDelay(attempts, initialDelayMs, maxDelayMs)).toISOString();
    }
    const target = dead ? this.names.deadLetterTopic : this.names.retryTopic;
    const producer = await this.client.producer();
    await producer.send({
      topic: target,
      messages: [{ key: message.key, value: message.value, headers: { ...carried, ...failureHeaders } }],
    });
    if (dead) this.metrics?.countDeadLetter(delivery.physicalTopic, failure.code);
    else this.metrics?.countRetry(delivery.physicalTopic);
    const text = `${dead ? 'dead-lettered' : 'will retry'} ${delivery.physicalTopic}/${delivery.partition}@${delivery.offset} after attempt ${attempts}: ${failure.code} ${failure.message}`;
    if (dead) this.logger.error(text);
    else this.logger.warn(text);
  }
}

/**
 * What every consumer of ours costs idle: a long poll and a heartbeat per 3 s (a request each;
 * `idlePollMs` per wait once its group has been idle a while, ADR 0051). A fetch returns as soon
 * as a message arrives, so the wait adds no latency; a 3 s wait adds up to that much to a shutdown
 * (kafkajs waits for the fetch in flight) and to a rebalance (a member hears of it with its next
 * heartbeat, which kafkajs sends only between fetches). ADR 0045, ADR 0048.
 */
export function consumerConfig(groupId: string): ConsumerConfig {
  return { groupId, sessionTimeout: 30_000, heartbeatInterval: 3_000, allowAutoTopicCreation: false, maxWaitTimeInMs: FETCH_WAIT_MS, retry: { retries: 10 } };
}

/**
 * After the group's lanes start or one of them joins, batches commit at once for this long
 * (ADR 0055): the other members may still be rejoining, each at its next heartbeat (3 s).
 */
const MEMBERS_SETTLING_MS = 10_000;

/** How long a stop waits for lanes that are starting (a join takes up to a heartbeat of each member, 3 s). */
const LANES_STARTING_WAIT_MS = 10_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
