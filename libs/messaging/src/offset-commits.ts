import type { Consumer, EachBatchPayload } from 'kafkajs';

/** How a lane's resolved offsets are committed: kafkajs's own view of them, from a fetched batch. */
export type LaneOffsets = Pick<EachBatchPayload, 'uncommittedOffsets' | 'commitOffsetsIfNecessary'>;

/** A lane's handled messages are committed within this long by default (ADR 0055). */
export const DEFAULT_COMMIT_INTERVAL_MS = 1_000;

/**
 * Commits the offsets a group's lanes resolved on a clock instead of after every fetched batch
 * (ADR 0055). kafkajs commits after each batch of each partition: at everyday loads a batch is one
 * message, so every message cost a commit request (and a write to the broker's offsets log) besides
 * its fetch. Here a lane that resolved offsets commits them once `intervalMs` has passed; no timer
 * runs while nothing was resolved. A crash redelivers at most that much of what was handled —
 * the handlers are idempotent, as they must be for any redelivery. A lane that stops or loses its
 * partitions commits first (`commitNow`, `flush`).
 */
export class OffsetCommits {
  private readonly pending = new Map<Consumer, LaneOffsets>();
  private timer?: NodeJS.Timeout;
  /** Until then every batch commits at once: the group's members are changing. */
  private atOnceUntil = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly onFailure: (error: Error) => void,
  ) {}

  /**
   * The group's members change (its lanes start, or one of them joined): for `ms` every batch
   * commits at once, as kafkajs would. A lane learns of a rebalance only from its next heartbeat
   * and rejoins where the group committed; what it handled meanwhile and had not committed yet
   * would be read again by whichever lane gets the partition (ADR 0055).
   */
  commitAtOnceFor(ms: number): void {
    this.atOnceUntil = Math.max(this.atOnceUntil, Date.now() + ms);
  }

  /** The lane resolved offsets: committed with the next tick, or now without an interval or while members change. */
  async resolved(lane: Consumer, offsets: LaneOffsets): Promise<void> {
    if (this.intervalMs <= 0 || Date.now() < this.atOnceUntil) return this.commitNow(offsets);
    this.pending.set(lane, offsets);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Commits what these lanes (all when none named) resolved and did not commit yet. */
  async flush(lanes?: Consumer[]): Promise<void> {
    const due = [...this.pending].filter(([lane]) => !lanes || lanes.includes(lane));
    for (const [lane] of due) this.pending.delete(lane);
    await Promise.all(due.map(([, offsets]) => this.commitNow(offsets)));
  }

  /** The lanes have left their group: nothing of theirs is committed any more. */
  forget(lanes: Consumer[]): void {
    for (const lane of lanes) this.pending.delete(lane);
  }

  /** Stops the clock; what is still pending is dropped (redelivered to the next member). */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * Commits the lane's uncommitted offsets at once. A failure (a rebalance under way, the broker
   * gone) is reported and not retried: the offsets are committed with the lane's next batch, or
   * their messages are redelivered — never lost.
   */
  async commitNow(offsets: LaneOffsets): Promise<void> {
    try {
      const uncommitted = offsets.uncommittedOffsets();
      if (uncommitted.topics.length) await offsets.commitOffsetsIfNecessary(uncommitted);
    } catch (error) {
      this.onFailure(error as Error);
    }
  }
}
