import { spawn, type ChildProcess } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureDevKeys } from '@aftercare/auth';
import { isolate, testEnvironment } from './environment';
import { until } from './topic-probe';

export { freePort } from '@aftercare/testing/ports';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

export interface ServiceProcess {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  /** Sends a signal and resolves with how the process ended. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Environment for a service process against the test stack, isolated from every other test. */
export async function serviceEnvironment(name: string): Promise<NodeJS.ProcessEnv> {
  const env = testEnvironment();
  const { topicPrefix, dbName } = isolate(name);
  const keys = await ensureDevKeys(path.join(os.tmpdir(), 'aftercare-test-keys'));
  return {
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    MONGO_URL: env.mongoUrl,
    MONGO_DB: dbName,
    KAFKA_TOPIC_PREFIX: topicPrefix,
    AUTH_JWKS_URI: keys.jwksUri,
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
  };
}

/** Starts `services/<name>/src/main.ts` as its own process, the way `npm start` does. */
export function startServiceProcess(main: string, env: NodeJS.ProcessEnv, port?: number): ServiceProcess {
  return spawnService(['-r', '@swc-node/register', main], REPO_ROOT, { SWC_NODE_PROJECT: path.join(REPO_ROOT, 'tsconfig.json'), ...env }, port);
}

/** Starts a built bundle (`nx run <service>:build`) with plain node, from its own folder. */
export function startBundleProcess(bundleDir: string, env: NodeJS.ProcessEnv, port?: number): ServiceProcess {
  return spawnService(['--enable-source-maps', 'main.js'], bundleDir, env, port);
}

function spawnService(args: string[], cwd: string, env: NodeJS.ProcessEnv, port?: number): ServiceProcess {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, ...(port ? { PORT: String(port) } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    baseUrl: `http://127.0.0.1:${port ?? env.PORT}`,
    output: () => output,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export async function waitUntilReady(service: ServiceProcess, timeoutMs = 90_000): Promise<void> {
  let exited = false;
  void service.exited.then(() => (exited = true));
  await until(
    async () => {
      if (exited) throw new Error(`service exited before it was ready:\n${service.output()}`);
      try {
        return (await fetch(`${service.baseUrl}/health/ready`)).status === 200;
      } catch {
        return false;
      }
    },
    timeoutMs,
    () => `service at ${service.baseUrl} not ready:\n${service.output().slice(-3000)}`,
  );
}
