import { EventEmitter } from 'node:events';
import { REQUEST_TIMEOUT_CHECK_MS } from './kafkajs-idle-timers';

// kafkajs ships no types for its internals.
const RequestQueue = require('kafkajs/src/network/requestQueue') as new (options: Record<string, unknown>) => EventEmitter & {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  inflight: Map<number, { sentAt: number; requestTimeout: number; timeoutRequest(): void }>;
  scheduleCheckPendingRequests(): void;
  scheduleRequestTimeoutCheck(): void;
  destroy(): void;
};

const quietLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const queue = () =>
  new RequestQueue({
    instrumentationEmitter: new EventEmitter(),
    maxInFlightRequests: 1,
    requestTimeout: 30_000,
    enforceRequestTimeout: true,
    clientId: 'test',
    broker: 'localhost:9092',
    logger: { namespace: () => quietLogger },
    isConnected: () => true,
  });

describe('the kafkajs request queue without its idle timers', () => {
  afterEach(() => jest.useRealTimers());

  it('looks for timed-out requests once a second, and still times them out', () => {
    jest.useFakeTimers();
    const q = queue();
    const timedOut = jest.fn();
    q.inflight.set(1, { sentAt: Date.now(), requestTimeout: 2_500, timeoutRequest: timedOut });
    q.scheduleRequestTimeoutCheck();
    jest.advanceTimersByTime(REQUEST_TIMEOUT_CHECK_MS * 2);
    expect(timedOut).not.toHaveBeenCalled();
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(REQUEST_TIMEOUT_CHECK_MS);
    expect(timedOut).toHaveBeenCalled();
    q.inflight.clear();
    q.destroy();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('arms no timer when nothing is pending and no throttle runs', () => {
    const q = queue();
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).toBeNull();
    q.destroy();
  });

  it('still checks again later while requests are pending', () => {
    const q = queue();
    q.pending.push({});
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).not.toBeNull();
    q.pending.length = 0;
    q.destroy();
  });

  it('still checks again when a broker throttle runs out', () => {
    const q = queue();
    q.throttledUntil = Date.now() + 5_000;
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).not.toBeNull();
    q.destroy();
  });
});
