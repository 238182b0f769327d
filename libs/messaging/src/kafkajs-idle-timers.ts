/**
 * Two timers of kafkajs 2.2.4 (the last release) keep an idle service busy.
 *
 * 1. It re-arms a timer of 1 ms or less for ever in every connection's
 * request queue once the connection has carried one request, even with nothing pending and no
 * broker throttle (kafkajs issues #1556 and #1704; the fix of PR #1667 was never released). An
 * idle service with a dozen consumers woke up ~1,600 times a second and used 6 % of a core doing
 * nothing. The check is only needed while requests wait or a throttle runs out, which is what
 * this keeps.
 * 2. Every connection checks its in-flight requests for a timeout every 100 ms (a dozen
 * connections: another ~200 wake-ups a second). Requests time out after 30 s here; a check a
 * second finds a timed-out request at most a second late.
 * Everything else in the queue is kafkajs's own code.
 */
interface RequestQueueInternals {
  pending: unknown[];
  inflight: Map<number, { sentAt: number; requestTimeout: number; timeoutRequest(): void }>;
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  enforceRequestTimeout: boolean;
  requestTimeout: number;
  requestTimeoutIntervalId?: NodeJS.Timeout;
  isConnected(): boolean;
  destroy(): void;
  scheduleCheckPendingRequests(): void;
  scheduleRequestTimeoutCheck(): void;
}

/** How often a connection looks for timed-out requests (kafkajs: every 100 ms). */
export const REQUEST_TIMEOUT_CHECK_MS = 1_000;

const PATCHED = Symbol.for('aftercare.kafkajs.idle-loop-fix');

export function withoutIdleTimers(requestQueue: { prototype: RequestQueueInternals }): void {
  const prototype = requestQueue.prototype as RequestQueueInternals & { [PATCHED]?: true };
  if (prototype[PATCHED]) return;
  const original = prototype.scheduleCheckPendingRequests;
  prototype.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(this: RequestQueueInternals) {
    const throttled = this.throttledUntil > Date.now();
    if (this.pending.length === 0 && !throttled) return;
    original.call(this);
  };
  prototype.scheduleRequestTimeoutCheck = function scheduleRequestTimeoutCheck(this: RequestQueueInternals) {
    if (!this.enforceRequestTimeout) return;
    this.destroy();
    this.requestTimeoutIntervalId = setInterval(() => {
      this.inflight.forEach((request) => {
        if (Date.now() - request.sentAt > request.requestTimeout) request.timeoutRequest();
      });
      if (!this.isConnected()) this.destroy();
    }, Math.min(this.requestTimeout, REQUEST_TIMEOUT_CHECK_MS));
  };
  prototype[PATCHED] = true;
}

// kafkajs ships no types for its internals.
withoutIdleTimers(require('kafkajs/src/network/requestQueue') as { prototype: RequestQueueInternals });
