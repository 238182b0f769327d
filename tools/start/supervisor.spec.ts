import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { CrashSeries, DEFAULT_BACKOFF, restartDelay, Supervisor, type ServiceSpec } from './supervisor';

class FakeChild extends EventEmitter {
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly signals: NodeJS.Signals[] = [];

  constructor(readonly pid: number) {
    super();
  }

  kill(signal: NodeJS.Signals): boolean {
    this.signals.push(signal);
    this.die(null, signal);
    return true;
  }

  die(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.exitCode !== null || this.signalCode !== null) return;
    this.exitCode = code;
    this.signalCode = signal;
    this.emit('exit', code, signal);
  }
}

const spec = (name: string): ServiceSpec => ({
  name,
  command: 'node',
  args: [],
  env: {},
  cwd: '/',
  readyUrl: `http://${name}/health/ready`,
  describe: `http://${name}/api/v1`,
});

function harness(names: string[], policy = { initialMs: 1_000, maxMs: 8_000, stableAfterMs: 60_000 }) {
  let clock = 0;
  let nextPid = 100;
  const children = new Map<string, FakeChild[]>();
  const lines: string[] = [];
  const ready = new Set<string>();
  let allUp = 0;
  const supervisor = new Supervisor(names.map(spec), {
    policy,
    log: (line) => lines.push(line),
    output: () => undefined,
    onAllUp: () => (allUp += 1),
    spawn: (s) => {
      const child = new FakeChild(nextPid++);
      children.set(s.name, [...(children.get(s.name) ?? []), child]);
      return child as unknown as ChildProcess;
    },
    isReady: async (url) => ready.has(url),
    readyPollMs: 100,
    stopGraceMs: 5_000,
    now: () => clock,
  });
  return {
    supervisor,
    lines,
    latest: (name: string) => children.get(name)!.at(-1)!,
    spawned: (name: string) => children.get(name)?.length ?? 0,
    markReady: (name: string) => ready.add(`http://${name}/health/ready`),
    advance: async (ms: number) => {
      clock += ms;
      await jest.advanceTimersByTimeAsync(ms);
    },
    allUp: () => allUp,
  };
}

describe('restartDelay', () => {
  it('doubles with each crash in a row, from the first wait up to the cap', () => {
    const policy = { initialMs: 1_000, maxMs: 30_000, stableAfterMs: 60_000 };
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => restartDelay(n, policy))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it('waits a second, at most half a minute, by default', () => {
    expect(restartDelay(1)).toBe(1_000);
    expect(restartDelay(50)).toBe(DEFAULT_BACKOFF.maxMs);
  });
});

describe('CrashSeries', () => {
  it('counts crashes in a row and starts again from the first wait after a run that lasted', () => {
    const series = new CrashSeries({ initialMs: 1_000, maxMs: 30_000, stableAfterMs: 60_000 });
    expect(series.crashed(2_000)).toEqual({ delayMs: 1_000, inARow: 1 });
    expect(series.crashed(2_000)).toEqual({ delayMs: 2_000, inARow: 2 });
    expect(series.crashed(59_999)).toEqual({ delayMs: 4_000, inARow: 3 });
    expect(series.crashed(60_000)).toEqual({ delayMs: 1_000, inARow: 1 });
  });
});

describe('Supervisor', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('starts every service and says which URL is up once its readiness answers, then that all are up', async () => {
    const h = harness(['intake', 'dispatch']);
    h.supervisor.start();
    expect(h.lines).toEqual(['intake started (pid 100)', 'dispatch started (pid 101)']);
    h.markReady('intake');
    await h.advance(100);
    expect(h.lines).toContain('intake is up: http://intake/api/v1');
    expect(h.allUp()).toBe(0);
    h.markReady('dispatch');
    await h.advance(100);
    expect(h.lines).toContain('dispatch is up: http://dispatch/api/v1');
    expect(h.allUp()).toBe(1);
    expect(h.supervisor.status().map((s) => s.state)).toEqual(['up', 'up']);
  });

  it('restarts a service that died after the backoff and says so, leaving the others alone', async () => {
    const h = harness(['intake', 'dispatch']);
    h.markReady('intake');
    h.markReady('dispatch');
    h.supervisor.start();
    await h.advance(100);
    const dispatch = h.latest('dispatch');

    await h.advance(5_000);
    h.latest('intake').die(null, 'SIGKILL');
    expect(h.lines.at(-1)).toBe('intake was killed (SIGKILL) after 5.1 s; restarting in 1.0 s (restart 1); the other services keep running');
    expect(h.supervisor.status()[0]).toMatchObject({ state: 'waiting to restart', restarts: 1 });

    await h.advance(999);
    expect(h.spawned('intake')).toBe(1);
    await h.advance(1);
    expect(h.spawned('intake')).toBe(2);
    expect(h.lines).toContain('intake started (pid 102)');
    await h.advance(100);
    expect(h.lines.at(-1)).toBe('intake is up again: http://intake/api/v1');

    expect(h.spawned('dispatch')).toBe(1);
    expect(dispatch.signals).toEqual([]);
    expect(h.allUp()).toBe(1);
  });

  it('waits longer after each crash in a row, and from the start again after a run that lasted', async () => {
    const h = harness(['intake']);
    h.supervisor.start();
    const waits: string[] = [];
    for (const ranFor of [500, 500, 500, 500, 61_000]) {
      await h.advance(ranFor);
      h.latest('intake').die(1, null);
      waits.push(/restarting in ([\d.]+ s)/.exec(h.lines.at(-1)!)![1]);
      await h.advance(10_000);
    }
    expect(waits).toEqual(['1.0 s', '2.0 s', '4.0 s', '8.0 s', '1.0 s']);
    expect(h.lines).toContain('intake exited with code 1 after 0.5 s; restarting in 2.0 s (restart 2, crash 2 in a row); the other services keep running');
  });

  it('stops every service with SIGTERM on stop() and restarts none of them afterwards', async () => {
    const h = harness(['intake', 'dispatch']);
    h.supervisor.start();
    await h.supervisor.stop();
    expect(h.latest('intake').signals).toEqual(['SIGTERM']);
    expect(h.latest('dispatch').signals).toEqual(['SIGTERM']);
    await h.advance(60_000);
    expect(h.spawned('intake')).toBe(1);
    expect(h.spawned('dispatch')).toBe(1);
    expect(h.supervisor.status().map((s) => s.state)).toEqual(['stopped', 'stopped']);
  });

  it('does not restart a service whose restart was pending when stop() came', async () => {
    const h = harness(['intake']);
    h.supervisor.start();
    h.latest('intake').die(1, null);
    await h.supervisor.stop();
    await h.advance(60_000);
    expect(h.spawned('intake')).toBe(1);
  });

  it('kills what is still running when the supervisor ends without stop()', () => {
    const h = harness(['intake', 'dispatch']);
    h.supervisor.start();
    h.supervisor.killAll();
    expect(h.latest('intake').signals).toEqual(['SIGKILL']);
    expect(h.latest('dispatch').signals).toEqual(['SIGKILL']);
  });
});
