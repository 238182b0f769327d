import { Logger } from '@nestjs/common';

/** A woken pass waits at least this long: the write that announced the work is usually done by then. */
export const WAKE_GRACE_MS = 200;

/** Longest pause after passes that found nothing, by default: 12 intervals, at most a minute. */
export function defaultIdleMaxMs(intervalMs: number): number {
  return Math.max(intervalMs, Math.min(12 * intervalMs, 60_000));
}

export interface IdleBackoff<R> {
  /** Whether a pass found nothing to do: the pause before the next one doubles. */
  when: (result: R) => boolean;
  /** The longest pause (default `defaultIdleMaxMs(interval)`). */
  maxMs?: number;
}

/**
 * Background work every service runs the same way (deadline scans, reconciliations): a pass
 * every interval, never two passes at once, a failed pass logged and the next one tried, and on
 * shutdown no new pass while the one in flight finishes before the store closes.
 *
 * Idle is idle (ADR 0045): with `idle`, the pause after a pass that found nothing doubles, up to
 * `idle.maxMs`; a pass that found work brings it back to the interval. `wakeAt` is the in-process
 * signal of the code that creates work (a save that schedules due work): a pass runs at that
 * instant if none is planned sooner, and the pause after it starts again from the interval, so
 * work whose write was not yet visible to that pass is found at the usual pace.
 */
export class PeriodicTask<R> {
  private timer?: NodeJS.Timeout;
  /** When the planned pass runs (epoch ms); Infinity: none planned. */
  private nextAt = Infinity;
  private intervalMs = 0;
  private pauseMs = 0;
  private idle?: Required<IdleBackoff<R>>;
  private woken = false;
  /** When the last timed pass ended (or the task started), epoch ms. */
  private lastTimedAt = 0;
  private running?: Promise<R>;
  private halted = false;
  private completed = 0;
  private waiters: Array<{ target: number; resolve: () => void }> = [];
  private readonly logger: Logger;

  constructor(
    private readonly name: string,
    private readonly pass: (now: Date) => Promise<R>,
    private readonly report?: (result: R) => void,
  ) {
    this.logger = new Logger(name);
  }

  /** Runs a pass every `intervalMs` (0: never; `runOnce` still works), the first one at once if asked. */
  start(intervalMs: number, { immediately = false, idle }: { immediately?: boolean; idle?: IdleBackoff<R> } = {}): void {
    if (intervalMs <= 0 || this.intervalMs) return;
    this.halted = false;
    this.intervalMs = intervalMs;
    this.pauseMs = intervalMs;
    this.idle = idle && { when: idle.when, maxMs: Math.max(intervalMs, idle.maxMs ?? defaultIdleMaxMs(intervalMs)) };
    this.lastTimedAt = Date.now();
    this.planAt(Date.now() + (immediately ? 0 : intervalMs));
  }

  /**
   * Work is due at `at`: a pass runs then, unless one is planned sooner — but never sooner than an
   * interval after the last timed pass (work is handled within one interval of being due, as with
   * passes at a fixed interval, and a task given a long interval runs no extra pass), nor than
   * WAKE_GRACE_MS from now, because the signal comes just before the write that creates the work
   * (intent first). Before `start`: nothing.
   */
  wakeAt(at: Date): void {
    if (!this.intervalMs || this.halted) return;
    if (this.planAt(Math.max(Date.now() + WAKE_GRACE_MS, at.getTime(), this.lastTimedAt + this.intervalMs))) this.woken = true;
  }

  /** The pause before the next pass (tests, logs). */
  get currentPauseMs(): number {
    return this.pauseMs;
  }

  /** One pass now; while one is running, that one's result. */
  runOnce(now: Date = new Date()): Promise<R> {
    this.running ??= this.pass(now).finally(() => this.passEnded());
    return this.running;
  }

  /** Passes finished so far (failed ones too), by the timer or `runOnce`. */
  get passes(): number {
    return this.completed;
  }

  /**
   * Resolves once `count` more passes have finished. Tests that check that nothing happened wait
   * on this instead of a fixed sleep: after two more passes, at least one started after the call.
   */
  afterPasses(count: number): Promise<void> {
    const target = this.completed + count;
    return new Promise((resolve) => this.waiters.push({ target, resolve }));
  }

  /** True once shutdown began: long passes check it between items and stop early. */
  get stopped(): boolean {
    return this.halted;
  }

  async stop(): Promise<void> {
    this.halted = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.nextAt = Infinity;
    this.intervalMs = 0;
    await this.running?.catch(() => undefined);
  }

  private passEnded(): void {
    this.running = undefined;
    this.completed += 1;
    const due = this.waiters.filter((w) => w.target <= this.completed);
    this.waiters = this.waiters.filter((w) => w.target > this.completed);
    for (const waiter of due) waiter.resolve();
  }

  /** Plans the next pass at `at` unless one is planned sooner; true when it moved the plan. */
  private planAt(at: number): boolean {
    if (this.halted || at >= this.nextAt) return false;
    if (this.timer) clearTimeout(this.timer);
    this.nextAt = at;
    this.timer = setTimeout(() => void this.tick(), Math.max(0, at - Date.now()));
    this.timer.unref();
    return true;
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    this.nextAt = Infinity;
    const woken = this.woken;
    this.woken = false;
    let idle = false;
    // A pass started by `runOnce` may have begun before the work this tick is for was written.
    await this.running?.catch(() => undefined);
    if (this.halted) return;
    try {
      const result = await this.runOnce();
      this.report?.(result);
      idle = this.idle?.when(result) ?? false;
    } catch (error) {
      this.logger.error(`${this.name} failed: ${(error as Error).message}`);
    }
    if (this.halted) return;
    this.lastTimedAt = Date.now();
    this.pauseMs = idle && !woken && this.idle ? Math.min(this.pauseMs * 2, this.idle.maxMs) : this.intervalMs;
    this.planAt(Date.now() + this.pauseMs);
  }
}
