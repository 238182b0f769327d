import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startKafkaNode } from '@aftercare/testing/kafka-node';
import { certificateAuthority, signedCertificate, type Pem } from './test-pki';

/**
 * A throw-away single-node Kafka with one client listener per way a managed cluster lets a
 * service in, each refusing everything else:
 * - `scram`: SASL/SCRAM-SHA-512 over TLS, one user created at format time (KRaft keeps SCRAM
 *   credentials in its metadata) — a Strimzi KafkaUser of type scram-sha-512;
 * - `mutualTls`: TLS that requires a client certificate signed by the given client CA — a Strimzi
 *   KafkaUser of type tls (the principal is `User:CN=<name>`);
 * - `oauth`: SASL/OAUTHBEARER over TLS, tokens checked by Kafka's own JWT validator against the
 *   given JWKS, issuer and audience (KIP-768) — Strimzi's oauth listener, or a managed cluster
 *   behind an identity provider.
 * The broker's certificate (for 127.0.0.1) is signed by a cluster CA of its own, made by openssl.
 * A throw-away node (`@aftercare/testing/kafka-node`), never the stack's broker.
 */
export interface SecuredBroker {
  scram: string;
  mutualTls: string;
  oauth: string;
  /** The CA (PEM) that signed the broker's certificate, to trust as the cluster CA. */
  caFile: string;
  stop(): Promise<void>;
}

export interface SecuredBrokerOptions {
  scramUser: { name: string; password: string };
  /** The CA whose client certificates the mutual-TLS listener accepts. */
  clientCa: Pem;
  oauth: { jwksUrl: string; issuer: string; audience: string };
  readyWithinMs: number;
}

/** Kafka's own authentication of each listener: SCRAM, a client certificate, or a JWT checked against the JWKS. */
function listenerSecurity(keyStore: string, options: SecuredBrokerOptions): string[] {
  return [
    'ssl.keystore.type=PEM',
    `ssl.keystore.location=${keyStore}`,
    'listener.name.scram.sasl.enabled.mechanisms=SCRAM-SHA-512',
    'listener.name.scram.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'listener.name.mtls.ssl.client.auth=required',
    'listener.name.mtls.ssl.truststore.type=PEM',
    `listener.name.mtls.ssl.truststore.location=${options.clientCa.certificateFile}`,
    'listener.name.oauth.sasl.enabled.mechanisms=OAUTHBEARER',
    'listener.name.oauth.oauthbearer.sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;',
    'listener.name.oauth.oauthbearer.sasl.server.callback.handler.class=org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler',
    `listener.name.oauth.oauthbearer.sasl.oauthbearer.jwks.endpoint.url=${options.oauth.jwksUrl}`,
    `listener.name.oauth.oauthbearer.sasl.oauthbearer.expected.issuer=${options.oauth.issuer}`,
    `listener.name.oauth.oauthbearer.sasl.oauthbearer.expected.audience=${options.oauth.audience}`,
  ];
}

export async function startSecuredBroker(options: SecuredBrokerOptions): Promise<SecuredBroker> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aftercare-secured-broker-'));
  const clusterCa = certificateAuthority(dir, 'cluster-ca');
  const brokerPem = signedCertificate(dir, clusterCa, 'broker', '127.0.0.1');
  // Kafka's PEM key store: the private key and the certificate in one file.
  const keyStore = path.join(dir, 'broker.pem');
  fs.writeFileSync(keyStore, fs.readFileSync(brokerPem.keyFile, 'utf8') + fs.readFileSync(brokerPem.certificateFile, 'utf8'));
  const { name, password } = options.scramUser;
  const node = await startKafkaNode({
    dir,
    listeners: { SCRAM: 'SASL_SSL', MTLS: 'SSL', OAUTH: 'SASL_SSL' },
    properties: listenerSecurity(keyStore, options),
    // KRaft keeps SCRAM credentials in its metadata: the user is created at format time.
    formatArguments: ['--add-scram', `SCRAM-SHA-512=[name=${name},password=${password}]`],
    // Kafka 4 fetches only the OAuth URLs it is told to allow (org.apache.kafka.sasl.oauthbearer.allowed.urls).
    jvmArguments: [`-Dorg.apache.kafka.sasl.oauthbearer.allowed.urls=${options.oauth.jwksUrl}`],
    readyWithinMs: options.readyWithinMs,
  });
  return {
    scram: node.bootstrap.SCRAM,
    mutualTls: node.bootstrap.MTLS,
    oauth: node.bootstrap.OAUTH,
    caFile: clusterCa.certificateFile,
    stop: async () => {
      await node.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
