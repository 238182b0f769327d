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

/** Gives the consumers of one group the group's current fetch wait, under their member ids. */
export class PollWaits {
  private readonly members = new Map<Consumer, string>();

  constructor(private readonly wait: () => number) {}

  /** From its (next) join on, the consumer's fetches wait as `wait()` says. */
  follow(consumer: Consumer): void {
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.forget(consumer);
      this.members.set(consumer, payload.memberId);
      setPollWait(payload.memberId, this.wait);
    });
  }

  /**
   * kafkajs has been told to stop the consumer and waits for its fetch in flight: one that may
   * wait longer than the usual 3 s (an idle group's) ends at once instead.
   */
  async endIdleFetch(consumer: Consumer): Promise<void> {
    const memberId = this.members.get(consumer);
    if (memberId !== undefined) await endLongFetch(memberId, FETCH_WAIT_MS);
  }

  /** The consumer is stopping: its member id is no longer asked for. */
  forget(consumer: Consumer): void {
    const memberId = this.members.get(consumer);
    if (memberId === undefined) return;
    clearPollWait(memberId);
    this.members.delete(consumer);
  }
}
