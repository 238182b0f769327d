import { randomUUID } from 'node:crypto';
import { KafkaClient, MissingTopicsError } from '../src';

// libs/testing depends on libs/messaging, so this test reads the stack's address itself.
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

describe('topics on a cluster that owns them (KAFKA_TOPICS=verify)', () => {
  const prefix = `t.${randomUUID()}.`;
  const present = { name: `${prefix}present`, partitions: 1 };
  const absent = { name: `${prefix}absent`, partitions: 1 };
  const creating = new KafkaClient('topics-create', brokers);
  const verifying = new KafkaClient('topics-verify', brokers, undefined, { topics: 'verify' });

  beforeAll(() => creating.ensureTopics([present]));
  afterAll(() => Promise.all([creating.close(), verifying.close()]));

  it('starts when every topic exists', async () => {
    await expect(verifying.ensureTopics([present])).resolves.toBeUndefined();
  });

  it('refuses to start naming every missing topic and what to do, and creates nothing', async () => {
    const attempt = verifying.ensureTopics([present, absent]);
    await expect(attempt).rejects.toThrow(MissingTopicsError);
    await expect(verifying.ensureTopics([present, absent])).rejects.toThrow(`Kafka topics missing: ${absent.name}. With KAFKA_TOPICS=verify`);
    const admin = await creating.admin();
    expect(await admin.listTopics()).not.toContain(absent.name);
  });
});
