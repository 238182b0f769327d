import type { Consumer } from 'kafkajs';
import { clearPollWait, endLongFetch, setPollWait } from './kafkajs-poll-wait';

/** How long a fetch of ours waits at the broker while messages come (kafkajs's `maxWaitTimeInMs`). */
export const FETCH_WAIT_MS = 3_000;

export interface IdlePollSettings {
  /** A group that has found nothing for this long runs its first lane only (ADR 0049). */
  idleAfterMs?: number;
  /**
   * A group that has found nothing for twice `idleAfterMs` waits up to this long per fetch instead
   * of `FETCH_WAIT_MS` (ADR 0051): a fetch and a heartbeat per wait is what an idle consumer costs.
   * Twice, so the rebalance that stopped the other lanes is over before a member waits longer.
   * Unset, 0 or less than `FETCH_WAIT_MS`: always `FETCH_WAIT_MS`.
   */
  idlePollMs?: number;
}

/** The wait of a group's next fetch, given how long it has found nothing. */
export function fetchWait(settings: IdlePollSettings, idleForMs: number): number {
  const idleAfterMs = settings.idleAfterMs ?? 0;
  const idlePollMs = settings.idlePollMs ?? 0;
  if (idleAfterMs <= 0 || idlePollMs <= FETCH_WAIT_MS) return FETCH_WAIT_MS;
  return idleForMs >= 2 * idleAfterMs ? idlePollMs : FETCH_WAIT_MS;
}

/**
 * How long one group's consumers have found nothing, and the wait of their fetches that follows
 * from it, given to kafkajs under each consumer's member id. Also how they leave: a stop must end
 * an idle fetch, or the consumer would wait for it before leaving its group.
 */
export class PollWaits {
  private readonly members = new Map<Consumer, string>();
  private readonly leaving = new Set<Consumer>();
  private lastActiveAt = Date.now();
  private handlingNow = 0;

  constructor(private readonly settings: IdlePollSettings) {}

  /** The consumers had news (they started, or messages arrived): idle time counts from now. */
  active(): void {
    this.lastActiveAt = Date.now();
  }

  /** Runs the handling of fetched messages; the consumers are not idle until it has ended. */
  async handling<T>(work: () => Promise<T>): Promise<T> {
    this.handlingNow += 1;
    try {
      return await work();
    } finally {
      this.handlingNow -= 1;
      this.lastActiveAt = Date.now();
    }
  }

  /** Time since the consumers last handled anything; 0 while they handle messages. */
  idleForMs(): number {
    return this.handlingNow > 0 ? 0 : Date.now() - this.lastActiveAt;
  }

  /** The wait of the consumers' next fetch: the usual one while busy, the idle poll after a while. */
  wait(): number {
    return this.handlingNow > 0 ? FETCH_WAIT_MS : fetchWait(this.settings, this.idleForMs());
  }

  /** From its (next) join on, the consumer's fetches wait as `wait()` says. */
  follow(consumer: Consumer): void {
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.forget(consumer);
      this.members.set(consumer, payload.memberId);
      // A fetch that begins while its consumer leaves (e.g. after a rejoin) is not ended by
      // `leave`: it waits no longer than usual.
      setPollWait(payload.memberId, () => (this.leaving.has(consumer) ? FETCH_WAIT_MS : this.wait()));
    });
  }

  /**
   * Disconnects the consumers. kafkajs lets one leave its group once its fetch in flight has
   * ended: one that may wait longer than the usual 3 s (an idle group's) is ended at once.
   */
  async leave(consumers: Consumer[]): Promise<void> {
    consumers.forEach((consumer) => this.leaving.add(consumer));
    const disconnected = Promise.allSettled(consumers.map((consumer) => consumer.disconnect()));
    await Promise.allSettled(consumers.map((consumer) => this.endIdleFetch(consumer)));
    await disconnected;
    consumers.forEach((consumer) => {
      this.forget(consumer);
      this.leaving.delete(consumer);
    });
  }

  private async endIdleFetch(consumer: Consumer): Promise<void> {
    const memberId = this.members.get(consumer);
    if (memberId !== undefined) await endLongFetch(memberId, FETCH_WAIT_MS);
  }

  /** The consumer has left: its member id is no longer asked for. */
  private forget(consumer: Consumer): void {
    const memberId = this.members.get(consumer);
    if (memberId === undefined) return;
    clearPollWait(memberId);
    this.members.delete(consumer);
  }
}
