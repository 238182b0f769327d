import { Logger } from '@nestjs/common';

/**
 * Background work every service runs the same way (deadline scans, reconciliations): a pass
 * every interval, never two passes at once, a failed pass logged and the next one tried, and on
 * shutdown no new pass while the one in flight finishes before the store closes.
 */
export class PeriodicTask<R> {
  private timer?: NodeJS.Timeout;
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
  start(intervalMs: number, { immediately = false } = {}): void {
    if (intervalMs <= 0 || this.timer) return;
    this.halted = false;
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
    if (immediately) void this.tick();
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
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  private passEnded(): void {
    this.running = undefined;
    this.completed += 1;
    const due = this.waiters.filter((w) => w.target <= this.completed);
    this.waiters = this.waiters.filter((w) => w.target > this.completed);
    for (const waiter of due) waiter.resolve();
  }

  private async tick(): Promise<void> {
    if (this.running || this.halted) return;
    try {
      const result = await this.runOnce();
      this.report?.(result);
    } catch (error) {
      this.logger.error(`${this.name} failed: ${(error as Error).message}`);
    }
  }
}
