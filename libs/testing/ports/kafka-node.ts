import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { freePort } from './free-port';

/**
 * A throw-away single-node Kafka (KRaft, broker and controller in one JVM) for a test that needs
 * a broker of its own: one it secures differently from the shared stack's, or one it stops and
 * starts again. It runs the jars the local stack provisioned (`.stack/kafka/libs-<version>` of
 * 4.x) on free ports of its own and never touches the stack's broker.
 */
export interface KafkaNode {
  /** `127.0.0.1:<port>` of each client listener, by the name it was given. */
  bootstrap: Record<string, string>;
  /** Stops the broker (a controlled shutdown) and keeps its data, so `start` brings the same cluster back. */
  stop(): Promise<void>;
  /** Starts the stopped broker again on the same ports and data. */
  start(): Promise<void>;
  /** The broker's own log so far. */
  log(): string;
}

export type SecurityProtocol = 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL';

export interface KafkaNodeOptions {
  /** A folder of the test's own: the broker's configuration, data and log go there. */
  dir: string;
  /** Client listeners, by name, with their security protocol; each gets a free port. */
  listeners: Record<string, SecurityProtocol>;
  /** More `server.properties` lines (listener security, authentication). */
  properties?: string[];
  /** More arguments to `StorageTool format` (e.g. `--add-scram`). */
  formatArguments?: string[];
  /** More JVM system properties (`-D…`). */
  jvmArguments?: string[];
  readyWithinMs: number;
}

const ROOT = path.resolve(__dirname, '../../..');

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

export async function startKafkaNode(options: KafkaNodeOptions): Promise<KafkaNode> {
  const { dir } = options;
  const clientPorts: Record<string, number> = {};
  for (const name of Object.keys(options.listeners)) clientPorts[name] = await freePort();
  const internal = await freePort();
  const controller = await freePort();
  const clientListeners = Object.entries(clientPorts).map(([name, port]) => `${name}://127.0.0.1:${port}`);
  const protocols = Object.entries(options.listeners).map(([name, protocol]) => `${name}:${protocol}`);
  const props = path.join(dir, 'server.properties');
  fs.writeFileSync(
    props,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controller}`,
      `listeners=${[...clientListeners, `INTERNAL://127.0.0.1:${internal}`, `CONTROLLER://127.0.0.1:${controller}`].join(',')}`,
      `advertised.listeners=${[...clientListeners, `INTERNAL://127.0.0.1:${internal}`].join(',')}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=INTERNAL',
      `listener.security.protocol.map=${[...protocols, 'CONTROLLER:PLAINTEXT', 'INTERNAL:PLAINTEXT'].join(',')}`,
      ...(options.properties ?? []),
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
  const format = spawnSync('java', [...classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', props, ...(options.formatArguments ?? [])], { encoding: 'utf8' });
  if (format.status !== 0) throw new Error(`formatting the throw-away broker failed: ${format.stdout}${format.stderr}`);

  const logFile = path.join(dir, 'broker.log');
  const log = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
  let java: ChildProcess | undefined;
  const start = async () => {
    const out = fs.openSync(logFile, 'a');
    const started = spawn('java', ['-Xms128m', '-Xmx384m', ...(options.jvmArguments ?? []), ...classpath, 'kafka.Kafka', props], { stdio: ['ignore', out, out] });
    fs.closeSync(out);
    java = started;
    const deadline = Date.now() + options.readyWithinMs;
    while (!(await allListening(Object.values(clientPorts)))) {
      if (started.exitCode !== null || Date.now() > deadline) {
        started.kill('SIGKILL');
        throw new Error(`the throw-away broker did not listen within ${options.readyWithinMs} ms: ${log().slice(-3000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  const stop = async () => {
    const running = java;
    java = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    bootstrap: Object.fromEntries(Object.entries(clientPorts).map(([name, port]) => [name, `127.0.0.1:${port}`])),
    stop,
    start,
    log,
  };
}
