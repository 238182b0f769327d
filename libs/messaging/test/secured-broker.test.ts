import { randomUUID } from 'node:crypto';
import { KafkaClient, kafkaSecurityFrom } from '../src';
import { startScramBroker, type ScramBroker } from './support/scram-broker';

/**
 * Our client against a broker that takes only SASL/SCRAM-SHA-512 over TLS (what a Strimzi
 * KafkaUser of type scram-sha-512 meets), configured by the same KAFKA_TLS* and KAFKA_SASL_*
 * settings a service reads.
 */
describe('a broker that requires TLS and SASL/SCRAM', () => {
  const user = { name: 'dispatch', password: randomUUID() };
  let broker: ScramBroker;
  const clients: KafkaClient[] = [];
  const clientWith = (password: string, trustBrokerCa = true) => {
    const client = new KafkaClient('scram-test', [broker.bootstrap], undefined, {
      security: kafkaSecurityFrom({
        KAFKA_TLS: true,
        ...(trustBrokerCa ? { KAFKA_TLS_CA_FILE: broker.caFile } : {}),
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: user.name,
        KAFKA_SASL_PASSWORD: password,
      }),
    });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    broker = await startScramBroker(user, 150_000);
  }, 180_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await broker?.stop();
  }, 60_000);

  it('lets the user in over TLS with its password: topics are created and listed', async () => {
    const client = clientWith(user.password);
    const topic = `t.${randomUUID()}.scram`;
    await client.ensureTopics([{ name: topic, partitions: 1 }]);
    const admin = await client.admin();
    expect(await admin.listTopics()).toContain(topic);
  }, 120_000);

  it('refuses a wrong password, saying authentication failed', async () => {
    const client = clientWith('not-the-password');
    await expect(client.admin()).rejects.toThrow(/SASL SCRAM SHA512 authentication failed.*invalid credentials/s);
  }, 120_000);

  it('does not talk to a broker whose certificate the configured CA does not vouch for', async () => {
    const client = clientWith(user.password, false);
    await expect(client.admin()).rejects.toThrow(/self-signed certificate/);
  }, 120_000);
});
