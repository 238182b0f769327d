import { randomUUID } from 'node:crypto';
import { KafkaClient, TopicNames, type GroupConsumer } from '../src';
import { FETCH_WAIT_MS } from '../src/idle-polls';
import { pollWaitMembers } from '../src/kafkajs-poll-wait';
import { THINGS, brokers, quiet, sendThings, startThingsGroup, until } from './support/things';
const IDLE_AFTER_MS = 1_000;
const IDLE_POLL_MS = 6_000;

// kafkajs ships no types for its internals. Wrapped around the patched fetch, this sees the wait
// kafkajs sent and how long the broker held the fetch.
type Fetching = { groupId: string; maxWaitTime: number; fetch(nodeId: number): Promise<unknown[]> };
const ConsumerGroup = require('kafkajs/src/consumer/consumerGroup') as { prototype: Fetching };
const patchedFetch = ConsumerGroup.prototype.fetch;
const fetches: Array<{ groupId: string; wait: number; heldMs: number; at: number; error?: string }> = [];

/**
 * ADR 0051: a group that has found nothing for twice its idle time waits longer per fetch, at the
 * broker; the next message is handled all the same and the usual wait comes back with it.
 */
describe('a consumer group whose fetches wait longer while idle, against the broker', () => {
  const prefix = `t.${randomUUID()}.`;
  const names = new TopicNames(prefix, 'orders', 'main');
  const client = new KafkaClient('idle-polls-test', brokers, quiet);
  const handled = new Set<string>();
  let group: GroupConsumer;

  beforeAll(async () => {
    ConsumerGroup.prototype.fetch = async function fetch(this: Fetching, nodeId: number) {
      const started = Date.now();
      try {
        const batches = await patchedFetch.call(this, nodeId);
        fetches.push({ groupId: this.groupId, wait: this.maxWaitTime, heldMs: Date.now() - started, at: Date.now() });
        return batches;
      } catch (error) {
        fetches.push({ groupId: this.groupId, wait: this.maxWaitTime, heldMs: Date.now() - started, at: Date.now(), error: (error as Error).message });
        throw error;
      }
    };
    await client.ensureTopics([{ name: names.physical(THINGS), partitions: 1 }]);
    group = await startThingsGroup(client, names, { partitionsOf: () => 1, idleAfterMs: IDLE_AFTER_MS, idlePollMs: IDLE_POLL_MS }, handled);
  }, 60_000);

  afterAll(async () => {
    ConsumerGroup.prototype.fetch = patchedFetch;
    await client.close();
  });

  const ours = () => fetches.filter((f) => f.groupId === names.groupId);

  const send = async () => (await sendThings(client, names, 1))[0];

  it('waits the usual 3 s per fetch at first, and the idle poll once idle; the broker holds an empty fetch that long', async () => {
    await until(() => ours().some((f) => f.wait === IDLE_POLL_MS), 'a fetch with the idle wait');
    expect(ours()[0]?.wait).toBe(FETCH_WAIT_MS);
    const idle = ours().find((f) => f.wait === IDLE_POLL_MS)!;
    // an empty fetch ends when its wait is over, not before (a lower bound: load only lengthens it)
    expect(idle.heldMs).toBeGreaterThanOrEqual(IDLE_POLL_MS - 500);
  }, 60_000);

  it('handles a message sent during an idle fetch, and fetches with the usual wait after it', async () => {
    await until(() => ours().at(-1)?.wait === IDLE_POLL_MS, 'fetching with the idle wait');
    const sentAt = Date.now();
    const id = await send();
    await until(() => handled.has(id), 'the message handled');
    await until(() => ours().some((f) => f.at > sentAt && f.wait === FETCH_WAIT_MS), 'a fetch with the usual wait after the message');
  }, 60_000);

  it('stops while idle without waiting out the idle fetch in flight, leaves its group, and no member id behind', async () => {
    await until(() => ours().at(-1)?.wait === IDLE_POLL_MS, 'idle again');
    const before = ours().length;
    await group.stop();
    // the stop ended the idle fetch then in flight, instead of waiting for the broker to end it
    expect(ours().slice(before)).toEqual([expect.objectContaining({ wait: IDLE_POLL_MS, error: 'fetch ended early: the consumer is stopping' })]);
    expect(pollWaitMembers()).toEqual([]);
    const admin = await client.admin();
    const { groups } = await admin.describeGroups([names.groupId]);
    expect(groups[0]).toEqual(expect.objectContaining({ state: 'Empty', members: [] }));
  }, 60_000);
});
