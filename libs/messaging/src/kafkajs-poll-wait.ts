/**
 * kafkajs fixes how long a consumer's fetch may wait at the broker (`maxWaitTimeInMs`) when the
 * consumer is created. Idle, that wait is what a consumer costs: a fetch and a heartbeat per wait,
 * in the process and at the broker. A fetch returns as soon as a message arrives, so a longer wait
 * adds no latency to a message; it lengthens a shutdown and a rebalance of an idle group (ADR 0051).
 *
 * This lets a group member's wait change while it runs: before each fetch kafkajs 2.2.4's consumer
 * group asks the function registered for its member id, if any. Everything else is kafkajs's code.
 */
interface ConsumerGroupInternals {
  memberId: string | null;
  maxWaitTime: number;
  fetch(nodeId: number): Promise<unknown[]>;
}

export type PollWait = () => number;

const waits = new Map<string, PollWait>();

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

const PATCHED = Symbol.for('aftercare.kafkajs.poll-wait');

export function withPollWaits(consumerGroup: { prototype: ConsumerGroupInternals }): void {
  const prototype = consumerGroup.prototype as ConsumerGroupInternals & { [PATCHED]?: true };
  if (prototype[PATCHED]) return;
  const original = prototype.fetch;
  prototype.fetch = function fetch(this: ConsumerGroupInternals, nodeId: number) {
    const wait = this.memberId ? waits.get(this.memberId) : undefined;
    if (wait) this.maxWaitTime = wait();
    return original.call(this, nodeId);
  };
  prototype[PATCHED] = true;
}

// kafkajs ships no types for its internals.
withPollWaits(require('kafkajs/src/consumer/consumerGroup') as { prototype: ConsumerGroupInternals });
