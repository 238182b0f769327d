import { randomUUID } from 'node:crypto';
import { KafkaClient, TopicNames, type GroupConsumer } from '../src';
import { THINGS, brokers, quiet, sendThings, startThingsGroup, until } from './support/things';

/** After a member joins, batches commit at once for 10 s (the other members may still rejoin). */
const MEMBERS_SETTLED_MS = 10_500;

/**
 * ADR 0055: a group commits its offsets on a clock, not after every fetched batch. What it handled
 * is committed while it runs, and before it leaves or its partitions move: the member that reads
 * on gets nothing twice.
 */
describe('a consumer group committing its offsets on a clock, against the broker', () => {
  const client = new KafkaClient('offset-commits-test', brokers, quiet);
  const running: GroupConsumer[] = [];

  afterEach(async () => {
    await Promise.all(running.splice(0).map((group) => group.stop()));
  });

  afterAll(() => client.close());

  async function topicOfThree(): Promise<TopicNames> {
    const names = new TopicNames(`t.${randomUUID()}.`, 'orders', 'main');
    await client.ensureTopics([{ name: names.physical(THINGS), partitions: 3 }]);
    return names;
  }

  /** A member of the group, joined and past the 10 s after a join in which every batch commits at once. */
  async function start(names: TopicNames, commitIntervalMs: number, handled: Set<string>): Promise<GroupConsumer> {
    const group = await startThingsGroup(client, names, { lanes: 1, partitionsOf: () => 3, commitIntervalMs }, handled);
    running.push(group);
    await new Promise((resolve) => setTimeout(resolve, MEMBERS_SETTLED_MS));
    return group;
  }

  async function committed(names: TopicNames): Promise<number> {
    const admin = await client.admin();
    const [topic] = await admin.fetchOffsets({ groupId: names.groupId, topics: [names.physical(THINGS)] });
    return topic.partitions.reduce((sum, { offset }) => sum + Math.max(0, Number(offset)), 0);
  }

  it('commits what it handled within the interval while it keeps running', async () => {
    const names = await topicOfThree();
    const handled = new Set<string>();
    await start(names, 500, handled);
    const ids = await sendThings(client, names, 30);
    await until(() => ids.every((id) => handled.has(id)), 'the things handled');
    await until(async () => (await committed(names)) === 30, 'all 30 offsets committed', 5_000);
  }, 60_000);

  it('commits what it handled when it stops, long before its interval: the next member gets nothing twice', async () => {
    const names = await topicOfThree();
    const first = new Set<string>();
    const group = await start(names, 600_000, first);
    const before = await sendThings(client, names, 30);
    await until(() => before.every((id) => first.has(id)), 'the first things handled');
    expect(await committed(names)).toBe(0);
    await group.stop();
    running.splice(running.indexOf(group), 1);
    expect(await committed(names)).toBe(30);

    const next = new Set<string>();
    await start(names, 600_000, next);
    const after = await sendThings(client, names, 10);
    await until(() => after.every((id) => next.has(id)), 'the later things handled by the next member');
    expect(before.filter((id) => next.has(id))).toEqual([]);
  }, 90_000);

  it('commits what it handled when a member joins and the partitions move: the newcomer gets nothing twice', async () => {
    const names = await topicOfThree();
    const first = new Set<string>();
    await start(names, 600_000, first);
    const before = await sendThings(client, names, 30);
    await until(() => before.every((id) => first.has(id)), 'the first things handled');

    const newcomer = new Set<string>();
    running.push(await startThingsGroup(client, names, { lanes: 1, partitionsOf: () => 3, commitIntervalMs: 600_000 }, newcomer));
    const after = await sendThings(client, names, 60);
    await until(() => after.every((id) => first.has(id) || newcomer.has(id)), 'the later things handled by the two members');
    expect(newcomer.size).toBeGreaterThan(0);
    expect(before.filter((id) => newcomer.has(id))).toEqual([]);
  }, 90_000);
});
