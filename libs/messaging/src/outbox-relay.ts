import type { EventPublisher } from './event-publisher';
import type { KafkaLogger } from './kafka-client';
import type { OutboxStore } from './outbox';

export interface OutboxRelaySettings {
  pollIntervalMs: number;
  batchSize: number;
  leaseMs: number;
}

/**
 * Publishes what aggregates stored in their outboxes, then removes it. Runs on a timer and when
 * a repository nudges it after a save. A crash between publish and acknowledge publishes again
 * on restart (at least once); consumers de-duplicate by `ce_id`.
 */
export class OutboxRelay {
  private readonly stores: OutboxStore[] = [];
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly publisher: EventPublisher,
    private readonly settings: OutboxRelaySettings,
    private readonly logger: KafkaLogger,
  ) {}

  register(store: OutboxStore): void {
    if (!this.stores.includes(store)) this.stores.push(store);
  }

  start(): void {
    this.stopped = false;
    this.timer ??= setInterval(() => this.nudge(), this.settings.pollIntervalMs);
    this.nudge();
  }

  /** Ask for a pass soon; passes never overlap, a nudge during one schedules one more. */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.passUntilQuiet().finally(() => (this.running = undefined));
  }

  /** One complete pass now, for shutdown and tests. */
  async flush(): Promise<void> {
    await this.running;
    await this.pass();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    try {
      await this.pass();
    } catch (error) {
      this.logger.error(`outbox flush on shutdown failed: ${(error as Error).message}`);
    }
    this.stopped = true;
  }

  async backlog(): Promise<number> {
    const counts = await Promise.all(this.stores.map((s) => s.backlog()));
    return counts.reduce((a, b) => a + b, 0);
  }

  private async passUntilQuiet(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.pass();
      } catch (error) {
        this.logger.warn(`outbox relay pass failed, will retry: ${(error as Error).message}`);
        return;
      }
    } while (this.again && !this.stopped);
  }

  private async pass(): Promise<void> {
    for (const store of this.stores) {
      for (;;) {
        const claimed = await store.claim(this.settings.batchSize, this.settings.leaseMs);
        if (!claimed.length) break;
        try {
          await this.publisher.publish(claimed.flatMap((doc) => doc.entries));
        } catch (error) {
          await store.release(claimed.map((doc) => doc.documentId)).catch(() => undefined);
          throw error;
        }
        await store.acknowledge(claimed.map((doc) => ({ documentId: doc.documentId, entryIds: doc.entries.map((e) => e.envelope.id) })));
        if (claimed.length < this.settings.batchSize) break;
      }
    }
  }
}
