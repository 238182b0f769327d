import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '@aftercare/testing/ports';
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
 * It runs the jars the local stack provisioned (`.stack/kafka/libs-<version>` of 4.x) on free
 * ports of its own, never touching the stack's broker.
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

const ROOT = path.resolve(__dirname, '../../../..');

function stackJars(): string {
  const dir = path.join(ROOT, '.stack', 'kafka');
  const lines = fs.existsSync(dir) ? fs.readdirSync(dir).filter((d) => /^libs-4\.\d+\.\d+$/.test(d)).sort() : [];
  if (!lines.length) throw new Error(`no Kafka 4 jars in ${dir}: start the local stack once (node tools/stack/stack.cjs up), it provisions them`);
  return path.join(dir, lines[lines.length - 1]);
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function allListening(ports: number[]): Promise<boolean> {
  return (await Promise.all(ports.map(listening))).every(Boolean);
}

function serverProperties(dir: string, ports: Record<'scram' | 'mutualTls' | 'oauth' | 'internal' | 'controller', number>, keyStore: string, options: SecuredBrokerOptions): string {
  const clientListeners = `SCRAM://127.0.0.1:${ports.scram},MTLS://127.0.0.1:${ports.mutualTls},OAUTH://127.0.0.1:${ports.oauth}`;
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${ports.controller}`,
    `listeners=${clientListeners},INTERNAL://127.0.0.1:${ports.internal},CONTROLLER://127.0.0.1:${ports.controller}`,
    `advertised.listeners=${clientListeners},INTERNAL://127.0.0.1:${ports.internal}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=INTERNAL',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,SCRAM:SASL_SSL,MTLS:SSL,OAUTH:SASL_SSL',
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
    `log.dirs=${path.join(dir, 'data')}`,
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    '',
  ].join('\n');
}

export async function startSecuredBroker(options: SecuredBrokerOptions): Promise<SecuredBroker> {
  const ports = { scram: await freePort(), mutualTls: await freePort(), oauth: await freePort(), internal: await freePort(), controller: await freePort() };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aftercare-secured-broker-'));
  const clusterCa = certificateAuthority(dir, 'cluster-ca');
  const brokerPem = signedCertificate(dir, clusterCa, 'broker', '127.0.0.1');
  // Kafka's PEM key store: the private key and the certificate in one file.
  const keyStore = path.join(dir, 'broker.pem');
  fs.writeFileSync(keyStore, fs.readFileSync(brokerPem.keyFile, 'utf8') + fs.readFileSync(brokerPem.certificateFile, 'utf8'));
  const props = path.join(dir, 'server.properties');
  fs.writeFileSync(props, serverProperties(dir, ports, keyStore, options));
  const classpath = ['-cp', `${stackJars()}${path.sep}*`];
  // A KRaft cluster id is 16 random bytes in URL-safe base64; one starting with "-" reads as an option.
  const clusterId = `A${randomBytes(16).toString('base64url').slice(1, 22)}`;
  const { name, password } = options.scramUser;
  const format = spawnSync('java', [...classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', props, '--add-scram', `SCRAM-SHA-512=[name=${name},password=${password}]`], {
    encoding: 'utf8',
  });
  if (format.status !== 0) throw new Error(`formatting the secured broker failed: ${format.stdout}${format.stderr}`);
  const log = fs.openSync(path.join(dir, 'broker.log'), 'a');
  // Kafka 4 fetches only the OAuth URLs it is told to allow (org.apache.kafka.sasl.oauthbearer.allowed.urls).
  const allowJwks = `-Dorg.apache.kafka.sasl.oauthbearer.allowed.urls=${options.oauth.jwksUrl}`;
  const java: ChildProcess = spawn('java', ['-Xms128m', '-Xmx384m', allowJwks, ...classpath, 'kafka.Kafka', props], { stdio: ['ignore', log, log] });
  const deadline = Date.now() + options.readyWithinMs;
  while (!(await allListening([ports.scram, ports.mutualTls, ports.oauth]))) {
    if (java.exitCode !== null || Date.now() > deadline) {
      java.kill('SIGKILL');
      throw new Error(`the secured broker did not listen within ${options.readyWithinMs} ms: ${fs.readFileSync(path.join(dir, 'broker.log'), 'utf8').slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    scram: `127.0.0.1:${ports.scram}`,
    mutualTls: `127.0.0.1:${ports.mutualTls}`,
    oauth: `127.0.0.1:${ports.oauth}`,
    caFile: clusterCa.certificateFile,
    stop: async () => {
      const exited = new Promise((resolve) => java.once('exit', resolve));
      java.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
