import { EventEmitter } from 'node:events';
import type { Admin, EachMessagePayload, KafkaMessage } from 'kafkajs';
import { FAILURE_HEADERS } from './failure-headers';
import { GroupConsumer } from './group-consumer';
import { FETCH_WAIT_MS } from './idle-polls';
import { clearPollWait, pollWaitMembers, pollWaitOf } from './kafkajs-poll-wait';
import type { KafkaClient } from './kafka-client';
import { DEFAULT_RETRY } from './options';
import { RetryConsumer, carryRetryOffsets } from './retry-consumer';
import { TopicNames } from './topic-names';

const quiet = { error: () => undefined, warn: () => undefined, log: () => undefined };

/** Committed offsets by group and topic, as the broker would answer `OffsetFetch`; -1: none. */
function fakeAdmin(committed: Record<string, Record<string, string[]>>, setOffsets?: (groupId: string, topic: string) => void, topics: string[] = []) {
  const set: Array<{ groupId: string; topic: string; partitions: Array<{ partition: number; offset: string }> }> = [];
  const admin = {
    listTopics: async () => topics,
    fetchOffsets: async ({ groupId, topics }: { groupId: string; topics: string[] }) =>
      topics.map((topic) => ({ topic, partitions: (committed[groupId]?.[topic] ?? ['-1', '-1', '-1']).map((offset, partition) => ({ partition, offset, metadata: null })) })),
    setOffsets: async (request: { groupId: string; topic: string; partitions: Array<{ partition: number; offset: string }> }) => {
      setOffsets?.(request.groupId, request.topic);
      set.push(request);
      committed[request.groupId] = { ...committed[request.groupId], [request.topic]: ['-1', '-1', '-1'].map((none, p) => request.partitions.find((r) => r.partition === p)?.offset ?? none) };
    },
  };
  return { admin: admin as unknown as Admin, set, committed };
}

describe('carryRetryOffsets (ADR 0048)', () => {
  const topics = [
    { topic: 'intake.main.retry', formerGroupId: 'intake.main.retrying' },
    { topic: 'intake.timeline.retry', formerGroupId: 'intake.timeline.retrying' },
  ];

  it("starts the service's retry group at the former per-group offsets, partitions without any left to the group's start", async () => {
    const { admin, set } = fakeAdmin({ 'intake.main.retrying': { 'intake.main.retry': ['12', '-1', '7'] }, 'intake.timeline.retrying': { 'intake.timeline.retry': ['3', '4', '5'] } });
    const carried = await carryRetryOffsets(admin, 'intake.retrying', topics);
    expect(set).toEqual([
      { groupId: 'intake.retrying', topic: 'intake.main.retry', partitions: [{ partition: 0, offset: '12' }, { partition: 2, offset: '7' }] },
      { groupId: 'intake.retrying', topic: 'intake.timeline.retry', partitions: [{ partition: 0, offset: '3' }, { partition: 1, offset: '4' }, { partition: 2, offset: '5' }] },
    ]);
    expect(carried.map((c) => c.formerGroupId)).toEqual(['intake.main.retrying', 'intake.timeline.retrying']);
  });

  it('never touches a topic the retry group has committed on: the carry is done once', async () => {
    const { admin, set } = fakeAdmin({
      'intake.retrying': { 'intake.main.retry': ['-1', '20', '-1'] },
      'intake.main.retrying': { 'intake.main.retry': ['12', '13', '7'] },
    });
    expect(await carryRetryOffsets(admin, 'intake.retrying', topics.slice(0, 1))).toEqual([]);
    expect(set).toEqual([]);
  });

  it('carries nothing when the former group never committed (a new deployment)', async () => {
    const { admin, set } = fakeAdmin({});
    expect(await carryRetryOffsets(admin, 'intake.retrying', topics)).toEqual([]);
    expect(set).toEqual([]);
  });

  it('leaves the carry to an instance that started at the same time and did it first', async () => {
    const committed = { 'intake.main.retrying': { 'intake.main.retry': ['12', '13', '7'] } } as Record<string, Record<string, string[]>>;
    const { admin } = fakeAdmin(committed, (groupId, topic) => {
      committed[groupId] = { [topic]: ['12', '13', '7'] };
      throw new Error('The consumer group must have no running instances, current state: Stable');
    });
    expect(await carryRetryOffsets(admin, 'intake.retrying', topics.slice(0, 1))).toEqual([]);
  });

  it('fails the start when the offsets could not be carried and nobody else did', async () => {
    const { admin } = fakeAdmin({ 'intake.main.retrying': { 'intake.main.retry': ['12', '13', '7'] } }, () => {
      throw new Error('coordinator not available');
    });
    await expect(carryRetryOffsets(admin, 'intake.retrying', topics.slice(0, 1))).rejects.toThrow('coordinator not available');
  });
});

describe('RetryConsumer (ADR 0048)', () => {
  const settings = { retry: DEFAULT_RETRY, lanes: 1, partitionsConsumedConcurrently: 2, keysInFlight: 8, fromBeginning: true };

  function service(groups: TopicNames[], topicsOnBroker: string[] = [], committed: Record<string, Record<string, string[]>> = {}) {
    const created: Array<{ groupId: string; topics?: string[]; eachMessage?: (payload: EachMessagePayload) => Promise<void>; events: EventEmitter }> = [];
    const consumer = ({ groupId }: { groupId: string }) => {
      const events = new EventEmitter();
      const record: (typeof created)[number] = { groupId, events };
      created.push(record);
      return {
        events: { GROUP_JOIN: 'consumer.group_join' },
        on: (event: string, listener: (...args: unknown[]) => void) => events.on(event, listener),
        connect: async () => undefined,
        subscribe: async ({ topics }: { topics: string[] }) => void (record.topics = topics),
        run: async ({ eachMessage }: { eachMessage: (payload: EachMessagePayload) => Promise<void> }) => void (record.eachMessage = eachMessage),
        disconnect: async () => undefined,
      };
    };
    const { admin, set } = fakeAdmin(committed, undefined, topicsOnBroker);
    const client = { kafka: { consumer }, admin: async () => admin } as unknown as KafkaClient;
    const consumers = groups.map((names) => {
      const group = new GroupConsumer(client, names, settings, undefined, quiet);
      group.register('crm.public.service-requests.v1', undefined, 'handler', async () => undefined);
      return group;
    });
    return { client, consumers, created, set };
  }

  it("reads every group's retry topic in one consumer of the group <service>.retrying", async () => {
    const { client, consumers, created } = service([new TopicNames('t.', 'intake', 'main'), new TopicNames('t.', 'intake', 'timeline')]);
    const retries = new RetryConsumer(client, consumers, quiet);
    await retries.start();
    expect(created).toEqual([expect.objectContaining({ groupId: 't.intake.retrying', topics: ['t.intake.main.retry', 't.intake.timeline.retry'] })]);
    await retries.stop();
  });

  it('hands a retried message back to the group whose retry topic it came from', async () => {
    const { client, consumers, created } = service([new TopicNames('t.', 'intake', 'main'), new TopicNames('t.', 'intake', 'timeline')]);
    const handled: string[] = [];
    for (const group of consumers) jest.spyOn(group, 'handleRetry').mockImplementation(async () => void handled.push(group.names.group));
    const retries = new RetryConsumer(client, consumers, quiet);
    await retries.start();
    const message = { offset: '0', headers: { [FAILURE_HEADERS.notBefore]: new Date(Date.now() - 1000).toISOString() } } as unknown as KafkaMessage;
    await created[0].eachMessage!({ topic: 't.intake.timeline.retry', partition: 0, message } as EachMessagePayload);
    await created[0].eachMessage!({ topic: 't.intake.main.retry', partition: 1, message } as EachMessagePayload);
    expect(handled).toEqual(['intake.timeline', 'intake.main']);
    await retries.stop();
  });

  it("reads a retired group's retry topic where it exists and hands its retries to the group that took over (ADR 0056)", async () => {
    const groups = [new TopicNames('t.', 'intake', 'main'), new TopicNames('t.', 'intake', 'timeline')];
    const { client, consumers, created } = service(groups, ['t.intake.main.retry', 't.intake.timeline.retry', 't.intake.escalations.retry']);
    const handled: string[] = [];
    for (const group of consumers) jest.spyOn(group, 'handleRetry').mockImplementation(async () => void handled.push(group.names.group));
    const retries = new RetryConsumer(client, consumers, quiet);
    await retries.start();
    expect(created[0].topics).toEqual(['t.intake.main.retry', 't.intake.timeline.retry', 't.intake.escalations.retry']);
    const message = { offset: '0', headers: { [FAILURE_HEADERS.notBefore]: new Date(Date.now() - 1000).toISOString() } } as unknown as KafkaMessage;
    await created[0].eachMessage!({ topic: 't.intake.escalations.retry', partition: 0, message } as EachMessagePayload);
    expect(handled).toEqual(['intake.timeline']);
    await retries.stop();
  });

  it("carries the retired group's former per-group retry offsets onto its retry topic, as for any group (ADR 0048)", async () => {
    const { client, consumers, set } = service([new TopicNames('t.', 'intake', 'timeline')], ['t.intake.timeline.retry', 't.intake.escalations.retry'], {
      't.intake.escalations.retrying': { 't.intake.escalations.retry': ['4', '-1', '9'] },
    });
    const retries = new RetryConsumer(client, consumers, quiet);
    await retries.start();
    expect(set).toEqual([{ groupId: 't.intake.retrying', topic: 't.intake.escalations.retry', partitions: [{ partition: 0, offset: '4' }, { partition: 2, offset: '9' }] }]);
    await retries.stop();
  });

  it("does not subscribe to a retired group's retry topic on a cluster that never had it", async () => {
    const { client, consumers, created } = service([new TopicNames('t.', 'intake', 'timeline')], ['t.intake.timeline.retry']);
    const retries = new RetryConsumer(client, consumers, quiet);
    await retries.start();
    expect(created[0].topics).toEqual(['t.intake.timeline.retry']);
    await retries.stop();
  });

  it('waits the idle poll per fetch once idle for twice the idle time, the usual wait while a retry runs (ADR 0051)', async () => {
    jest.useFakeTimers({ now: 0, doNotFake: ['nextTick', 'setImmediate'] });
    try {
      const names = [new TopicNames('t.', 'intake', 'main')];
      const { client, created } = service(names);
      const group = new GroupConsumer(client, names[0], { ...settings, idleAfterMs: 60_000, idlePollMs: 10_000 }, undefined, quiet);
      group.register('crm.public.service-requests.v1', undefined, 'handler', async () => undefined);
      let release = () => undefined as void;
      jest.spyOn(group, 'handleRetry').mockImplementation(() => new Promise<void>((resolve) => (release = resolve)));
      const retries = new RetryConsumer(client, [group], quiet);
      await retries.start();
      created[0].events.emit('consumer.group_join', { payload: { memberId: 'm-retry' } });
      expect(pollWaitOf('m-retry')).toBe(FETCH_WAIT_MS);
      jest.setSystemTime(120_000);
      expect(pollWaitOf('m-retry')).toBe(10_000);
      const message = { offset: '0', headers: { [FAILURE_HEADERS.notBefore]: new Date(0).toISOString() } } as unknown as KafkaMessage;
      const retried = created[0].eachMessage!({ topic: 't.intake.main.retry', partition: 0, message } as EachMessagePayload);
      await Promise.resolve();
      expect(pollWaitOf('m-retry')).toBe(FETCH_WAIT_MS);
      release();
      await retried;
      jest.setSystemTime(239_999);
      expect(pollWaitOf('m-retry')).toBe(FETCH_WAIT_MS);
      jest.setSystemTime(240_000);
      expect(pollWaitOf('m-retry')).toBe(10_000);
      await retries.stop();
      expect(pollWaitMembers()).toEqual([]);
    } finally {
      pollWaitMembers().forEach(clearPollWait);
      jest.useRealTimers();
    }
  });

  it('starts no consumer for a service without consumer groups', async () => {
    const { client, created } = service([]);
    await new RetryConsumer(client, [], quiet).start();
    expect(created).toEqual([]);
  });

  it('refuses the groups of two services: each service reads its retries in its own group', () => {
    const { client, consumers } = service([new TopicNames('', 'intake', 'main'), new TopicNames('', 'dispatch', 'main')]);
    expect(() => new RetryConsumer(client, consumers, quiet)).toThrow('one retry consumer reads the groups of one service');
  });
});
