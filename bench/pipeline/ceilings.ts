import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import { TOPICS } from '@aftercare/contracts';
import { crmMessage, newCase } from './messages';
import { perSecond, round, waitFor } from './stats';
import type { PipelineSystem } from './system';

export interface BrokerHop {
  messages: number;
  messageBytes: number;
  messagesPerSecond: number;
  complete: boolean;
}

export interface StoreRate {
  ops: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * The broker's consume→produce hop with the client the services use (kafkajs): `messages` CRM-sized
 * messages are put on a topic first; then one consumer reads them and produces each to a second
 * topic (one produce call per fetched batch, as a client with linger would), until all are on the
 * second topic. Topics are partitioned like the CRM topic.
 */
export async function measureBrokerHop(system: PipelineSystem, messages: number, timeoutMs: number): Promise<BrokerHop> {
  const { kafka } = system;
  const from = system.topic('bench.hop.in');
  const to = system.topic('bench.hop.out');
  const partitions = TOPICS.crmServiceRequests.partitions;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [from, to].map((topic) => ({ topic, numPartitions: partitions })) });
  await admin.disconnect();

  const sample = crmMessage(newCase());
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  for (let sent = 0; sent < messages; sent += 1000) {
    const batch = Array.from({ length: Math.min(1000, messages - sent) }, (_, i) => ({ ...sample, key: `k-${sent + i}` }));
    await producer.send({ topic: from, messages: batch });
  }

  const consumer = kafka.consumer({ groupId: `bench-hop-${randomUUID()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics: [from], fromBeginning: true });
  let forwarded = 0;
  let started = 0;
  await consumer.run({
    partitionsConsumedConcurrently: partitions,
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      if (!started) started = Date.now();
      await producer.send({ topic: to, messages: batch.messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })) });
      forwarded += batch.messages.length;
      resolveOffset(batch.messages[batch.messages.length - 1].offset);
      await heartbeat();
    },
  });
  const complete = await waitFor(() => forwarded >= messages, timeoutMs, 20);
  const ms = Date.now() - started;
  await consumer.disconnect();
  await producer.disconnect();
  return { messages: forwarded, messageBytes: Buffer.byteLength(sample.value), messagesPerSecond: perSecond(forwarded, ms), complete };
}

/**
 * The store's single-document write rates, one operation at a time (as bench/store-queries does):
 * `insertOne` into a fresh collection, then `updateOne({ _id })` over the documents inserted.
 * Documents are the size of a stored case (`documentBytes`).
 */
export async function measureStoreWrites(db: Db, seconds: number, documentBytes: number): Promise<{ insertOne: StoreRate; updateById: StoreRate; documentBytes: number }> {
  const collection = db.collection<{ _id: string; payload: string; touched: number }>(`bench_ceiling_${Date.now()}`);
  const payload = 'x'.repeat(Math.max(100, documentBytes - 60));
  let inserted = 0;
  const insertOne = await measure(seconds, async () => {
    await collection.insertOne({ _id: `doc-${inserted++}`, payload, touched: 0 });
  });
  const updateById = await measure(seconds, async (i) => {
    await collection.updateOne({ _id: `doc-${(i * 7919) % inserted}` }, { $set: { touched: i } });
  });
  await collection.drop();
  return { insertOne, updateById, documentBytes };
}

async function measure(seconds: number, op: (i: number) => Promise<void>): Promise<StoreRate> {
  const latencies: number[] = [];
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    const t = performance.now();
    await op(latencies.length);
    latencies.push(performance.now() - t);
  }
  const ms = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]);
  return { ops: latencies.length, perSecond: Math.round(latencies.length / (ms / 1000)), p50Ms: at(0.5), p99Ms: at(0.99) };
}
