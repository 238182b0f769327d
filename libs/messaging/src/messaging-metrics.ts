import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** What the outbox relay knows about events waiting to be published. */
export interface OutboxWaiting {
  backlog(): Promise<number>;
  oldestWaitingSeconds(): number;
}

/**
 * The messaging numbers an operator watches: handler latency, retries, dead letters, ignored
 * unknown types, events published by type, outbox backlog and age, lag. The alerts in
 * deploy/observability use these names; a spec there holds them to this file.
 */
export class MessagingMetrics {
  private readonly handled: Histogram<'topic' | 'type' | 'outcome'>;
  private readonly skipped: Counter<'topic' | 'type' | 'code'>;
  private readonly published: Counter<'topic' | 'type'>;
  private readonly deadLetters: Counter<'topic' | 'code'>;
  private readonly retries: Counter<'topic'>;
  private readonly ignored: Counter<'topic' | 'type'>;

  constructor(
    registry: Registry,
    outbox: OutboxWaiting,
    consumerLag: () => Promise<Array<{ topic: string; partition: number; lag: number }>>,
  ) {
    this.handled = new Histogram({
      name: 'messaging_handler_duration_seconds',
      help: 'Time to handle one consumed message, by outcome',
      labelNames: ['topic', 'type', 'outcome'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers: [registry],
    });
    this.deadLetters = new Counter({
      name: 'messaging_dead_letters_total',
      help: 'Messages sent to the dead-letter topic',
      labelNames: ['topic', 'code'],
      registers: [registry],
    });
    this.retries = new Counter({
      name: 'messaging_retries_total',
      help: 'Messages sent to the retry topic',
      labelNames: ['topic'],
      registers: [registry],
    });
    this.skipped = new Counter({
      name: 'messaging_messages_skipped_total',
      help: 'Messages a handler left on purpose (it returned MessageSkipped), by code',
      labelNames: ['topic', 'type', 'code'],
      registers: [registry],
    });
    this.ignored = new Counter({
      name: 'messaging_messages_ignored_total',
      help: "Messages of a type unknown to this build's contracts on another service's topic, skipped (a newer producer's type)",
      labelNames: ['topic', 'type'],
      registers: [registry],
    });
    new Gauge({
      name: 'messaging_outbox_backlog',
      help: 'Events stored in aggregate outboxes and not yet published',
      registers: [registry],
      async collect() {
        this.set(await outbox.backlog().catch(() => -1));
      },
    });
    new Gauge({
      name: 'messaging_outbox_oldest_age_seconds',
      help: 'Seconds since the oldest event still waiting in an outbox happened (0 when none waits)',
      registers: [registry],
      collect() {
        this.set(outbox.oldestWaitingSeconds());
      },
    });
    this.published = new Counter({
      name: 'messaging_events_published_total',
      help: 'Events the broker acknowledged, by logical topic and event type (SLA breaches are events)',
      labelNames: ['topic', 'type'],
      registers: [registry],
    });
    new Gauge({
      name: 'messaging_consumer_lag',
      help: 'Messages not yet consumed by this service, per topic partition',
      labelNames: ['topic', 'partition'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const { topic, partition, lag } of await consumerLag().catch(() => [])) {
          this.set({ topic, partition: String(partition) }, lag);
        }
      },
    });
  }

  observeHandled(topic: string, type: string, outcome: 'ok' | 'skipped' | 'failed' | 'rejected', startedNs: bigint): void {
    this.handled.observe({ topic, type, outcome }, Number(process.hrtime.bigint() - startedNs) / 1e9);
  }

  countPublished(events: Array<{ topic: string; envelope: { type: string } }>): void {
    for (const { topic, envelope } of events) this.published.inc({ topic, type: envelope.type });
  }

  countDeadLetter(topic: string, code: string): void {
    this.deadLetters.inc({ topic, code });
  }

  countRetry(topic: string): void {
    this.retries.inc({ topic });
  }

  countIgnored(topic: string, type: string): void {
    this.ignored.inc({ topic, type });
  }

  countSkipped(topic: string, type: string, code: string): void {
    this.skipped.inc({ topic, type, code });
  }
}
