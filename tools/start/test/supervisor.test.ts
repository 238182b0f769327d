import { spawn, type ChildProcess } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, isolate, REPO_ROOT, testEnvironment, until } from '@aftercare/testing';

/**
 * Issue 9, item 2: `npm start` (tools/start/start.ts, what tools/run.cjs runs once installed)
 * against the already running stack — KAFKA_BROKERS / MONGO_URL name it, so nothing is started
 * for it — with databases, topics and ports of this test's own. One service is killed with
 * SIGKILL: it must be restarted and answer ready again while the other four keep running the
 * same processes and keep answering; SIGTERM to the supervisor then stops all of them.
 */
const SERVICES = ['intake', 'dispatch', 'parts', 'claims', 'survey'] as const;
const VICTIM = 'intake';

describe('npm start supervises the services', () => {
  let supervisor: ChildProcess | undefined;
  let output = '';
  const started = new Map<string, number[]>();

  afterAll(async () => {
    // Only if an assertion failed half-way: nothing this test started may outlive it.
    if (supervisor && supervisor.exitCode === null && supervisor.signalCode === null) supervisor.kill('SIGKILL');
    for (const pids of started.values()) for (const pid of pids) killQuietly(pid);
  });

  it('restarts a service killed with SIGKILL while the others stay up, and stops them all on SIGTERM', async () => {
    const env = testEnvironment();
    const { topicPrefix, dbName } = isolate('npm-start');
    const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (name) => [name, await freePort()] as const)));
    supervisor = spawn(process.execPath, ['-r', '@swc-node/register', path.join('tools', 'start', 'start.ts')], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        SWC_NODE_PROJECT: path.join(REPO_ROOT, 'tsconfig.json'),
        KAFKA_BROKERS: env.kafkaBrokers.join(','),
        MONGO_URL: env.mongoUrl,
        KAFKA_TOPIC_PREFIX: topicPrefix,
        MONGO_DB_PREFIX: `${dbName}_`,
        AUTH_DEV_KEYS_DIR: path.join(os.tmpdir(), 'aftercare-test-keys'),
        LOG_LEVEL: 'warn',
        ...Object.fromEntries(SERVICES.map((name) => [`${name.toUpperCase()}_PORT`, String(ports[name])])),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      supervisor!.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const record = (chunk: Buffer) => {
      output += chunk.toString();
      for (const [, name, pid] of output.matchAll(/aftercare: (\w+) started \(pid (\d+)\)/g)) {
        const pids = started.get(name) ?? [];
        if (!pids.includes(Number(pid))) started.set(name, [...pids, Number(pid)]);
      }
    };
    supervisor.stdout!.on('data', record);
    supervisor.stderr!.on('data', record);
    const tail = () => output.slice(-4000);
    const ready = async (name: string) => {
      try {
        const response = await fetch(`http://127.0.0.1:${ports[name]}/health/ready`);
        return response.status === 200;
      } catch {
        return false;
      }
    };

    await until(() => output.includes('Aftercare is up:'), 400_000, () => `not every service came up:\n${tail()}`);
    for (const name of SERVICES) expect(output).toContain(`aftercare: ${name} is up: http://127.0.0.1:${ports[name]}/api/v1`);
    const others = SERVICES.filter((name) => name !== VICTIM);
    // What runs now must still run at the end (a service may have been restarted while the machine was slow to start them all).
    const pidsBefore = Object.fromEntries(others.map((name) => [name, started.get(name)]));

    const [victimPid] = started.get(VICTIM)!;
    process.kill(victimPid, 'SIGKILL');

    const unanswered: string[] = [];
    await until(
      async () => {
        for (const name of others) if (!(await ready(name))) unanswered.push(name);
        return output.includes(`aftercare: ${VICTIM} is up again: http://127.0.0.1:${ports[VICTIM]}/api/v1`);
      },
      300_000,
      () => `${VICTIM} did not come back:\n${tail()}`,
    );

    expect(output).toMatch(new RegExp(`aftercare: ${VICTIM} was killed \\(SIGKILL\\) after [\\d.]+ s; restarting in [\\d.]+ s \\(restart \\d+\\)`));
    expect(started.get(VICTIM)!.at(-1)).not.toBe(victimPid);
    expect(await ready(VICTIM)).toBe(true);
    expect(unanswered).toEqual([]);
    for (const name of others) {
      expect(started.get(name)).toEqual(pidsBefore[name]);
      expect(isAlive(started.get(name)![0])).toBe(true);
    }
    expect(output).not.toContain('stopping the services');

    supervisor.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(output).toContain('SIGTERM: stopping the services');
    expect(output).not.toContain('stopping the local stack');
    for (const pids of started.values()) expect(isAlive(pids.at(-1)!)).toBe(false);
  }, 720_000);
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
