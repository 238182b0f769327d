import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { baseConfigShape, loadConfig } from '@aftercare/observability';
import { KafkaClient, kafkaSecurityFrom, type TokenSource } from '../src';
import { startOAuthServer, type OAuthServer } from './support/oauth-server';
import { startSecuredBroker, type SecuredBroker } from './support/secured-broker';
import { certificateAuthority, signedCertificate, type Pem } from './support/test-pki';

/**
 * Our client against a broker with one listener per way a real cluster lets a service in —
 * SCRAM over TLS, mutual TLS, OAUTHBEARER over TLS — configured by the same `KAFKA_*` settings
 * a service reads, validated the way a service validates them at start (`loadConfig`). One broker
 * serves every case of the file.
 */
describe('a broker that requires TLS and a client identity', () => {
  const scramUser = { name: 'dispatch', password: randomUUID() };
  const oauthClient = { id: 'dispatch', secret: randomUUID() };
  let dir: string;
  let clientCa: Pem;
  let oauth: OAuthServer;
  let broker: SecuredBroker;
  const clients: KafkaClient[] = [];

  /** What a service does at start: settings from the environment, validated, turned into a connection. */
  const clientWith = (bootstrap: string, env: Record<string, string>, tokenSource?: TokenSource) => {
    const config = loadConfig('dispatch', baseConfigShape, { MONGO_URL: 'mongodb://127.0.0.1:1', AUTH_JWKS_URI: 'http://127.0.0.1:1/jwks', KAFKA_BROKERS: bootstrap, ...env });
    const client = new KafkaClient('secured-broker-test', config.KAFKA_BROKERS.split(','), undefined, { security: kafkaSecurityFrom(config, tokenSource) });
    clients.push(client);
    return client;
  };
  const trustCluster = () => ({ KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: broker.caFile });
  const createsAndListsATopic = async (client: KafkaClient) => {
    const topic = `t.${randomUUID()}.secured`;
    await client.ensureTopics([{ name: topic, partitions: 1 }]);
    expect(await (await client.admin()).listTopics()).toContain(topic);
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aftercare-secured-clients-'));
    clientCa = certificateAuthority(dir, 'clients-ca');
    oauth = await startOAuthServer(oauthClient);
    broker = await startSecuredBroker({ scramUser, clientCa, oauth, readyWithinMs: 150_000 });
  }, 180_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await broker?.stop();
    await oauth?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  describe('SASL/SCRAM-SHA-512 over TLS', () => {
    const scram = (password: string) => ({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: scramUser.name, KAFKA_SASL_PASSWORD: password });

    it('lets the user in with its password: topics are created and listed', async () => {
      await createsAndListsATopic(clientWith(broker.scram, { ...trustCluster(), ...scram(scramUser.password) }));
    }, 120_000);

    it('refuses a wrong password, saying authentication failed', async () => {
      await expect(clientWith(broker.scram, { ...trustCluster(), ...scram('not-the-password') }).admin()).rejects.toThrow(/SASL SCRAM SHA512 authentication failed.*invalid credentials/s);
    }, 120_000);

    it('does not talk to a broker whose certificate the configured CA does not vouch for', async () => {
      const otherCa = certificateAuthority(dir, 'not-the-cluster-ca');
      await expect(clientWith(broker.scram, { KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: otherCa.certificateFile, ...scram(scramUser.password) }).admin()).rejects.toThrow(
        /unable to verify the first certificate|self-signed certificate|unable to get local issuer certificate/,
      );
    }, 120_000);
  });

  // The broker (Java's TLS) ends the handshake with an alert: bad_certificate when none was sent, certificate_unknown for one it cannot trust.
  describe('mutual TLS (a client certificate)', () => {
    const withCertificate = (pem: Pem) => ({ ...trustCluster(), KAFKA_TLS_CERT_FILE: pem.certificateFile, KAFKA_TLS_KEY_FILE: pem.keyFile });

    it('lets in a client whose certificate the cluster trusts: topics are created and listed', async () => {
      await createsAndListsATopic(clientWith(broker.mutualTls, withCertificate(signedCertificate(dir, clientCa, 'dispatch'))));
    }, 120_000);

    it('refuses a client without a certificate', async () => {
      await expect(clientWith(broker.mutualTls, trustCluster()).admin()).rejects.toThrow(/alert bad certificate/);
    }, 120_000);

    it('refuses a certificate from another CA', async () => {
      const strangerCa = certificateAuthority(dir, 'stranger-ca');
      await expect(clientWith(broker.mutualTls, withCertificate(signedCertificate(dir, strangerCa, 'intruder'))).admin()).rejects.toThrow(/alert certificate unknown/);
    }, 120_000);
  });

  describe('SASL/OAUTHBEARER over TLS (client-credentials grant)', () => {
    const oauthSettings = (secret: string) => ({
      KAFKA_SASL_MECHANISM: 'oauthbearer',
      KAFKA_SASL_OAUTH_TOKEN_URL: oauth.tokenUrl,
      KAFKA_SASL_OAUTH_CLIENT_ID: oauthClient.id,
      KAFKA_SASL_OAUTH_CLIENT_SECRET: secret,
      KAFKA_SASL_OAUTH_SCOPE: 'kafka',
    });

    it('obtains a token from the token endpoint and is let in with it: topics are created and listed', async () => {
      await createsAndListsATopic(clientWith(broker.oauth, { ...trustCluster(), ...oauthSettings(oauthClient.secret) }));
    }, 120_000);

    it('is refused by the broker with a token the identity provider did not sign', async () => {
      const forged: TokenSource = async () => ({ value: oauth.foreignToken(oauthClient.id) });
      await expect(clientWith(broker.oauth, { ...trustCluster(), ...oauthSettings(oauthClient.secret) }, forged).admin()).rejects.toThrow(/SASL OAUTHBEARER authentication failed: 127\.0\.0\.1:\d+ refused the token: .*invalid_token/);
    }, 120_000);

    it('does not connect when the token endpoint refuses its client secret, and says so', async () => {
      await expect(clientWith(broker.oauth, { ...trustCluster(), ...oauthSettings('not-the-secret') }).admin()).rejects.toThrow(`the token endpoint ${oauth.tokenUrl} answered 401`);
    }, 120_000);
  });
});

