import type { EventPublisher } from './event-publisher';
import type { KafkaLogger } from './kafka-client';
import type { OutboxEntry, OutboxStore, PublishedSave, SavedOutbox } from './outbox';

export interface OutboxRelaySettings {
  /** Period of the sweep that publishes what a crash or a failed publish left in the outboxes. */
  pollIntervalMs: number;
  /** Documents per claim of a sweep. */
  batchSize: number;
  leaseMs: number;
  /** A periodic sweep leaves documents saved less than this ago to their saver's own publish. Default 10 s. */
  sweepGraceMs?: number;
  /**
   * How long published saves wait for their acknowledging write, so that one write covers the
   * saves of that moment. Default 200 ms; far below `sweepGraceMs`, so no sweep sends them again.
   */
  acknowledgeLingerMs?: number;
}

/** Saves published in one send at most; the rest wait for the next send, which starts at once. */
const MAX_SAVES_PER_SEND = 500;
/** How long a published entry id is remembered, so a later save of the same document does not send it again. */
const REMEMBER_PUBLISHED_MS = 10 * 60_000;
/** The default of `acknowledgeLingerMs`. */
const DEFAULT_ACKNOWLEDGE_LINGER_MS = 200;
/**
 * A periodic sweep that found nothing doubles the pause before the next one, up to this many
 * `pollIntervalMs` (ADR 0045): on mongo-java-server each sweep scans the aggregate collections,
 * and what it looks for (a process killed between write and publish) is rare; the restarted
 * process sweeps at once, a surviving instance within this.
 */
const IDLE_SWEEP_FACTOR = 5;
/** Longest pause between retries of saves whose send failed (a broker back after an outage is used within this). */
const MAX_RETRY_DELAY_MS = 5_000;

interface QueuedSave {
  store: OutboxStore;
  saved: SavedOutbox;
}

/**
 * Publishes what aggregates stored in their outboxes, then removes it.
 *
 * The normal path: a repository hands each save to `publishSaved` right after its write; saves
 * that arrive while a send is in flight are sent together in the next one, so concurrent saves
 * share a Kafka round trip. The acknowledging write to the store does not hold up the next send:
 * published saves wait a short moment (`acknowledgeLingerMs`) and are acknowledged together, so
 * saves of different moments share one store round trip too. The periodic sweep
 * only finds what that path could not publish — a process killed between write and publish, a
 * broker that was away — and publishes it with leases so two instances never send the same
 * document at once. Either way delivery is at least once; consumers de-duplicate by `ce_id`.
 */
export class OutboxRelay {
  private readonly stores: OutboxStore[] = [];
  private readonly queue: QueuedSave[] = [];
  private readonly published = new Map<string, number>();
  private readonly failed = new Map<OutboxStore, Set<string>>();
  private draining?: Promise<void>;
  /** Published saves whose acknowledging write waits for the others of the moment. */
  private readonly unacknowledged: QueuedSave[] = [];
  private acknowledging?: Promise<void>;
  private endLinger?: () => void;
  private timer?: NodeJS.Timeout;
  /** The pause before the next periodic sweep: `pollIntervalMs`, longer while sweeps find nothing. */
  private sweepPauseMs = 0;
  private retryTimer?: NodeJS.Timeout;
  private retryDelayMs = 0;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private sweepLeftBehind = 0;
  /** The oldest event time (ms) among what a failed sweep left behind; undefined once a sweep succeeds. */
  private sweepLeftBehindSince?: number;
  /** Per store and document whose publish failed, the oldest event time (ms) it holds. */
  private readonly failedSince = new Map<OutboxStore, Map<string, number>>();

  constructor(
    private readonly publisher: EventPublisher,
    private readonly settings: OutboxRelaySettings,
    private readonly logger: KafkaLogger,
  ) {}

  register(store: OutboxStore): void {
    if (!this.stores.includes(store)) this.stores.push(store);
  }

  /** Starts the periodic sweep; the first sweep runs now and takes every pending document, young or old. */
  start(): void {
    this.stopped = false;
    this.sweepPauseMs = this.settings.pollIntervalMs;
    this.planSweep();
    this.sweepSoon(false);
  }

  /** The pause before the next periodic sweep (tests, logs). */
  get nextSweepPauseMs(): number {
    return this.sweepPauseMs;
  }

  /** Hands over what one save stored; it is sent with the other saves of the moment. */
  publishSaved(store: OutboxStore, saved: SavedOutbox): void {
    if (this.stopped || !saved.entries.length) return;
    this.queue.push({ store, saved });
    this.drainSoon();
  }

  /** Whether this process published the entry recently (a repository drops it from a document's known outbox). */
  wasPublished(entryId: string): boolean {
    return this.published.has(entryId);
  }

  /** Ask for a sweep soon; sweeps never overlap, a nudge during one schedules one more. */
  nudge(): void {
    this.sweepSoon(true);
  }

  /** Everything handed over is sent and one complete sweep has run: for shutdown and tests. */
  async flush(): Promise<void> {
    await this.draining;
    await this.acknowledgeNow();
    await this.running;
    await this.sweep(false);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.timer = undefined;
    this.retryTimer = undefined;
    try {
      await this.flush();
    } catch (error) {
      this.logger.error(`outbox flush on shutdown failed: ${(error as Error).message}`);
    }
    this.stopped = true;
    // The flush's sweep planned the next one.
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * Events known to wait: handed over and not yet sent, in documents whose publish failed, and
   * in documents the last sweep could not publish. Kept in memory: readiness and the metric ask
   * often, and counting the outboxes in the store would scan them.
   */
  async backlog(): Promise<number> {
    const queued = this.queue.reduce((sum, { saved }) => sum + saved.entries.length, 0);
    const failed = [...this.failed.values()].reduce((sum, ids) => sum + ids.size, 0);
    return queued + failed + this.sweepLeftBehind;
  }

  /**
   * How long the oldest event known to wait has waited since it happened, in seconds (0 when
   * nothing waits): the outbox-age alert. Counts what `backlog` counts, from the same memory.
   */
  oldestWaitingSeconds(now = Date.now()): number {
    let oldest = this.sweepLeftBehindSince ?? Infinity;
    for (const { saved } of this.queue) oldest = Math.min(oldest, oldestEventTime(saved.entries));
    for (const documents of this.failedSince.values()) for (const time of documents.values()) oldest = Math.min(oldest, time);
    return Number.isFinite(oldest) ? Math.max(0, (now - oldest) / 1000) : 0;
  }

  private drainSoon(): void {
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
      // A save handed over while the last send was being acknowledged.
      if (this.queue.length) this.drainSoon();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, MAX_SAVES_PER_SEND);
      const sending = this.unpublishedEntries(batch);
      try {
        await this.publisher.publish(sending);
      } catch (error) {
        this.logger.warn(`publishing ${sending.length} events failed, a retry follows: ${(error as Error).message}`);
        for (const { store, saved } of batch) this.markFailed(store, saved);
        this.scheduleRetry();
        continue;
      }
      const now = Date.now();
      for (const entry of sending) this.published.set(entry.envelope.id, now);
      this.forgetOldPublished(now);
      this.acknowledgeSoon(batch);
    }
  }

  private acknowledgeSoon(batch: QueuedSave[]): void {
    this.unacknowledged.push(...batch);
    this.acknowledging ??= this.acknowledgeAfterLinger().finally(() => {
      this.acknowledging = undefined;
      // Saves published while the last acknowledging write was under way.
      if (this.unacknowledged.length) this.acknowledgeSoon([]);
    });
  }

  private async acknowledgeAfterLinger(): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.settings.acknowledgeLingerMs ?? DEFAULT_ACKNOWLEDGE_LINGER_MS);
      this.endLinger = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.endLinger = undefined;
    while (this.unacknowledged.length) await this.acknowledgeSaves(this.unacknowledged.splice(0, MAX_SAVES_PER_SEND));
  }

  /** Acknowledges what waits without waiting out the linger (shutdown, tests). */
  private async acknowledgeNow(): Promise<void> {
    while (this.acknowledging) {
      this.endLinger?.();
      await this.acknowledging;
    }
  }

  /** The batch's entries in order, each once, without those this process already sent. */
  private unpublishedEntries(batch: QueuedSave[]): OutboxEntry[] {
    const seen = new Set<string>();
    const entries: OutboxEntry[] = [];
    for (const { saved } of batch) {
      for (const entry of saved.entries) {
        const id = entry.envelope.id;
        if (seen.has(id) || this.published.has(id)) continue;
        seen.add(id);
        entries.push(entry);
      }
    }
    return entries;
  }

  private async acknowledgeSaves(batch: QueuedSave[]): Promise<void> {
    const byStore = new Map<OutboxStore, SavedOutbox[]>();
    for (const { store, saved } of batch) byStore.set(store, [...(byStore.get(store) ?? []), saved]);
    for (const [store, saves] of byStore) {
      try {
        await store.acknowledgeSaved(
          oneAcknowledgementPerDocument(
            saves.map((saved) => ({
              documentId: saved.documentId,
              tenantId: saved.tenantId,
              version: saved.version,
              entryIds: saved.entries.map((e) => e.envelope.id),
              drained: saved.complete && saved.entries.every((e) => this.published.has(e.envelope.id)),
            })),
          ),
        );
      } catch (error) {
        // Published but still in the outbox: the sweep sends it again later (at least once).
        this.logger.warn(`acknowledging published events in ${store.outboxName} failed: ${(error as Error).message}`);
        this.sweepAtUsualPace();
      }
    }
  }

  private forgetOldPublished(now: number): void {
    for (const [id, at] of this.published) {
      if (now - at < REMEMBER_PUBLISHED_MS) break;
      this.published.delete(id);
    }
  }

  private failedSet(store: OutboxStore): Set<string> {
    const ids = this.failed.get(store) ?? new Set<string>();
    this.failed.set(store, ids);
    return ids;
  }

  private markFailed(store: OutboxStore, saved: SavedOutbox): void {
    this.failedSet(store).add(saved.documentId);
    const since = this.failedSince.get(store) ?? new Map<string, number>();
    since.set(saved.documentId, Math.min(since.get(saved.documentId) ?? Infinity, oldestEventTime(saved.entries)));
    this.failedSince.set(store, since);
  }

  /** Failed saves are retried with a growing pause. */
  private scheduleRetry(): void {
    if (this.retryTimer || this.stopped) return;
    this.retryDelayMs = Math.min(Math.max(250, this.retryDelayMs * 2), MAX_RETRY_DELAY_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.retryFailed();
    }, this.retryDelayMs);
    this.retryTimer.unref?.();
  }

  private async retryFailed(): Promise<void> {
    try {
      for (const [store, ids] of this.failed) {
        for (const documentIds of chunks([...ids], this.settings.batchSize)) {
          await this.publishClaimed(store, { documentIds });
          for (const id of documentIds) {
            ids.delete(id);
            this.failedSince.get(store)?.delete(id);
          }
        }
      }
      this.retryDelayMs = 0;
    } catch (error) {
      this.logger.warn(`outbox retry failed, will retry: ${(error as Error).message}`);
      this.scheduleRetry();
    }
  }

  private sweepSoon(onlyOld: boolean): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.sweepUntilQuiet(onlyOld).finally(() => (this.running = undefined));
  }

  private async sweepUntilQuiet(onlyOld: boolean): Promise<void> {
    let found = 0;
    try {
      do {
        this.again = false;
        found += await this.sweep(onlyOld);
      } while (this.again && !this.stopped);
    } catch (error) {
      this.logger.warn(`outbox sweep failed, will retry: ${(error as Error).message}`);
      found = 1;
    }
    // Idle is idle: sweeps that find nothing space out; one that found (or failed) keeps the pace.
    const base = this.settings.pollIntervalMs;
    this.sweepPauseMs = found ? base : Math.min(Math.max(base, this.sweepPauseMs * 2), base * IDLE_SWEEP_FACTOR);
    this.planSweep();
  }

  /** Plans the next periodic sweep after the current pause, unless one is planned. */
  private planSweep(): void {
    if (this.stopped || this.timer || this.settings.pollIntervalMs <= 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.nudge();
    }, this.sweepPauseMs);
    this.timer.unref?.();
  }

  /** Something may be left in an outbox (an acknowledgement failed): the next sweep comes after the usual interval. */
  private sweepAtUsualPace(): void {
    this.sweepPauseMs = this.settings.pollIntervalMs;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.planSweep();
  }

  /** One sweep of every store; resolves with how many documents it claimed. */
  private async sweep(onlyOld: boolean): Promise<number> {
    const pendingBefore = onlyOld ? new Date(Date.now() - (this.settings.sweepGraceMs ?? 10_000)) : undefined;
    let claimed = 0;
    for (const store of this.stores) {
      let batch: number;
      do {
        batch = await this.publishClaimed(store, { pendingBefore });
        claimed += batch;
      } while (batch === this.settings.batchSize);
    }
    this.sweepLeftBehind = 0;
    this.sweepLeftBehindSince = undefined;
    return claimed;
  }

  /** Claims, publishes and acknowledges one batch of documents; resolves with how many were claimed. */
  private async publishClaimed(store: OutboxStore, options: Parameters<OutboxStore['claim']>[2]): Promise<number> {
    const claimed = await store.claim(this.settings.batchSize, this.settings.leaseMs, options);
    if (!claimed.length) return 0;
    const entries = claimed.flatMap((doc) => doc.entries);
    try {
      await this.publisher.publish(entries);
    } catch (error) {
      this.sweepLeftBehind = Math.max(this.sweepLeftBehind, entries.length);
      this.sweepLeftBehindSince = Math.min(this.sweepLeftBehindSince ?? Infinity, oldestEventTime(entries));
      await store.release(claimed.map((doc) => doc.documentId)).catch(() => undefined);
      throw error;
    }
    const now = Date.now();
    for (const entry of entries) this.published.set(entry.envelope.id, now);
    await store.acknowledge(claimed.map((doc) => ({ documentId: doc.documentId, entryIds: doc.entries.map((e) => e.envelope.id) })));
    return claimed.length;
  }
}

/** When the oldest of these events happened (ms); Infinity for none or unreadable times. */
function oldestEventTime(entries: OutboxEntry[]): number {
  let oldest = Infinity;
  for (const entry of entries) {
    const time = Date.parse(entry.envelope.time);
    if (Number.isFinite(time)) oldest = Math.min(oldest, time);
  }
  return oldest;
}

/**
 * Several saves of one document acknowledged together become one acknowledgement: the newest
 * save's version and drained state, with every save's entries. Acknowledged one by one, an older
 * save's guarded write would miss (the document has moved on) and cost a second write.
 */
export function oneAcknowledgementPerDocument(saves: PublishedSave[]): PublishedSave[] {
  const byDocument = new Map<string, PublishedSave>();
  for (const save of saves) {
    const earlier = byDocument.get(save.documentId);
    const newest = earlier && earlier.version > save.version ? earlier : save;
    byDocument.set(save.documentId, earlier ? { ...newest, entryIds: [...earlier.entryIds, ...save.entryIds] } : save);
  }
  return [...byDocument.values()];
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}
