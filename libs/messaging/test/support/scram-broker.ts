import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A throw-away single-node Kafka whose client listener takes only SASL/SCRAM-SHA-512 over TLS
 * (what a Strimzi KafkaUser of type scram-sha-512 meets), with one user created at format time
 * (KRaft stores SCRAM credentials in its metadata) and a self-signed certificate for 127.0.0.1
 * made by openssl. It runs the jars the local stack provisioned (`.stack/kafka/libs-<version>` of
 * 4.x) on free ports of its own, never touching the stack's broker.
 */
export interface ScramBroker {
  bootstrap: string;
  /** The broker's certificate (PEM), to trust as the cluster CA. */
  caFile: string;
  stop(): Promise<void>;
}

/** A key and a self-signed certificate for 127.0.0.1, and one PEM file holding both (the broker's key store). */
function selfSignedCertificate(dir: string): { certificate: string; keyStore: string } {
  const key = path.join(dir, 'broker.key');
  const certificate = path.join(dir, 'broker.crt');
  const made = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', certificate, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`openssl could not make the broker certificate: ${made.stderr}`);
  const keyStore = path.join(dir, 'broker.pem');
  fs.writeFileSync(keyStore, fs.readFileSync(key, 'utf8') + fs.readFileSync(certificate, 'utf8'));
  return { certificate, keyStore };
}

const ROOT = path.resolve(__dirname, '../../../..');

function stackJars(): string {
  const dir = path.join(ROOT, '.stack', 'kafka');
  const lines = fs.existsSync(dir) ? fs.readdirSync(dir).filter((d) => /^libs-4\.\d+\.\d+$/.test(d)).sort() : [];
  if (!lines.length) throw new Error(`no Kafka 4 jars in ${dir}: start the local stack once (node tools/stack/stack.cjs up), it provisions them`);
  return path.join(dir, lines[lines.length - 1]);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

export async function startScramBroker(user: { name: string; password: string }, readyWithinMs: number): Promise<ScramBroker> {
  const [sasl, internal, controller] = [await freePort(), await freePort(), await freePort()];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aftercare-scram-broker-'));
  const props = path.join(dir, 'server.properties');
  const tls = selfSignedCertificate(dir);
  fs.writeFileSync(
    props,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controller}`,
      `listeners=SASL_SSL://127.0.0.1:${sasl},PLAINTEXT://127.0.0.1:${internal},CONTROLLER://127.0.0.1:${controller}`,
      `advertised.listeners=SASL_SSL://127.0.0.1:${sasl},PLAINTEXT://127.0.0.1:${internal}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL',
      'sasl.enabled.mechanisms=SCRAM-SHA-512',
      'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
      'ssl.keystore.type=PEM',
      `ssl.keystore.location=${tls.keyStore}`,
      `log.dirs=${path.join(dir, 'data')}`,
      'offsets.topic.replication.factor=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      '',
    ].join('\n'),
  );
  const classpath = ['-cp', `${stackJars()}${path.sep}*`];
  // A KRaft cluster id is 16 random bytes in URL-safe base64; one starting with "-" reads as an option.
  const clusterId = `A${randomBytes(16).toString('base64url').slice(1, 22)}`;
  const format = spawnSync(
    'java',
    [...classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', props, '--add-scram', `SCRAM-SHA-512=[name=${user.name},password=${user.password}]`],
    { encoding: 'utf8' },
  );
  if (format.status !== 0) throw new Error(`formatting the SCRAM broker failed: ${format.stdout}${format.stderr}`);
  const log = fs.openSync(path.join(dir, 'broker.log'), 'a');
  const java: ChildProcess = spawn('java', ['-Xms128m', '-Xmx384m', ...classpath, 'kafka.Kafka', props], { stdio: ['ignore', log, log] });
  const deadline = Date.now() + readyWithinMs;
  while (!(await listening(sasl))) {
    if (java.exitCode !== null || Date.now() > deadline) {
      java.kill('SIGKILL');
      throw new Error(`the SCRAM broker did not listen within ${readyWithinMs} ms: ${fs.readFileSync(path.join(dir, 'broker.log'), 'utf8').slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    bootstrap: `127.0.0.1:${sasl}`,
    caFile: tls.certificate,
    stop: async () => {
      const exited = new Promise((resolve) => java.once('exit', resolve));
      java.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
