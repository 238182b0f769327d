import { setTimeout as delay } from 'node:timers/promises';

export interface EventuallyOptions {
  /** Give up after this long, with the last failure; default 20 s. */
  timeoutMs?: number;
  /** Pause between attempts; default 50 ms. */
  intervalMs?: number;
}

/**
 * Retries `attempt` until it returns without throwing (typically a few `expect`s on state read
 * from the store or an API) and returns its result; after `timeoutMs` it throws the last failure.
 * The way component tests wait for an observable condition, instead of sleeping a fixed time.
 */
export async function eventually<T>(attempt: () => T | Promise<T>, { timeoutMs = 20_000, intervalMs = 50 }: EventuallyOptions = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() >= deadline) {
        if (error instanceof Error) error.message = `still failing after ${timeoutMs} ms: ${error.message}`;
        throw error;
      }
    }
    await delay(intervalMs);
  }
}
