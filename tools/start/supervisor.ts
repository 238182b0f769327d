import { spawn as spawnProcess, type ChildProcess } from 'node:child_process';

/**
 * Keeps the services of `npm start` running: each is its own process; one that dies is started
 * again after a backoff while the others keep running; everything stops only when `stop()` is
 * called (Ctrl-C). Says what happens in one line per event: started (pid), up (its URL, once its
 * readiness answers), exited and when it restarts.
 */

export interface ServiceSpec {
  name: string;
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Answers 200 once the service is ready (`/health/ready`). */
  readyUrl: string;
  /** What the "up" line shows, e.g. the API and docs URLs. */
  describe: string;
}

export interface BackoffPolicy {
  /** Wait before the first restart after a crash. */
  initialMs: number;
  /** The wait doubles with each crash in a row, up to this. */
  maxMs: number;
  /** A service that ran at least this long before it crashed starts again from `initialMs`. */
  stableAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000, stableAfterMs: 60_000 };

/** The wait before restarting after the `crashesInARow`-th crash in a row (1-based). */
export function restartDelay(crashesInARow: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  return Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, crashesInARow - 1));
}

/** Crashes in a row of one service: a run that lasted `stableAfterMs` ends the series. */
export class CrashSeries {
  private inARow = 0;

  constructor(private readonly policy: BackoffPolicy = DEFAULT_BACKOFF) {}

  /** Records a crash of a run that lasted `ranForMs`; returns the wait before the restart. */
  crashed(ranForMs: number): { delayMs: number; inARow: number } {
    this.inARow = ranForMs >= this.policy.stableAfterMs ? 1 : this.inARow + 1;
    return { delayMs: restartDelay(this.inARow, this.policy), inARow: this.inARow };
  }
}

export type ServiceState = 'starting' | 'up' | 'waiting to restart' | 'stopped';

export interface ServiceStatus {
  name: string;
  state: ServiceState;
  pid: number | undefined;
  restarts: number;
}

export interface SupervisorOptions {
  policy?: BackoffPolicy;
  /** A status line (started, up, exited, restarting). */
  log?: (line: string) => void;
  /** A line the service wrote (stdout or stderr). */
  output?: (service: string, line: string) => void;
  /** Called once, when every service has answered ready for the first time. */
  onAllUp?: () => void;
  spawn?: (spec: ServiceSpec) => ChildProcess;
  isReady?: (url: string) => Promise<boolean>;
  readyPollMs?: number;
  /** SIGTERM first; SIGKILL after this. */
  stopGraceMs?: number;
  now?: () => number;
}

interface Supervised {
  spec: ServiceSpec;
  crashes: CrashSeries;
  state: ServiceState;
  child?: ChildProcess;
  startedAt: number;
  restarts: number;
  everUp: boolean;
  timer?: NodeJS.Timeout;
}

export class Supervisor {
  private readonly services: Supervised[];
  private readonly options: Required<Omit<SupervisorOptions, 'onAllUp'>> & Pick<SupervisorOptions, 'onAllUp'>;
  private stopping = false;
  private allUpAnnounced = false;

  constructor(specs: readonly ServiceSpec[], options: SupervisorOptions = {}) {
    this.options = {
      policy: DEFAULT_BACKOFF,
      log: (line) => process.stderr.write(`aftercare: ${line}\n`),
      output: (service, line) => process.stdout.write(`${`[${service}] `.padEnd(11)}${line}\n`),
      spawn: spawnService,
      isReady: answersReady,
      readyPollMs: 500,
      stopGraceMs: 20_000,
      now: Date.now,
      ...options,
    };
    this.services = specs.map((spec) => ({ spec, crashes: new CrashSeries(this.options.policy), state: 'stopped', startedAt: 0, restarts: 0, everUp: false }));
  }

  start(): void {
    for (const service of this.services) this.launch(service);
  }

  status(): ServiceStatus[] {
    return this.services.map(({ spec, state, child, restarts }) => ({ name: spec.name, state, pid: child?.pid, restarts }));
  }

  /** Stops every service (SIGTERM, then SIGKILL after the grace period); nothing restarts any more. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      this.services.map(async (service) => {
        clearTimeout(service.timer);
        service.state = 'stopped';
        const child = service.child;
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        await new Promise<void>((resolve) => {
          const kill = setTimeout(() => child.kill('SIGKILL'), this.options.stopGraceMs);
          child.once('exit', () => (clearTimeout(kill), resolve()));
          child.kill('SIGTERM');
        });
      }),
    );
  }

  /** Last resort when the supervisor itself ends without `stop()`: no service outlives it. */
  killAll(): void {
    this.stopping = true;
    for (const { child } of this.services) {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }

  private launch(service: Supervised): void {
    if (this.stopping) return;
    const child = this.options.spawn(service.spec);
    service.child = child;
    service.state = 'starting';
    service.startedAt = this.options.now();
    this.options.log(`${service.spec.name} started (pid ${child.pid})`);
    forwardLines(child, (line) => this.options.output(service.spec.name, line));
    child.once('exit', (code, signal) => this.exited(service, child, code, signal));
    child.once('error', (error) => this.options.log(`${service.spec.name} could not be started: ${error.message}`));
    void this.watchReadiness(service, child);
  }

  private exited(service: Supervised, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping || service.child !== child) return;
    const ranForMs = this.options.now() - service.startedAt;
    const { delayMs, inARow } = service.crashes.crashed(ranForMs);
    service.state = 'waiting to restart';
    service.restarts += 1;
    const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
    const series = inARow > 1 ? `, crash ${inARow} in a row` : '';
    this.options.log(`${service.spec.name} ${how} after ${seconds(ranForMs)}; restarting in ${seconds(delayMs)} (restart ${service.restarts}${series}); the other services keep running`);
    service.timer = setTimeout(() => this.launch(service), delayMs);
  }

  private async watchReadiness(service: Supervised, child: ChildProcess): Promise<void> {
    while (!this.stopping && service.child === child && child.exitCode === null && child.signalCode === null) {
      if (await this.options.isReady(service.spec.readyUrl).catch(() => false)) {
        if (service.child !== child || this.stopping) return;
        service.state = 'up';
        this.options.log(`${service.spec.name} is ${service.everUp ? 'up again' : 'up'}: ${service.spec.describe}`);
        service.everUp = true;
        this.announceAllUp();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, this.options.readyPollMs));
    }
  }

  private announceAllUp(): void {
    if (this.allUpAnnounced || !this.services.every((s) => s.everUp)) return;
    this.allUpAnnounced = true;
    this.options.onAllUp?.();
  }
}

/**
 * Each service in a process group of its own, so that Ctrl-C reaches only the supervisor, which
 * then stops them in order: a service that saw the terminal's SIGINT first would look crashed.
 */
function spawnService(spec: ServiceSpec): ChildProcess {
  return spawnProcess(spec.command, [...spec.args], { cwd: spec.cwd, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
}

async function answersReady(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  await response.body?.cancel();
  return response.status === 200;
}

function forwardLines(child: ChildProcess, write: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    let buffered = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (buffered + chunk).split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) write(line);
    });
    stream.on('end', () => buffered && write(buffered));
  }
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
