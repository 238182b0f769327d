import { Registry } from 'prom-client';
import { QUALITY_CLAIM_OPENED_V1, toKafkaHeaders } from '@aftercare/contracts';
import { currentMessageContext } from '@aftercare/observability';
import { MessageSkipped } from './failure';
import { GroupConsumer } from './group-consumer';
import { MessagingMetrics } from './messaging-metrics';
import { FETCH_WAIT_MS } from './idle-polls';
import { clearPollWait, pollWaitMembers, pollWaitOf } from './kafkajs-poll-wait';
import type { KafkaClient } from './kafka-client';
import { DEFAULT_RETRY } from './options';
import { TopicNames } from './topic-names';

const quiet = { error: () => undefined, warn: () => undefined, log: () => undefined };

// Groups a test leaves running keep their members' poll waits: none reaches the next test.
afterEach(() => pollWaitMembers().forEach(clearPollWait));

/** A kafkajs consumer that connects to nothing and lets the test fire its events. */
function fakeKafka() {
  const consumers: Array<{ fire: (event: string, payload?: unknown) => void }> = [];
  const consumer = () => {
    const listeners = new Map<string, Array<(e: { payload: unknown }) => void>>();
    const fake = {
      events: { GROUP_JOIN: 'consumer.group_join', CRASH: 'consumer.crash' },
      on: (event: string, listener: (e: { payload: unknown }) => void) => listeners.set(event, [...(listeners.get(event) ?? []), listener]),
      connect: async () => undefined,
      subscribe: async () => undefined,
      run: async () => undefined,
      disconnect: async () => undefined,
      fire: (event: string, payload: unknown = {}) => (listeners.get(event) ?? []).forEach((l) => l({ payload })),
    };
    consumers.push(fake);
    return fake;
  };
  return { client: { kafka: { consumer } } as unknown as KafkaClient, consumers };
}

describe('GroupConsumer health', () => {
  const settings = { retry: DEFAULT_RETRY, lanes: 2, partitionsConsumedConcurrently: 1, keysInFlight: 8, fromBeginning: true };

  async function started() {
    const { client, consumers } = fakeKafka();
    const group = new GroupConsumer(client, new TopicNames('', 'intake', 'main'), settings, undefined, quiet);
    group.register('crm.public.customers.v1', undefined, 'handler', async () => undefined);
    await group.start();
    const lanes = consumers.slice(0, 2);
    return { group, lanes };
  }

  it('is not ready before every lane has joined its group, and alive', async () => {
    const { group, lanes } = await started();
    lanes[0].fire('consumer.group_join');
    expect(group.health()).toEqual({ ok: false, detail: 'consumer has not joined its group yet' });
    expect(group.liveness()).toEqual({ ok: true });
    lanes[1].fire('consumer.group_join');
    expect(group.health()).toEqual({ ok: true });
  });

  it('stays ready and alive through a crash kafkajs restarts by itself (a Kafka hiccup)', async () => {
    const { group, lanes } = await started();
    lanes.forEach((lane) => lane.fire('consumer.group_join'));
    lanes[0].fire('consumer.crash', { restart: true, error: new Error('Connection error') });
    expect(group.health()).toEqual({ ok: true });
    expect(group.liveness()).toEqual({ ok: true });
  });

  it('fails liveness and readiness when a lane crashed for good', async () => {
    const { group, lanes } = await started();
    lanes.forEach((lane) => lane.fire('consumer.group_join'));
    lanes[1].fire('consumer.crash', { restart: false, error: new Error('retries exhausted') });
    expect(group.liveness()).toEqual({ ok: false, detail: 'consumer intake.main crashed for good: retries exhausted' });
    expect(group.health()).toEqual({ ok: false, detail: 'consumer crashed: retries exhausted' });
  });
});

describe('GroupConsumer lanes (ADR 0045)', () => {
  const settings = (lanes: number) => ({ retry: DEFAULT_RETRY, lanes, partitionsConsumedConcurrently: 1, keysInFlight: 8, fromBeginning: true });

  function groupOn(topics: string[], lanes: number, partitionsOf?: (topic: string) => number | null) {
    const configs: Array<{ groupId: string }> = [];
    const consumer = (config: { groupId: string }) => {
      configs.push(config);
      return {
        events: { GROUP_JOIN: 'consumer.group_join', CRASH: 'consumer.crash' },
        on: () => undefined,
        connect: async () => undefined,
        subscribe: async () => undefined,
        run: async () => undefined,
        disconnect: async () => undefined,
      };
    };
    const group = new GroupConsumer({ kafka: { consumer } } as unknown as KafkaClient, new TopicNames('', 'intake', 'main'), { ...settings(lanes), partitionsOf }, undefined, quiet);
    for (const topic of topics) group.register(topic, undefined, 'handler', async () => undefined);
    return { group, configs };
  }

  it("gets no more lanes than its topics have partitions in the catalog: a registry's single partition gets one", () => {
    expect(groupOn(['aftercare.internal.tenants.v1'], 3).group.laneCount()).toBe(1);
    expect(groupOn(['crm.public.service-requests.v1'], 8).group.laneCount()).toBe(3);
    expect(groupOn(['aftercare.internal.tenants.v1', 'aftercare.internal.tenant-settings.v1'], 3).group.laneCount()).toBe(2);
    expect(groupOn(['crm.public.service-requests.v1', 'erp.public.installed-base.v1'], 3).group.laneCount()).toBe(3);
  });

  it('keeps the configured lanes when a topic is not known, and always at least one', () => {
    expect(groupOn(['test.unknown.v1'], 3).group.laneCount()).toBe(3);
    expect(groupOn(['test.unknown.v1'], 2, () => 1).group.laneCount()).toBe(1);
    expect(groupOn(['crm.public.service-requests.v1'], 0).group.laneCount()).toBe(1);
  });

  it("starts that many lanes and no retry consumer: the service's RetryConsumer reads its retry topic (ADR 0048)", async () => {
    const { group, configs } = groupOn(['aftercare.internal.tenants.v1'], 3);
    await group.start();
    expect(configs.map((c) => c.groupId)).toEqual(['intake.main']);
    await group.stop();
  });
});

describe('GroupConsumer lanes while idle (ADR 0049)', () => {
  type Batch = {
    batch: { topic: string; partition: number; messages: Array<{ offset: string; key: Buffer; value: Buffer; headers: object }> };
    resolveOffset: () => void;
    heartbeat: () => Promise<void>;
    isRunning: () => boolean;
    isStale: () => boolean;
    uncommittedOffsets: () => { topics: never[] };
    commitOffsetsIfNecessary: () => Promise<void>;
  };

  function shrinking(idleAfterMs: number, idlePollMs?: number) {
    const lanes: Array<{ eachBatch?: (payload: Batch) => Promise<void>; disconnected: boolean; joined: boolean; fire: (event: string, payload?: unknown) => void }> = [];
    // The lanes started after the first join when the test says so (at once unless it holds them).
    const joining = { promise: Promise.resolve(), release: () => undefined as void };
    const consumer = () => {
      const listeners = new Map<string, Array<(event: { payload: unknown }) => void>>();
      const lane = {
        eachBatch: undefined as ((payload: Batch) => Promise<void>) | undefined,
        disconnected: false,
        joined: false,
        fire: (event: string, payload: unknown = { memberId: `member-${lanes.indexOf(lane)}` }) => (listeners.get(event) ?? []).forEach((l) => l({ payload })),
      };
      lanes.push(lane);
      return {
        events: { GROUP_JOIN: 'consumer.group_join', CRASH: 'consumer.crash' },
        on: (event: string, listener: (event: { payload: unknown }) => void) => listeners.set(event, [...(listeners.get(event) ?? []), listener]),
        connect: async () => undefined,
        subscribe: async () => undefined,
        run: async (config: { eachBatch: (payload: Batch) => Promise<void> }) => {
          lane.eachBatch = config.eachBatch;
          if (lanes.length > 1) await joining.promise;
          lane.joined = true;
        },
        disconnect: async () => void (lane.disconnected = true),
      };
    };
    const group = new GroupConsumer(
      { kafka: { consumer } } as unknown as KafkaClient,
      new TopicNames('', 'intake', 'main'),
      { retry: DEFAULT_RETRY, lanes: 3, partitionsConsumedConcurrently: 1, keysInFlight: 8, fromBeginning: true, idleAfterMs, idlePollMs },
      undefined,
      quiet,
    );
    group.register('crm.public.service-requests.v1', undefined, 'handler', async () => undefined);
    const batch = (messages: number): Batch => ({
      batch: { topic: 'crm.public.service-requests.v1', partition: 0, messages: Array.from({ length: messages }, (_, i) => message(String(i))) },
      resolveOffset: () => undefined,
      heartbeat: async () => undefined,
      isRunning: () => true,
      isStale: () => false,
      uncommittedOffsets: () => ({ topics: [] }),
      commitOffsetsIfNecessary: async () => undefined,
    });
    const holdJoins = () => {
      joining.promise = new Promise((resolve) => (joining.release = () => resolve()));
    };
    return { group, lanes, batch, holdJoins, releaseJoins: () => joining.release() };
  }

  const message = (offset: string) => {
    const envelope = { id: `m-${offset}`, type: 'orders.thing.happened.v1', source: '/aftercare/orders', time: new Date().toISOString(), subject: offset, tenantId: 'acme', data: {} };
    return { offset, key: Buffer.from(offset), value: Buffer.from('{}'), headers: toKafkaHeaders(envelope) };
  };

  const settle = async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };

  afterEach(() => jest.useRealTimers());

  it('starts with one lane, ready once it has joined', async () => {
    const { group, lanes } = shrinking(60_000);
    await group.start();
    expect(lanes).toHaveLength(1);
    expect(group.health()).toEqual({ ok: false, detail: 'consumer has not joined its group yet' });
    lanes[0].fire('consumer.group_join');
    expect(group.health()).toEqual({ ok: true });
    await group.stop();
  });

  it('starts the other lanes with the first message, and stays ready while they join', async () => {
    const { group, lanes, batch } = shrinking(60_000);
    await group.start();
    lanes[0].fire('consumer.group_join');
    await lanes[0].eachBatch!(batch(2));
    await settle();
    expect(group.runningLanes).toBe(3);
    expect(lanes).toHaveLength(3);
    expect(group.health()).toEqual({ ok: true });
    await group.stop();
    expect(lanes.every((lane) => lane.disconnected)).toBe(true);
  });

  it('stops the other lanes once it has found nothing for the idle time, and starts them again with the next message', async () => {
    jest.useFakeTimers();
    const { group, lanes, batch } = shrinking(60_000);
    await group.start();
    await lanes[0].eachBatch!(batch(1));
    await settle();
    expect(group.runningLanes).toBe(3);

    jest.advanceTimersByTime(45_000);
    await settle();
    expect(group.runningLanes).toBe(3);
    jest.advanceTimersByTime(30_000);
    await settle();
    expect(group.runningLanes).toBe(1);
    expect(lanes.map((lane) => lane.disconnected)).toEqual([false, true, true]);

    await lanes[0].eachBatch!(batch(1));
    await settle();
    expect(group.runningLanes).toBe(3);
    expect(lanes.slice(3).map((lane) => lane.disconnected)).toEqual([false, false]);
    await group.stop();
  });

  it('keeps every lane while a batch is still being handled, however long it takes', async () => {
    jest.useFakeTimers();
    const { group, lanes, batch } = shrinking(60_000);
    group.register('crm.public.service-requests.v1', undefined, 'slow', () => new Promise(() => undefined));
    await group.start();
    void lanes[0].eachBatch!(batch(1));
    await settle();
    jest.advanceTimersByTime(120_000);
    await settle();
    expect(group.runningLanes).toBe(3);
    await group.stop();
  });

  it('lets lanes that are starting finish their join before it stops them: one stopped mid-join would stay in the group', async () => {
    const { group, lanes, batch, holdJoins, releaseJoins } = shrinking(60_000);
    await group.start();
    holdJoins();
    await lanes[0].eachBatch!(batch(1));
    await settle();
    expect(lanes).toHaveLength(3);
    const stopped = group.stop();
    await settle();
    expect(lanes[1].disconnected).toBe(false);
    releaseJoins();
    await stopped;
    expect(lanes.map((lane) => [lane.joined, lane.disconnected])).toEqual([
      [true, true],
      [true, true],
      [true, true],
    ]);
  });

  it('waits the idle poll per fetch once it has found nothing for twice the idle time, the usual wait with a batch in flight (ADR 0051)', async () => {
    jest.useFakeTimers({ now: 0 });
    try {
      const { group, lanes, batch } = shrinking(60_000, 10_000);
      group.register('crm.public.service-requests.v1', undefined, 'held', () => new Promise<void>((resolve) => setTimeout(resolve, 1_000)));
      await group.start();
      lanes[0].fire('consumer.group_join');
      expect(pollWaitOf('member-0')).toBe(FETCH_WAIT_MS);
      jest.setSystemTime(119_999);
      expect(pollWaitOf('member-0')).toBe(FETCH_WAIT_MS);
      jest.setSystemTime(120_000);
      expect(pollWaitOf('member-0')).toBe(10_000);

      const handled = lanes[0].eachBatch!(batch(1));
      await settle();
      expect(pollWaitOf('member-0')).toBe(FETCH_WAIT_MS);
      lanes.slice(1).forEach((lane) => lane.fire('consumer.group_join'));
      jest.setSystemTime(500_000);
      expect(pollWaitOf('member-1')).toBe(FETCH_WAIT_MS);
      await jest.advanceTimersByTimeAsync(1_000);
      await handled;
      expect(pollWaitOf('member-0')).toBe(FETCH_WAIT_MS);
      jest.setSystemTime(Date.now() + 120_000);
      expect(pollWaitOf('member-0')).toBe(10_000);

      jest.advanceTimersByTime(30_000);
      await settle();
      expect(group.runningLanes).toBe(1);
      expect(pollWaitMembers()).toEqual(['member-0']);
      await group.stop();
      expect(pollWaitMembers()).toEqual([]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('runs every lane always without an idle time', async () => {
    const always = shrinking(0);
    await always.group.start();
    expect(always.lanes).toHaveLength(3);
    await always.group.stop();
  });
});

describe('GroupConsumer offset commits on a clock (ADR 0055)', () => {
  const TOPIC = 'crm.public.service-requests.v1';
  type Offsets = { topics: Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }> };

  /** One lane whose batches keep their resolved and committed offsets the way kafkajs's offset manager does. */
  function committing(commitIntervalMs?: number, failCommits = false) {
    const events: string[] = [];
    const warnings: string[] = [];
    const listeners = new Map<string, Array<(event: { payload: unknown }) => void>>();
    let eachBatch: ((payload: unknown) => Promise<void>) | undefined;
    let running = true;
    const resolved = new Map<number, string>();
    const committed = new Map<number, string>();
    const consumer = () => ({
      events: { GROUP_JOIN: 'consumer.group_join', CRASH: 'consumer.crash', REBALANCING: 'consumer.rebalancing' },
      on: (event: string, listener: (event: { payload: unknown }) => void) => listeners.set(event, [...(listeners.get(event) ?? []), listener]),
      connect: async () => undefined,
      subscribe: async () => undefined,
      run: async (config: { autoCommit?: boolean; eachBatch: (payload: unknown) => Promise<void> }) => {
        events.push(`run autoCommit=${config.autoCommit}`);
        eachBatch = config.eachBatch;
      },
      disconnect: async () => {
        running = false;
        events.push('disconnect');
      },
    });
    const uncommittedOffsets = (): Offsets => {
      const partitions = [...resolved].filter(([partition, offset]) => committed.get(partition) !== offset).map(([partition, offset]) => ({ partition, offset }));
      return { topics: partitions.length ? [{ topic: TOPIC, partitions }] : [] };
    };
    const commitOffsetsIfNecessary = async (offsets: Offsets) => {
      if (failCommits) throw new Error('The group is rebalancing, so a rejoin is needed');
      for (const { partitions } of offsets.topics) {
        for (const { partition, offset } of partitions) {
          committed.set(partition, offset);
          events.push(`commit ${partition}@${offset}`);
        }
      }
    };
    const group = new GroupConsumer(
      { kafka: { consumer } } as unknown as KafkaClient,
      new TopicNames('', 'intake', 'main'),
      { retry: DEFAULT_RETRY, lanes: 1, partitionsConsumedConcurrently: 1, keysInFlight: 8, fromBeginning: true, commitIntervalMs },
      undefined,
      { ...quiet, warn: (text: string) => void warnings.push(text) },
    );
    const held: Array<() => void> = [];
    let holding = false;
    group.register(TOPIC, undefined, 'handler', () => (holding ? new Promise<void>((resolve) => held.push(resolve)) : Promise.resolve()));
    const deliver = (partition: number, offset: number, heartbeat: () => Promise<void> = async () => undefined) =>
      eachBatch!({
        batch: { topic: TOPIC, partition, messages: [message(String(offset))] },
        // kafkajs resolves "the next offset to read" as the handled offset + 1 when it commits.
        resolveOffset: (handled: string) => resolved.set(partition, String(Number(handled) + 1)),
        heartbeat,
        isRunning: () => running,
        isStale: () => false,
        uncommittedOffsets,
        commitOffsetsIfNecessary,
      });
    const fire = (event: string) => (listeners.get(event) ?? []).forEach((listener) => listener({ payload: { memberId: 'member-0' } }));
    return { group, events, warnings, deliver, fire, hold: () => (holding = true), release: () => held.splice(0).forEach((resolve) => resolve()) };
  }

  const message = (offset: string) => {
    const envelope = { id: `m-${offset}`, type: 'orders.thing.happened.v1', source: '/aftercare/orders', time: new Date().toISOString(), subject: offset, tenantId: 'acme', data: {} };
    return { offset, key: Buffer.from(`key-${offset}`), value: Buffer.from('{}'), headers: toKafkaHeaders(envelope) };
  };

  afterEach(() => jest.useRealTimers());

  it('runs kafkajs without its commit after every batch, and commits what the lane handled once the interval has passed', async () => {
    jest.useFakeTimers();
    const { group, events, deliver } = committing(1_000);
    await group.start();
    for (let offset = 0; offset < 5; offset++) {
      await deliver(offset % 2, offset);
      await jest.advanceTimersByTimeAsync(150);
    }
    expect(events).toEqual(['run autoCommit=false']);
    await jest.advanceTimersByTimeAsync(249);
    expect(events).toEqual(['run autoCommit=false']);
    await jest.advanceTimersByTimeAsync(1);
    expect(events).toEqual(['run autoCommit=false', 'commit 0@5', 'commit 1@4']);
    await group.stop();
  });

  it('runs no clock while nothing was handled, and commits nothing twice', async () => {
    jest.useFakeTimers();
    const { group, events, deliver } = committing(1_000);
    await group.start();
    expect(jest.getTimerCount()).toBe(0);
    await deliver(0, 7);
    expect(jest.getTimerCount()).toBe(1);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(jest.getTimerCount()).toBe(0);
    await jest.advanceTimersByTimeAsync(10_000);
    await group.stop();
    expect(events).toEqual(['run autoCommit=false', 'commit 0@8', 'disconnect']);
  });

  it('commits what the lane handled before it leaves the group on a stop', async () => {
    const { group, events, deliver } = committing(60_000);
    await group.start();
    await deliver(2, 41);
    await group.stop();
    expect(events).toEqual(['run autoCommit=false', 'commit 2@42', 'disconnect']);
  });

  it('lets a batch in flight at a stop commit at its end: kafkajs leaves the group only once it has ended', async () => {
    const { group, events, deliver, hold, release } = committing(60_000);
    await group.start();
    hold();
    const handled = deliver(0, 3);
    await group.stop();
    expect(events).toEqual(['run autoCommit=false', 'disconnect']);
    release();
    await handled;
    expect(events).toEqual(['run autoCommit=false', 'disconnect', 'commit 0@4']);
  });

  it('commits at once when the group rebalances, before its partitions may move to another member', async () => {
    const { group, events, deliver, fire } = committing(60_000);
    await group.start();
    await deliver(1, 9);
    fire('consumer.rebalancing');
    await Promise.resolve();
    expect(events).toEqual(['run autoCommit=false', 'commit 1@10']);
    await group.stop();
  });

  it('commits before a failed heartbeat (a rebalance) ends the batch, and lets the failure through to kafkajs', async () => {
    const { group, events, deliver } = committing(60_000);
    await group.start();
    const rebalancing = new Error('The group is rebalancing, so a rejoin is needed');
    await expect(deliver(0, 5, async () => Promise.reject(rebalancing))).rejects.toBe(rebalancing);
    expect(events).toEqual(['run autoCommit=false', 'commit 0@6']);
    await group.stop();
  });

  it('commits every batch at once for 10 s after a lane joined, while the other members may still rejoin; then on the clock', async () => {
    jest.useFakeTimers();
    const { group, events, deliver, fire } = committing(1_000);
    await group.start();
    fire('consumer.group_join');
    await deliver(0, 0);
    await jest.advanceTimersByTimeAsync(9_000);
    await deliver(0, 1);
    expect(events).toEqual(['run autoCommit=false', 'commit 0@1', 'commit 0@2']);
    await jest.advanceTimersByTimeAsync(1_001);
    await deliver(0, 2);
    expect(events).toEqual(['run autoCommit=false', 'commit 0@1', 'commit 0@2']);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(events).toEqual(['run autoCommit=false', 'commit 0@1', 'commit 0@2', 'commit 0@3']);
    await group.stop();
  });

  it('commits after every batch with an interval of 0', async () => {
    const { group, events, deliver } = committing(0);
    await group.start();
    await deliver(0, 0);
    await deliver(0, 1);
    expect(events).toEqual(['run autoCommit=false', 'commit 0@1', 'commit 0@2']);
    await group.stop();
  });

  it('reports a commit that failed and goes on handling: the messages are committed later or redelivered, never lost', async () => {
    jest.useFakeTimers();
    const { group, warnings, deliver } = committing(1_000, true);
    await group.start();
    await deliver(0, 0);
    await jest.advanceTimersByTimeAsync(1_000);
    await deliver(0, 1);
    expect(warnings).toEqual(['consumer intake.main could not commit its offsets (the messages are committed later or redelivered): The group is rebalancing, so a rejoin is needed']);
    await group.stop();
  });
});

describe('GroupConsumer and a message a handler skips', () => {
  const TOPIC = 'claims.public.quality-claim.events.v1';

  it('logs it with code, reason and position, counts it by code, and handles the next message of the partition', async () => {
    const warnings: string[] = [];
    let eachBatch: ((payload: unknown) => Promise<void>) | undefined;
    const consumer = () => ({
      events: { GROUP_JOIN: 'consumer.group_join', CRASH: 'consumer.crash', REBALANCING: 'consumer.rebalancing' },
      on: () => undefined,
      connect: async () => undefined,
      subscribe: async () => undefined,
      run: async (config: { eachBatch: (payload: unknown) => Promise<void> }) => void (eachBatch = config.eachBatch),
      disconnect: async () => undefined,
    });
    const registry = new Registry();
    const metrics = new MessagingMetrics(registry, { backlog: async () => 0, oldestWaitingSeconds: () => 0 }, async () => []);
    const group = new GroupConsumer(
      { kafka: { consumer } } as unknown as KafkaClient,
      new TopicNames('', 'intake', 'main'),
      { retry: DEFAULT_RETRY, lanes: 1, partitionsConsumedConcurrently: 1, keysInFlight: 8, fromBeginning: true, commitIntervalMs: 0 },
      undefined,
      // The tenant of the message context at the time of the line: logged inside it, so the line names it.
      { ...quiet, warn: (text: string) => void warnings.push(`${currentMessageContext().tenantId} ${text}`) },
      metrics,
    );
    const handled: string[] = [];
    group.register(TOPIC, undefined, 'handler', async (envelope) => {
      handled.push(envelope.subject ?? '');
      return envelope.subject === 'ghost' ? new MessageSkipped('CASE_UNKNOWN', 'quality claim qc-1 names case ghost, which tenant acme does not have') : undefined;
    });
    await group.start();
    const message = (offset: string, subject: string) => {
      const envelope = { id: `m-${offset}`, type: QUALITY_CLAIM_OPENED_V1, source: '/aftercare/claims', time: new Date().toISOString(), subject, tenantId: 'acme', data: {} };
      return { offset, key: Buffer.from('qc-1'), value: Buffer.from('{}'), headers: toKafkaHeaders(envelope) };
    };
    const resolved: string[] = [];
    await eachBatch!({
      batch: { topic: TOPIC, partition: 2, messages: [message('7', 'ghost'), message('8', 'real')] },
      resolveOffset: (offset: string) => resolved.push(offset),
      heartbeat: async () => undefined,
      isRunning: () => true,
      isStale: () => false,
      uncommittedOffsets: () => ({ topics: [] }),
      commitOffsetsIfNecessary: async () => undefined,
    });

    expect(handled).toEqual(['ghost', 'real']);
    expect(resolved.at(-1)).toBe('8'); // the batch is done with, the skipped message with it
    expect(warnings).toEqual([
      'acme CASE_UNKNOWN | quality claim qc-1 names case ghost, which tenant acme does not have: aftercare.claims.quality-claim.opened.v1 skipped by intake.main (claims.public.quality-claim.events.v1/2@7), counted in messaging_messages_skipped_total',
    ]);
    const skipped = (await registry.getSingleMetric('messaging_messages_skipped_total')!.get()).values;
    expect(skipped).toEqual([{ value: 1, labels: { topic: TOPIC, type: QUALITY_CLAIM_OPENED_V1, code: 'CASE_UNKNOWN' } }]);
    const outcomes = (await registry.getSingleMetric('messaging_handler_duration_seconds')!.get()).values.filter(
      (v) => (v as { metricName?: string }).metricName === 'messaging_handler_duration_seconds_count',
    );
    expect(outcomes.map((v) => [v.labels.outcome, v.value])).toEqual([
      ['skipped', 1],
      ['ok', 1],
    ]);
    await group.stop();
  });
});
