import { randomUUID } from 'node:crypto';
import { toKafkaHeaders } from '@aftercare/contracts';
import { GroupConsumer, type GroupConsumerSettings, type KafkaClient, type TopicNames } from '../../src';

// libs/testing depends on libs/messaging, so these tests read the stack's address themselves.
export const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
export const quiet = { error: () => undefined, warn: () => undefined, log: () => undefined };
/** The topic the consumer-group tests read: an `orders` service's own things. */
export const THINGS = 'orders.internal.things.v1';

/** Puts `count` things on the topic, each its own key and CloudEvents id; resolves with the ids. */
export async function sendThings(client: KafkaClient, names: TopicNames, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  const producer = await client.producer();
  await producer.send({
    topic: names.physical(THINGS),
    messages: ids.map((id) => ({
      key: id,
      value: '{}',
      headers: toKafkaHeaders({ id, type: 'orders.thing.happened.v1', source: '/aftercare/orders', time: new Date().toISOString(), subject: id, tenantId: 'acme', data: {} }),
    })),
  });
  return ids;
}

/** A group of the `orders` service reading the things, each handled message's id added to `handled`; started and joined. */
export async function startThingsGroup(client: KafkaClient, names: TopicNames, settings: Partial<GroupConsumerSettings>, handled: Set<string>): Promise<GroupConsumer> {
  const group = new GroupConsumer(
    client,
    names,
    { retry: { maxAttempts: 3, initialDelayMs: 100, maxDelayMs: 200 }, lanes: 1, partitionsConsumedConcurrently: 1, keysInFlight: 4, fromBeginning: true, ...settings },
    undefined,
    quiet,
  );
  group.register(THINGS, undefined, 'things', async (envelope) => void handled.add(envelope.id));
  await group.start();
  await group.waitUntilJoined();
  return group;
}

/** Resolves once `condition` holds, checked every 100 ms; fails naming `what` after `timeoutMs`. */
export async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
