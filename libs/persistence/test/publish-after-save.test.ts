import { MongoClient } from 'mongodb';
import type { Connection } from 'mongoose';
import {
  EventPublisher,
  KafkaClient,
  OutboxRelay,
  TopicNames,
  type KafkaLogger,
  type OutgoingEvent,
  type PublishedSave,
} from '@aftercare/messaging';
import { TopicProbe, isolate, testEnvironment, until } from '@aftercare/testing';
import { connectMongo } from '../src';
import { COUNTER_TOPIC, Counter, CounterRepository, testSchemas } from './fixtures/counter';

/**
 * The relay's normal path: a save's events leave right after the write, batched with the saves
 * of the moment, without waiting for the periodic sweep (which these tests never start).
 */
const env = testEnvironment();
const { topicPrefix, dbName } = isolate('publish-after-save');
const schemas = testSchemas();
const names = new TopicNames(topicPrefix, 'testing', 'main');
const quiet: KafkaLogger = { error: () => undefined, warn: () => undefined, log: () => undefined };
/** The sweep's period: far beyond any test, so only the publish after the save can send. */
const NO_SWEEP = { pollIntervalMs: 3_600_000, batchSize: 50, leaseMs: 30_000 };

/** The real publisher, counting its sends and failing the first `failures` of them. */
class ObservedPublisher extends EventPublisher {
  sends = 0;
  constructor(client: KafkaClient, private failures = 0) {
    super(client, names, schemas);
  }

  override async publish(events: OutgoingEvent[]): Promise<void> {
    this.sends += 1;
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('broker away (test)');
    }
    await super.publish(events);
  }
}

let kafka: KafkaClient;
let connection: Connection;
let mongo: MongoClient;
let probe: TopicProbe;
const relays: OutboxRelay[] = [];

function repositoryWith(publisher?: ObservedPublisher): CounterRepository {
  if (!publisher) return new CounterRepository(connection, undefined as never, schemas);
  const relay = new OutboxRelay(publisher, NO_SWEEP, quiet);
  relays.push(relay);
  return new CounterRepository(connection, relay, schemas);
}

const stored = (id: string) => mongo.db(dbName).collection('counters').findOne({ _id: id as never });
const countsPublishedFor = (id: string) =>
  probe.messages.filter((m) => m.topic === names.physical(COUNTER_TOPIC) && m.key === id).map((m) => (JSON.parse(String(m.value)) as { count: number }).count);
const drained = async (id: string) => {
  const document = await stored(id);
  return document?._outbox?.length === 0 && document._outboxPending === undefined && document._outboxSince === undefined;
};

beforeAll(async () => {
  kafka = new KafkaClient('publish-after-save', env.kafkaBrokers, quiet);
  await kafka.ensureTopics([{ name: names.physical(COUNTER_TOPIC), partitions: 3 }]);
  connection = await connectMongo({ url: env.mongoUrl, dbName });
  await repositoryWith().ensureIndexes();
  mongo = await MongoClient.connect(env.mongoUrl);
  probe = new TopicProbe(env.kafkaBrokers);
  await probe.watch([names.physical(COUNTER_TOPIC)]);
});

afterAll(async () => {
  await Promise.all(relays.map((relay) => relay.stop()));
  await probe?.close();
  await kafka?.close();
  await connection?.close();
  await mongo?.close();
});

describe('publishing right after the save', () => {
  it('sends a save\'s event without a sweep and empties the outbox in one acknowledging write', async () => {
    const repository = repositoryWith(new ObservedPublisher(kafka));
    const counter = Counter.create('now-1', 'acme');
    counter.increment();
    await repository.save(counter);
    await until(async () => countsPublishedFor('now-1').length === 1, 20_000, 'event not published');
    await until(() => drained('now-1'), 10_000, 'outbox not emptied');
    expect(countsPublishedFor('now-1')).toEqual([1]);
  });

  it('sends concurrent saves together, in far fewer sends than saves', async () => {
    const publisher = new ObservedPublisher(kafka);
    const repository = repositoryWith(publisher);
    const counters = Array.from({ length: 60 }, (_, i) => Counter.create(`batch-${i}`, 'acme'));
    await Promise.all(
      counters.map((counter) => {
        counter.increment();
        return repository.save(counter);
      }),
    );
    await until(async () => counters.every((c) => countsPublishedFor(c.id).length === 1), 20_000, 'batch not published');
    for (const counter of counters) await until(() => drained(counter.id), 10_000, `${counter.id} not emptied`);
    expect(publisher.sends).toBeLessThan(counters.length / 3);
  });

  it('keeps one aggregate\'s events in order across quick saves and empties its outbox once all left', async () => {
    const repository = repositoryWith(new ObservedPublisher(kafka));
    const counter = Counter.create('order-1', 'acme');
    for (let i = 0; i < 5; i += 1) {
      counter.increment();
      await repository.save(counter);
    }
    await until(async () => countsPublishedFor('order-1').length === 5, 20_000, 'events not published');
    expect(countsPublishedFor('order-1')).toEqual([1, 2, 3, 4, 5]);
    await until(() => drained('order-1'), 10_000, 'outbox not emptied');
  });

  it('sends first what a loaded document still held (a crashed process\'s event), then the new one', async () => {
    const crashed = Counter.create('leftover-1', 'acme');
    crashed.increment();
    await repositoryWith().save(crashed);
    expect((await stored('leftover-1'))?._outbox).toHaveLength(1);

    const repository = repositoryWith(new ObservedPublisher(kafka));
    const loaded = (await repository.findById('acme', 'leftover-1'))!;
    loaded.increment();
    await repository.save(loaded);
    await until(async () => countsPublishedFor('leftover-1').length === 2, 20_000, 'events not published');
    expect(countsPublishedFor('leftover-1')).toEqual([1, 2]);
    await until(() => drained('leftover-1'), 10_000, 'outbox not emptied');
  });

  it('retries a send that failed and publishes the events once', async () => {
    const publisher = new ObservedPublisher(kafka, 1);
    const repository = repositoryWith(publisher);
    const counter = Counter.create('retry-1', 'acme');
    counter.increment();
    await repository.save(counter);
    await until(async () => countsPublishedFor('retry-1').length === 1, 20_000, 'event not published after the retry');
    await until(() => drained('retry-1'), 10_000, 'outbox not emptied');
    expect(publisher.sends).toBeGreaterThanOrEqual(2);
    expect(countsPublishedFor('retry-1')).toEqual([1]);
  });

  it('publishes the next saves while earlier ones wait to be acknowledged, then acknowledges them all in one write', async () => {
    const publisher = new ObservedPublisher(kafka);
    // A linger longer than the test: only the flush below ends it.
    const relay = new OutboxRelay(publisher, { ...NO_SWEEP, acknowledgeLingerMs: 3_600_000 }, quiet);
    relays.push(relay);
    const repository = new CounterRepository(connection, relay, schemas);
    const acknowledged: PublishedSave[][] = [];
    const acknowledgeSaved = repository.acknowledgeSaved.bind(repository);
    repository.acknowledgeSaved = (published) => (acknowledged.push(published), acknowledgeSaved(published));
    const ids = ['linger-1', 'linger-2', 'linger-3'];
    for (const id of ids) {
      const counter = Counter.create(id, 'acme');
      counter.increment();
      await repository.save(counter);
      await until(async () => countsPublishedFor(id).length === 1, 20_000, `${id} not published`);
    }
    expect(publisher.sends).toBe(ids.length);
    expect(acknowledged).toEqual([]);
    expect((await stored('linger-1'))?._outboxPending).toBe(true);

    await relay.flush();
    expect(acknowledged.map((batch) => batch.map((save) => save.documentId))).toEqual([ids]);
    for (const id of ids) expect(await drained(id)).toBe(true);
    expect(ids.map((id) => countsPublishedFor(id))).toEqual([[1], [1], [1]]);
  });

  it('leaves a young pending document out of a periodic sweep\'s claim, and hands it to a sweep once it is old', async () => {
    const repository = repositoryWith();
    const counter = Counter.create('young-1', 'acme');
    counter.increment();
    await repository.save(counter);
    const savedAt = (await stored('young-1'))?._outboxSince as Date;
    expect(savedAt).toBeInstanceOf(Date);
    expect(await repository.claim(50, 10_000, { pendingBefore: new Date(savedAt.getTime() - 1), documentIds: ['young-1'] })).toEqual([]);
    const [claimed] = await repository.claim(50, 10_000, { pendingBefore: new Date(savedAt.getTime() + 1), documentIds: ['young-1'] });
    expect(claimed.documentId).toBe('young-1');
  });
});
