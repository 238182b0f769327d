/**
 * Runs tasks concurrently, at most `limit` at once, while tasks of the same key run one after
 * another in the order they were scheduled. Kafka promises order per key, not per partition:
 * this lets one partition's messages for different aggregates be handled side by side.
 */
export class KeyedConcurrency {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly running = new Set<Promise<void>>();
  private failure?: { error: unknown };
  private readonly failedKeys = new Set<string>();

  constructor(private readonly limit: number) {}

  /** Resolves once the task is scheduled (a slot was free); the task itself may still be running. */
  async schedule(key: string, task: () => Promise<void>): Promise<void> {
    while (this.running.size >= Math.max(1, this.limit)) await Promise.race(this.running);
    // After a failure, later tasks of the same key are skipped: they run again, in order, with it.
    const run = (this.tails.get(key) ?? Promise.resolve())
      .then(() => (this.failedKeys.has(key) ? undefined : task()))
      .catch((error: unknown) => {
        this.failedKeys.add(key);
        this.failure ??= { error };
      });
    const tracked: Promise<void> = run.finally(() => {
      this.running.delete(tracked);
      if (this.tails.get(key) === run) this.tails.delete(key);
    });
    this.running.add(tracked);
    this.tails.set(key, run);
  }

  /** Waits for every scheduled task; rejects with the first failure, if any. */
  async settled(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
    if (this.failure) throw this.failure.error;
  }
}
