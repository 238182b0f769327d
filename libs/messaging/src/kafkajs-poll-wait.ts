import { KafkaJSConnectionError } from 'kafkajs';

/**
 * kafkajs fixes how long a consumer's fetch may wait at the broker (`maxWaitTimeInMs`) when the
 * consumer is created. Idle, that wait is what a consumer costs: a fetch and a heartbeat per wait,
 * in the process and at the broker. A fetch returns as soon as a message arrives, so a longer wait
 * adds no latency to a message; it lengthens a rebalance of an idle group (ADR 0051).
 *
 * This lets a group member's wait change while it runs: before each fetch kafkajs 2.2.4's consumer
 * group asks the function registered for its member id, if any. And since kafkajs lets a stopping
 * consumer leave only once its fetch in flight has ended, a stop can end a long fetch at once
 * (`endLongFetch`). Everything else is kafkajs's code.
 */
interface ConnectionInternals {
  requestQueue: { inflight: Map<number, unknown> };
  rejectRequests(error: Error): void;
}

interface ConsumerGroupInternals {
  memberId: string | null;
  maxWaitTime: number;
  cluster: { findBroker(broker: { nodeId: number }): Promise<{ connectionPool: { pool: ConnectionInternals[] } }> };
  fetch(nodeId: number): Promise<unknown[]>;
}

/** kafkajs's connection pool of a broker sends fetches on its second connection, and nothing else. */
export const FETCH_CONNECTION = 1;

export type PollWait = () => number;

const waits = new Map<string, PollWait>();
/** The fetch each member has in flight: its consumer group, the broker it went to, how long it may wait. */
const fetching = new Map<string, { group: ConsumerGroupInternals; nodeId: number; wait: number }>();

/** From its next fetch on, the member `memberId` waits as long as `wait()` says. */
export function setPollWait(memberId: string, wait: PollWait): void {
  waits.set(memberId, wait);
}

export function clearPollWait(memberId: string): void {
  waits.delete(memberId);
}

/** Members with a registered wait (tests: none is left behind). */
export function pollWaitMembers(): string[] {
  return [...waits.keys()];
}

/** The wait the member's next fetch would use, if one is registered (tests). */
export function pollWaitOf(memberId: string): number | undefined {
  return waits.get(memberId)?.();
}

/**
 * Ends the member's fetch in flight if it may wait longer than `longerThanMs`, as a lost
 * connection would for that one request (kafkajs retries it, and finds its consumer stopping).
 * Call it once kafkajs has been told to stop the consumer. Resolves whether it ended one. A fetch
 * can take a while before its request leaves (after a rejoin kafkajs first refreshes metadata and
 * offsets): it is waited for as long as it could wait at the broker.
 */
export async function endLongFetch(memberId: string, longerThanMs: number): Promise<boolean> {
  const entry = fetching.get(memberId);
  if (!entry || entry.wait <= longerThanMs) return false;
  const giveUpAt = Date.now() + entry.wait;
  while (fetching.get(memberId) === entry && Date.now() < giveUpAt) {
    const broker = await entry.group.cluster.findBroker({ nodeId: entry.nodeId });
    const connection = broker.connectionPool.pool[FETCH_CONNECTION];
    if (connection && connection.requestQueue.inflight.size > 0 && fetching.get(memberId) === entry) {
      connection.rejectRequests(new KafkaJSConnectionError('fetch ended early: the consumer is stopping'));
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

const PATCHED = Symbol.for('aftercare.kafkajs.poll-wait');

export function withPollWaits(consumerGroup: { prototype: ConsumerGroupInternals }): void {
  const prototype = consumerGroup.prototype as ConsumerGroupInternals & { [PATCHED]?: true };
  if (prototype[PATCHED]) return;
  const original = prototype.fetch;
  prototype.fetch = async function fetch(this: ConsumerGroupInternals, nodeId: number) {
    const memberId = this.memberId;
    const wait = memberId ? waits.get(memberId) : undefined;
    if (!memberId || !wait) return original.call(this, nodeId);
    this.maxWaitTime = wait();
    const entry = { group: this, nodeId, wait: this.maxWaitTime };
    fetching.set(memberId, entry);
    try {
      return await original.call(this, nodeId);
    } finally {
      if (fetching.get(memberId) === entry) fetching.delete(memberId);
    }
  };
  prototype[PATCHED] = true;
}

// kafkajs ships no types for its internals.
withPollWaits(require('kafkajs/src/consumer/consumerGroup') as { prototype: ConsumerGroupInternals });
