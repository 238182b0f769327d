/**
 * The queue beneath group commit (ADR 0053): requests added in the same turn of the event loop —
 * or while the previous batch is being sent — go to `send` together, one batch at a time, each of
 * at most `maxSize` (by `sizeOf`; a request is never split, a larger one goes alone). `send`
 * settles every request of its batch itself and does not throw (a throw would leave them
 * unsettled: it surfaces as an unhandled rejection, and the next request starts a new queue).
 */
export class MomentBatches<R> {
  private queued: R[] = [];
  private sending: Promise<void> | null = null;

  constructor(
    private readonly send: (batch: R[]) => Promise<void>,
    private readonly maxSize: number,
    private readonly sizeOf: (request: R) => number = () => 1,
  ) {}

  add(request: R): void {
    this.queued.push(request);
    this.sending ??= this.sendQueued();
  }

  private async sendQueued(): Promise<void> {
    try {
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (this.queued.length) await this.send(this.takeBatch());
    } finally {
      this.sending = null;
    }
  }

  private takeBatch(): R[] {
    let size = 0;
    let count = 0;
    while (count < this.queued.length) {
      const next = this.sizeOf(this.queued[count]);
      if (count > 0 && size + next > this.maxSize) break;
      size += next;
      count += 1;
    }
    return this.queued.splice(0, count);
  }
}
