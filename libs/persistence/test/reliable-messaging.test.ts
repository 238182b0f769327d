import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { CallHandler, ExecutionContext, INestApplication, NestInterceptor } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MongoClient } from 'mongodb';
import { toKafkaHeaders, type EventEnvelope } from '@aftercare/contracts';
import {
  EventContext,
  FAILURE_HEADERS,
  GroupConsumer,
  KafkaClient,
  TopicNames,
  listDeadLetters,
  replayDeadLetters,
  startMessaging,
  type MessagingOptions,
} from '@aftercare/messaging';
import { TopicProbe, assertValidEvent, isolate, testEnvironment, until } from '@aftercare/testing';
import { AGGREGATE_UNIQUE_INDEXES, connectMongo } from '../src';
import {
  COMMANDS_TOPIC,
  COUNTER_TOPIC,
  CounterHandler,
  CounterRepository,
  Counter,
  CounterTestModule,
  INCREMENTED,
  INCREMENT_REQUESTED,
  INSPECT_REQUESTED,
  testSchemas,
} from './fixtures/counter';
import { InspectCommand, InspectionHandler, interceptedCalls } from './fixtures/inspection';

const spans = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
trace.setGlobalTracerProvider(provider);
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new W3CTraceContextPropagator());

const env = testEnvironment();
const { topicPrefix, dbName } = isolate('messaging');
const schemas = testSchemas();
const names = new TopicNames(topicPrefix, 'testing', 'main');
const messaging: MessagingOptions = {
  service: 'testing',
  brokers: env.kafkaBrokers,
  topicPrefix,
  schemas,
  retry: { maxAttempts: 3, initialDelayMs: 100, maxDelayMs: 300 },
  produces: [{ name: COUNTER_TOPIC, partitions: 3 }, { name: COMMANDS_TOPIC, partitions: 3 }],
  outbox: { pollIntervalMs: 200 },
  // Every lane from the start: the slow-partition test pins what lanes do under load. A group idle
  // for a minute runs one lane, and a slow first message then holds up the others until the rest
  // have joined (ADR 0049; libs/messaging/test/idle-lanes.test.ts).
  consumerIdleAfterMs: 0,
};

let app: INestApplication;
let probe: TopicProbe;
let mongo: MongoClient;

/** Applied to every message handler through startMessaging, as a service would for all of its own. */
class CountingInterceptor implements NestInterceptor {
  readonly types: string[] = [];

  intercept(context: ExecutionContext, next: CallHandler) {
    this.types.push(context.switchToRpc().getContext<EventContext>().envelope.type);
    return next.handle();
  }
}
let everyMessage: CountingInterceptor;

async function startApp(): Promise<INestApplication> {
  const instance = await NestFactory.create(CounterTestModule.register({ mongoUrl: env.mongoUrl, dbName, messaging }), { logger: ['error'] });
  instance.enableShutdownHooks();
  everyMessage = new CountingInterceptor();
  await startMessaging(instance, { interceptors: [everyMessage] });
  await instance.get(GroupConsumer).waitUntilJoined();
  return instance;
}

function command(counterId: string, data: Record<string, unknown> = {}, id = randomUUID(), options: { type?: string; tenantId?: string } = {}): EventEnvelope {
  return {
    id,
    type: options.type ?? INCREMENT_REQUESTED,
    source: '/crm',
    time: new Date().toISOString(),
    subject: counterId,
    tenantId: options.tenantId ?? 'acme',
    caseId: `case-${counterId}`,
    data: { counterId, ...data },
  };
}

async function send(envelope: EventEnvelope): Promise<void> {
  await probe.send(names.physical(COMMANDS_TOPIC), {
    key: envelope.subject,
    value: JSON.stringify(envelope.data),
    headers: toKafkaHeaders(envelope),
  });
}

async function countOf(counterId: string): Promise<number | undefined> {
  const doc = await mongo.db(dbName).collection('counters').findOne({ _id: counterId as never });
  return doc?.count;
}

const incrementedOf = (counterId: string) => (m: { topic: string; key: string | null }) =>
  m.topic === names.physical(COUNTER_TOPIC) && m.key === counterId;
const deadLettersOf = (counterId: string) => (m: { topic: string; key: string | null }) =>
  m.topic === names.deadLetterTopic && m.key === counterId;

beforeAll(async () => {
  mongo = await MongoClient.connect(env.mongoUrl);
  app = await startApp();
  probe = new TopicProbe(env.kafkaBrokers);
  await probe.watch([names.physical(COUNTER_TOPIC), names.deadLetterTopic, names.physical(COMMANDS_TOPIC)]);
});

afterAll(async () => {
  await probe?.close();
  await app?.close();
  await mongo?.close();
});

describe('messaging against the real broker and store', () => {
  it('publishes events from the outbox with CloudEvents headers that validate against the schema', async () => {
    await send(command('c-headers'));
    const [message] = await probe.waitFor(incrementedOf('c-headers'));
    const envelope = assertValidEvent<{ count: number }>(message, schemas);
    expect(envelope).toMatchObject({ type: INCREMENTED, source: '/aftercare/testing', subject: 'c-headers', tenantId: 'acme', caseId: 'case-c-headers' });
    expect(envelope.data.count).toBe(1);
    expect(message.headers).toMatchObject({ ce_specversion: '1.0', 'content-type': 'application/json' });
    expect(message.headers.ce_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(message.headers.ce_time)).not.toBeNaN();
    expect(message.headers.ce_correlationid).toBeTruthy();
    expect(message.headers.ce_causationid).toBeTruthy();
    expect(message.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    // The relay acknowledges published saves together a moment later (acknowledgeLingerMs).
    const outbox = async () => (await mongo.db(dbName).collection('counters').findOne({ _id: 'c-headers' as never }))?._outbox as unknown[] | undefined;
    await until(async () => (await outbox())?.length === 0, 10_000, 'outbox not emptied after publishing');
    expect(await outbox()).toEqual([]);
  });

  it('retries a handler that fails twice and then succeeds, and applies the message once', async () => {
    const envelope = command('c-flaky', { failTimes: 2 });
    await send(envelope);
    await probe.waitFor(incrementedOf('c-flaky'));
    expect(app.get(CounterHandler).attemptsById.get(envelope.id)).toBe(3);
    expect(await countOf('c-flaky')).toBe(1);
    expect(probe.messages.filter(deadLettersOf('c-flaky'))).toHaveLength(0);
  });

  it('dead-letters a message whose handler always fails and still processes the next one on the partition', async () => {
    const poison = command('c-poison', { alwaysFail: true });
    const next = command('c-poison');
    await send(poison);
    await send(next);
    const [dead] = await probe.waitFor(deadLettersOf('c-poison'));
    // The handler's own error, not Nest's generic RPC "Internal server error": nothing swallowed it.
    expect(dead.headers).toMatchObject({
      [FAILURE_HEADERS.originalTopic]: names.physical(COMMANDS_TOPIC),
      [FAILURE_HEADERS.errorCode]: 'HANDLER_FAILED',
      [FAILURE_HEADERS.errorMessage]: 'counter handler is broken',
      [FAILURE_HEADERS.attempts]: '3',
      ce_id: poison.id,
    });
    expect(Number(dead.headers[FAILURE_HEADERS.originalPartition])).toBeGreaterThanOrEqual(0);
    expect(Number(dead.headers[FAILURE_HEADERS.originalOffset])).toBeGreaterThanOrEqual(0);
    await until(async () => (await countOf('c-poison')) === 1, 20_000, 'the next message was not processed');
  });

  it('dead-letters a schema-invalid and an unparseable message at once, and carries on', async () => {
    const invalid = command('c-garbage', { counterId: 42 });
    await send(invalid);
    await probe.send(names.physical(COMMANDS_TOPIC), { key: 'c-garbage', value: '{not json', headers: toKafkaHeaders(command('c-garbage')) });
    await send(command('c-garbage'));
    const letters = await probe.waitFor(deadLettersOf('c-garbage'), { count: 2 });
    expect(letters.map((l) => l.headers[FAILURE_HEADERS.errorCode]).sort()).toEqual(['MESSAGE_UNPARSEABLE', 'SCHEMA_INVALID']);
    expect(letters.every((l) => l.headers[FAILURE_HEADERS.attempts] === '1')).toBe(true);
    await until(async () => (await countOf('c-garbage')) === 1, 20_000, 'the good message was not processed');
  });

  it('dead-letters at once a DomainError thrown through the Nest handler, with its code, and carries on', async () => {
    const refused = command('c-refused', { refuse: true });
    await send(refused);
    await send(command('c-refused'));
    const [dead] = await probe.waitFor(deadLettersOf('c-refused'));
    expect(dead.headers).toMatchObject({
      [FAILURE_HEADERS.errorCode]: 'COUNTER_REFUSED',
      [FAILURE_HEADERS.errorMessage]: 'counter c-refused refuses increments',
      [FAILURE_HEADERS.attempts]: '1',
      ce_id: refused.id,
    });
    await until(async () => (await countOf('c-refused')) === 1, 20_000, 'the next message was not processed');
    expect(app.get(CounterHandler).attemptsById.get(refused.id)).toBe(1);
  });

  it('changes state once when the same message is delivered twice', async () => {
    const envelope = command('c-dup');
    await send(envelope);
    await send(envelope);
    await probe.waitFor(incrementedOf('c-dup'));
    await until(() => (app.get(CounterHandler).attemptsById.get(envelope.id) ?? 0) >= 2, 20_000, 'second delivery not seen');
    expect(await countOf('c-dup')).toBe(1);
    expect(probe.messages.filter(incrementedOf('c-dup'))).toHaveLength(1);
  });

  it('keeps each partition in order while a slow partition does not hold up the others', async () => {
    const handler = app.get(CounterHandler);
    handler.delayMsByKey.set('c-slow', 1500);
    // Keys chosen to land on different partitions of the three-partition topic.
    const keys = ['c-fast-a', 'c-fast-b', 'c-fast-c', 'c-fast-d'];
    await send(command('c-slow'));
    for (const key of keys) await send(command(key));
    await until(() => handler.processing.some((p) => p.partitionKey === 'c-slow'), 20_000, 'slow message not processed');
    const slowDone = handler.processing.find((p) => p.partitionKey === 'c-slow')!.at;
    const fastDone = handler.processing.filter((p) => keys.includes(p.partitionKey));
    expect(fastDone.some((p) => p.at < slowDone)).toBe(true);
    handler.delayMsByKey.clear();
    const sequence = [1, 2, 3].map(() => command('c-order'));
    for (const envelope of sequence) await send(envelope);
    await probe.waitFor(incrementedOf('c-order'), { count: 3 });
    const counts = probe.messages.filter(incrementedOf('c-order')).map((m) => JSON.parse(m.value!).count);
    expect(counts).toEqual([1, 2, 3]);
  });

  it('handles messages of different aggregates on one partition side by side, and one aggregate\'s in order', async () => {
    const handler = app.get(CounterHandler);
    handler.delayMsByKey.set('p0-slow', 1500);
    const client = new KafkaClient('same-partition', env.kafkaBrokers);
    try {
      const producer = await client.producer();
      const onPartitionZero = (envelope: EventEnvelope) => ({
        key: envelope.subject,
        value: JSON.stringify(envelope.data),
        headers: toKafkaHeaders(envelope),
        partition: 0,
      });
      const slow = command('p0-slow');
      const same = [1, 2, 3].map(() => command('p0-same'));
      await producer.send({ topic: names.physical(COMMANDS_TOPIC), messages: [slow, command('p0-fast'), ...same].map(onPartitionZero) });
      await until(() => handler.processing.some((p) => p.partitionKey === 'p0-slow'), 20_000, 'slow message not processed');
      const slowDone = handler.processing.find((p) => p.partitionKey === 'p0-slow')!.at;
      expect(handler.processing.find((p) => p.partitionKey === 'p0-fast')!.at).toBeLessThan(slowDone);
      await probe.waitFor(incrementedOf('p0-same'), { count: 3 });
      expect(probe.messages.filter(incrementedOf('p0-same')).map((m) => JSON.parse(m.value!).count)).toEqual([1, 2, 3]);
    } finally {
      handler.delayMsByKey.clear();
      await client.close();
    }
  });

  it('shares one trace id between the producer span and the consumer span of a message', async () => {
    spans.reset();
    const tracer = trace.getTracer('test');
    const root = tracer.startSpan('client request');
    const envelope = command('c-trace');
    await context.with(trace.setSpan(context.active(), root), async () => {
      const carrier: Record<string, string> = {};
      propagation.inject(context.active(), carrier);
      await send({ ...envelope, traceparent: carrier.traceparent });
    });
    root.end();
    const [published] = await probe.waitFor(incrementedOf('c-trace'));
    const traceId = root.spanContext().traceId;
    expect(published.headers.traceparent.split('-')[1]).toBe(traceId);
    await until(
      () => spans.getFinishedSpans().some((s) => s.name === `publish ${names.physical(COUNTER_TOPIC)}` && s.spanContext().traceId === traceId),
      10_000,
      'producer span not finished',
    );
    const finished = spans.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    const consumer = finished.find((s) => s.name === `process ${names.physical(COMMANDS_TOPIC)}`);
    const producer = finished.find((s) => s.name === `publish ${names.physical(COUNTER_TOPIC)}`);
    expect(consumer).toBeDefined();
    expect(producer).toBeDefined();
    expect(producer!.parentSpanContext?.spanId).toBe(consumer!.spanContext().spanId);
  });

  it('processes a dead letter replayed after the handler was fixed', async () => {
    const handler = app.get(CounterHandler);
    const broken = command('c-replay', { alwaysFail: true });
    await send(broken);
    await probe.waitFor(deadLettersOf('c-replay'));
    expect(await countOf('c-replay')).toBeUndefined();
    handler.fixed = true;
    const cli = spawnSync(process.execPath, ['-r', '@swc-node/register', path.resolve(__dirname, '../../../tools/dlt/dlt.ts'), 'list', 'testing', '--json'], {
      env: { ...process.env, KAFKA_BROKERS: env.kafkaBrokers.join(','), KAFKA_TOPIC_PREFIX: topicPrefix, SWC_NODE_PROJECT: path.resolve(__dirname, '../../../tsconfig.json') },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(cli.status).toBe(0);
    expect(JSON.parse(cli.stdout).find((l: { id: string }) => l.id === broken.id)).toMatchObject({ errorCode: 'HANDLER_FAILED', attempts: 3 });
    const client = new KafkaClient('dlt-test', env.kafkaBrokers);
    try {
      const listed = await listDeadLetters(client, names);
      expect(listed.find((l) => l.id === broken.id)).toMatchObject({ errorCode: 'HANDLER_FAILED', originalTopic: names.physical(COMMANDS_TOPIC) });
      const replayed = await replayDeadLetters(client, names, (l) => l.id === broken.id);
      expect(replayed).toHaveLength(1);
    } finally {
      await client.close();
    }
    await until(async () => (await countOf('c-replay')) === 1, 20_000, 'replayed dead letter was not processed');
  });

  it('publishes after a restart what a process killed between the state write and the publish had stored', async () => {
    await app.close();
    const script = path.join(__dirname, 'fixtures', 'save-then-die.ts');
    const result = spawnSync(process.execPath, ['-r', '@swc-node/register', script], {
      env: { ...process.env, MONGO_URL: env.mongoUrl, DB_NAME: dbName, COUNTER_ID: 'c-crash', SWC_NODE_PROJECT: path.resolve(__dirname, '../../../tsconfig.json') },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.signal).toBe('SIGKILL');
    const stored = await mongo.db(dbName).collection('counters').findOne({ _id: 'c-crash' as never });
    expect(stored?._outbox).toHaveLength(1);
    expect(probe.messages.filter(incrementedOf('c-crash'))).toHaveLength(0);
    app = await startApp();
    await probe.waitFor(incrementedOf('c-crash'));
    await until(async () => (await mongo.db(dbName).collection('counters').findOne({ _id: 'c-crash' as never }))?._outbox.length === 0, 10_000, 'outbox not emptied');
  });

  it('leases each document to one relay at a time and keeps events appended after the claim', async () => {
    const connection = await connectMongo({ url: env.mongoUrl, dbName: `${dbName}_claims` });
    try {
      const store = new CounterRepository(connection, undefined as never, schemas);
      const counters = Array.from({ length: 20 }, (_, i) => Counter.create(`claim-${i}`, 'acme'));
      for (const counter of counters) {
        counter.increment();
        await store.save(counter);
      }
      // Two relays claiming batches at the same time: a lost race yields a smaller batch, never a shared document.
      const relayLoop = async () => {
        const won: Awaited<ReturnType<typeof store.claim>> = [];
        for (let round = 0; round < 10; round += 1) won.push(...(await store.claim(5, 10_000)));
        return won;
      };
      const [first, second] = await Promise.all([relayLoop(), relayLoop()]);
      const ids = [...first, ...second].map((c) => c.documentId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(20);
      expect(await store.claim(15, 10_000)).toEqual([]);

      const claimedCounter = counters[0];
      const claimed = [...first, ...second].find((c) => c.documentId === claimedCounter.id)!;
      claimedCounter.increment();
      await store.save(claimedCounter);
      await store.acknowledge([...first, ...second].map((c) => ({ documentId: c.documentId, entryIds: c.entries.map((e) => e.envelope.id) })));
      expect(await store.backlog()).toBe(1);
      const [again] = await store.claim(15, 10_000);
      expect(again.documentId).toBe(claimedCounter.id);
      expect(again.entries.map((e) => (e.envelope.data as { count: number }).count)).toEqual([2]);
      expect(claimed.entries.map((e) => (e.envelope.data as { count: number }).count)).toEqual([1]);
    } finally {
      await connection.close();
    }
  });

  it('declares the same new topics from several services starting at once', async () => {
    const topics = [1, 2, 3].map((n) => ({ name: `${topicPrefix}race.${n}`, partitions: 3 }));
    const clients = Array.from({ length: 4 }, (_, i) => new KafkaClient(`race-${i}`, env.kafkaBrokers));
    try {
      await Promise.all(clients.map((client) => client.ensureTopics(topics)));
      const metadata = await (await clients[0].admin()).fetchTopicMetadata({ topics: topics.map((t) => t.name) });
      expect(metadata.topics.map((t) => t.partitions.length)).toEqual([3, 3, 3]);
    } finally {
      await Promise.all(clients.map((client) => client.close()));
    }
  });

  it('declares on the store the unique indexes its hot-path filters are shaped for', async () => {
    const indexes = await mongo.db(dbName).collection('counters').listIndexes().toArray();
    const unique = indexes.filter((index) => index.unique === true).map((index) => ({ name: index.name, key: index.key }));
    expect(unique).toEqual(
      expect.arrayContaining(AGGREGATE_UNIQUE_INDEXES.map((index) => ({ name: index.name, key: index.keys }))),
    );
  });

  it('exposes the outbox repository as a store with no backlog once drained', async () => {
    await until(async () => (await app.get(CounterRepository).backlog()) === 0, 10_000, 'backlog not drained');
  });
});

describe('Nest enhancers on @EventPattern handlers of the messaging transport', () => {
  const inspect = (key: string, data: Record<string, unknown> = {}, tenantId = 'acme') =>
    command(key, data, randomUUID(), { type: INSPECT_REQUESTED, tenantId });
  const inspected = (id: string) => app.get(InspectionHandler).inspected.find((i) => i.id === id);

  it('runs the handler\'s interceptor with the message context, on the first delivery and on the retry', async () => {
    const envelope = inspect('i-retry', { verdict: 'fine', failOnce: true });
    await send(envelope);
    await until(() => Boolean(inspected(envelope.id)), 20_000, 'inspection not handled after its retry');
    const calls = interceptedCalls.filter((c) => c.id === envelope.id);
    expect(calls).toEqual([
      expect.objectContaining({
        contextType: 'rpc',
        handler: 'InspectionHandler.onInspectRequested',
        topic: COMMANDS_TOPIC,
        attempt: 0,
        payload: { counterId: 'i-retry', verdict: 'fine', failOnce: true },
        outcome: 'failed',
      }),
      expect.objectContaining({ attempt: 1, outcome: 'ok' }),
    ]);
    // The retry carries the original position, read from the retry topic's headers.
    expect([calls[1].partition, calls[1].offset]).toEqual([calls[0].partition, calls[0].offset]);
    expect(everyMessage.types).toContain(INSPECT_REQUESTED);
  });

  it('hands the handler what its pipe made of the payload, and dead-letters at once what the pipe refuses', async () => {
    const refused = inspect('i-pipe', { verdict: 'shattered' });
    const accepted = inspect('i-pipe', { verdict: 'worn' });
    await send(refused);
    await send(accepted);
    const [dead] = await probe.waitFor(deadLettersOf('i-pipe'));
    expect(dead.headers).toMatchObject({ [FAILURE_HEADERS.errorCode]: 'MESSAGE_INVALID', [FAILURE_HEADERS.attempts]: '1', ce_id: refused.id });
    expect(dead.headers[FAILURE_HEADERS.errorMessage]).toContain('verdict must be one of the following values');
    await until(() => Boolean(inspected(accepted.id)), 20_000, 'the accepted inspection was not handled');
    expect(inspected(accepted.id)!.command).toBeInstanceOf(InspectCommand);
  });

  it('dead-letters at once what the handler\'s guard refuses, before any interceptor runs', async () => {
    const blocked = inspect('i-guard', {}, 'blocked');
    const allowed = inspect('i-guard');
    await send(blocked);
    await send(allowed);
    const [dead] = await probe.waitFor(deadLettersOf('i-guard'));
    expect(dead.headers).toMatchObject({
      [FAILURE_HEADERS.errorCode]: 'MESSAGE_REJECTED',
      [FAILURE_HEADERS.errorMessage]: 'Forbidden resource',
      [FAILURE_HEADERS.attempts]: '1',
      ce_id: blocked.id,
    });
    await until(() => Boolean(inspected(allowed.id)), 20_000, 'the allowed inspection was not handled');
    expect(interceptedCalls.some((c) => c.id === blocked.id)).toBe(false);
  });

  it('lets the handler\'s exception filter decide the failure: its permanent error is dead-lettered at once with its code', async () => {
    const envelope = inspect('i-filter', { upstreamRefuses: true });
    await send(envelope);
    const [dead] = await probe.waitFor(deadLettersOf('i-filter'));
    expect(dead.headers).toMatchObject({
      [FAILURE_HEADERS.errorCode]: 'UPSTREAM_REFUSED',
      [FAILURE_HEADERS.errorMessage]: 'upstream refused inspection of i-filter',
      [FAILURE_HEADERS.attempts]: '1',
      ce_id: envelope.id,
    });
  });
});
