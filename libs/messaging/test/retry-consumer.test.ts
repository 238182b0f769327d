import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { toKafkaHeaders } from '@aftercare/contracts';
import { FAILURE_HEADERS, GroupConsumer, KafkaClient, RetryConsumer, TopicNames } from '../src';
import { THINGS, brokers, quiet, until } from './support/things';

/** A message a group failed on once, waiting on `retryTopic` (its backoff already over). */
async function sendRetry(client: KafkaClient, names: TopicNames, retryTopic: string, id: string): Promise<void> {
  const envelope = { id, type: 'orders.thing.happened.v1', source: '/aftercare/orders', time: new Date().toISOString(), subject: id, tenantId: 'acme', data: {} };
  const producer = await client.producer();
  await producer.send({
    topic: retryTopic,
    messages: [
      {
        key: id,
        value: '{}',
        headers: {
          ...toKafkaHeaders(envelope),
          [FAILURE_HEADERS.originalTopic]: names.physical(THINGS),
          [FAILURE_HEADERS.originalPartition]: '0',
          [FAILURE_HEADERS.originalOffset]: '0',
          [FAILURE_HEADERS.attempts]: '1',
          [FAILURE_HEADERS.notBefore]: new Date(Date.now() - 1000).toISOString(),
        },
      },
    ],
  });
}

/**
 * ADR 0048: a service reads its groups' retry topics in one group, `<service>.retrying`, which
 * replaced a group per consumer group (`<service>.<purpose>.retrying`). A deployment of the change
 * finds retries the former group already handled on the topic: they must not be handled again.
 */
describe("the service's retry consumer, against the broker", () => {
  const prefix = `t.${randomUUID()}.`;
  const names = new TopicNames(prefix, 'orders', 'main');
  const client = new KafkaClient('retry-consumer-test', brokers, quiet);
  const handled: string[] = [];
  let admin: Admin;
  let group: GroupConsumer;
  let retries: RetryConsumer | undefined;

  beforeAll(async () => {
    await client.ensureTopics([
      { name: names.physical(THINGS), partitions: 1 },
      { name: names.retryTopic, partitions: 1 },
    ]);
    admin = new Kafka({ clientId: 'retry-consumer-test-admin', brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    group = new GroupConsumer(client, names, { retry: { maxAttempts: 3, initialDelayMs: 100, maxDelayMs: 200 }, lanes: 1, partitionsConsumedConcurrently: 1, keysInFlight: 1, fromBeginning: true }, undefined, quiet);
    group.register(THINGS, undefined, 'things', async (envelope) => void handled.push(envelope.id));
  }, 60_000);

  afterAll(async () => {
    await retries?.stop();
    await group.stop();
    await admin.disconnect();
    await client.close();
  });

  const retried = (id: string) => sendRetry(client, names, names.retryTopic, id);

  async function committed(groupId: string): Promise<string> {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [names.retryTopic] });
    return offsets.partitions[0].offset;
  }


  it("starts at the former per-group retry group's offsets: what it handled is not handled again", async () => {
    const ids = Array.from({ length: 4 }, () => randomUUID());
    for (const id of ids) await retried(id);
    // The former group handled the first two retries before the deployment.
    await admin.setOffsets({ groupId: names.formerRetryGroupId, topic: names.retryTopic, partitions: [{ partition: 0, offset: '2' }] });

    await group.start();
    retries = new RetryConsumer(client, [group], quiet);
    await retries.start();
    await until(async () => (await committed(names.retryGroupId)) === '4', `${names.retryGroupId} committed the four retries`);

    expect(handled).toEqual(ids.slice(2));
  }, 60_000);

  it('carries nothing again after a restart: it goes on from its own offsets', async () => {
    await retries!.stop();
    // Were the former offsets carried again, the two retries after them would be handled again.
    retries = new RetryConsumer(client, [group], quiet);
    await retries.start();
    const next = randomUUID();
    await retried(next);
    await until(async () => (await committed(names.retryGroupId)) === '5', `${names.retryGroupId} committed the fifth retry`);

    expect(handled.slice(2)).toEqual([next]);
  }, 60_000);
});

/**
 * ADR 0056: a retired group's handlers moved to another group of the service (intake's escalation
 * list to `intake.timeline`). A retry the retired group left on its retry topic is still handled,
 * by the group that took over.
 */
describe("a retired group's retry topic, against the broker", () => {
  const prefix = `t.${randomUUID()}.`;
  const heir = new TopicNames(prefix, 'intake', 'timeline');
  const retiredRetryTopic = `${prefix}intake.escalations.retry`;
  const client = new KafkaClient('retired-retry-test', brokers, quiet);
  const handled: string[] = [];
  let group: GroupConsumer;
  let retries: RetryConsumer | undefined;

  beforeAll(async () => {
    await client.ensureTopics([
      { name: heir.physical(THINGS), partitions: 1 },
      { name: heir.retryTopic, partitions: 1 },
      { name: retiredRetryTopic, partitions: 1 },
    ]);
    group = new GroupConsumer(client, heir, { retry: { maxAttempts: 3, initialDelayMs: 100, maxDelayMs: 200 }, lanes: 1, partitionsConsumedConcurrently: 1, keysInFlight: 1, fromBeginning: true }, undefined, quiet);
    group.register(THINGS, undefined, 'things', async (envelope) => void handled.push(envelope.id));
  }, 60_000);

  afterAll(async () => {
    await retries?.stop();
    await group.stop();
    await client.close();
  });

  it('hands a retry left on the retired retry topic to the group that took over', async () => {
    const id = randomUUID();
    await sendRetry(client, heir, retiredRetryTopic, id);
    await group.start();
    retries = new RetryConsumer(client, [group], quiet);
    await retries.start();
    await until(async () => handled.includes(id), 'the retry handled by intake.timeline');
    expect(handled).toEqual([id]);
  }, 60_000);
});
