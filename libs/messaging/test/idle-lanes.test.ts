import { randomUUID } from 'node:crypto';
import { KafkaClient, TopicNames, type GroupConsumer } from '../src';
import { THINGS, brokers, quiet, sendThings, startThingsGroup, until } from './support/things';
const IDLE_AFTER_MS = 3_000;

/**
 * ADR 0049: a group idle for a while runs one lane; the next messages start the others again.
 * Across both changes (and the rebalances they cause) every message is handled: none is skipped.
 */
describe('a consumer group whose lanes stop while idle, against the broker', () => {
  const prefix = `t.${randomUUID()}.`;
  const names = new TopicNames(prefix, 'orders', 'main');
  const client = new KafkaClient('idle-lanes-test', brokers, quiet);
  const handled = new Set<string>();
  let group: GroupConsumer;

  beforeAll(async () => {
    await client.ensureTopics([{ name: names.physical(THINGS), partitions: 3 }]);
    group = await startThingsGroup(client, names, { lanes: 3, partitionsOf: () => 3, idleAfterMs: IDLE_AFTER_MS }, handled);
  }, 60_000);

  afterAll(async () => {
    await group.stop();
    await client.close();
  });

  const send = (count: number) => sendThings(client, names, count);

  it('starts with one lane, and a burst starts all three; every message is handled', async () => {
    expect(group.runningLanes).toBe(1);
    const ids = await send(60);
    await until(() => group.runningLanes === 3, 'the other lanes started');
    await until(() => ids.every((id) => handled.has(id)), 'the burst handled');
  }, 60_000);

  it('stops the other lanes once idle, and starts them again with the next burst; nothing is skipped across', async () => {
    await until(() => group.runningLanes === 1, 'the other lanes stopped');
    const ids = await send(60);
    await until(() => ids.every((id) => handled.has(id)), 'the next burst handled');
    await until(() => group.runningLanes === 3, 'the other lanes started again');
    const more = await send(30);
    await until(() => more.every((id) => handled.has(id)), 'the messages sent while they joined handled');
  }, 90_000);
});
