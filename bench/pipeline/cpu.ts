import * as fs from 'node:fs';
import { round, sleep } from './stats';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ: 100 on every Linux we run). */
const TICKS_PER_SECOND = 100;

export interface IdleCpu {
  seconds: number;
  /** Percent of one core, per process (null when its pid could not be found). */
  percentOfOneCore: Record<string, number | null>;
  totalPercentOfOneCore: number;
}

/** utime + stime of a process in seconds, or null when it cannot be read. */
export function cpuSeconds(pid: number): number | null {
  try {
    return statCpuSeconds(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** utime + stime in seconds of a `/proc/…/stat` line (a process's or one of its threads'). */
function statCpuSeconds(stat: string): number {
  // Fields after the command (which may hold spaces) start after the last ')'; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** What a JVM's threads do, by their names: its JIT compilers, its garbage collector, the rest. */
export type JvmThreadKind = 'jit' | 'gc' | 'other';

export function jvmThreadKind(threadName: string): JvmThreadKind {
  if (/^C\d CompilerThre|CompilerThread/.test(threadName)) return 'jit';
  if (/^(GC Thread|G1 |VM Thread|Gang worker|GC task)/.test(threadName)) return 'gc';
  return 'other';
}

/** utime + stime in seconds of a process's threads, summed by kind; null when it cannot be read. */
export function jvmThreadCpuSeconds(pid: number): Record<JvmThreadKind, number> | null {
  const sums: Record<JvmThreadKind, number> = { jit: 0, gc: 0, other: 0 };
  let threads: string[];
  try {
    threads = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return null;
  }
  for (const tid of threads) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      sums[jvmThreadKind(name)] += statCpuSeconds(stat);
    } catch {
      // the thread ended meanwhile: its time is in no snapshot after it
    }
  }
  return sums;
}

/** CPU use of each named process over `seconds` with no traffic. */
export async function measureIdleCpu(pids: Record<string, number | null>, seconds: number): Promise<IdleCpu> {
  const window = startCpuWindow(pids);
  await sleep(seconds * 1000);
  return window.end();
}

/** CPU use of each named process from now until `end()` (traffic or none). */
export function startCpuWindow(pids: Record<string, number | null>): { end(): IdleCpu & { cpuSeconds: number; cpuSecondsOf: Record<string, number | null> } } {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, pid ? cpuSeconds(pid) : null]));
  const started = performance.now();
  return {
    end() {
      const elapsed = (performance.now() - started) / 1000;
      const percentOfOneCore: Record<string, number | null> = {};
      const cpuSecondsOf: Record<string, number | null> = {};
      let used = 0;
      for (const [name, pid] of Object.entries(pids)) {
        const after = pid ? cpuSeconds(pid) : null;
        const start = before[name];
        cpuSecondsOf[name] = after === null || start === null ? null : after - start;
        percentOfOneCore[name] = after === null || start === null ? null : round(((after - start) / elapsed) * 100, 1);
        if (after !== null && start !== null) used += after - start;
      }
      const total = Object.values(percentOfOneCore).reduce<number>((sum, value) => sum + (value ?? 0), 0);
      return { seconds: round(elapsed, 1), percentOfOneCore, totalPercentOfOneCore: round(total, 1), cpuSeconds: round(used, 2), cpuSecondsOf };
    },
  };
}

/** The pid of the local process listening on `port` (from /proc/net/tcp*), or null (not local, not Linux, not ours to see). */
export function pidListeningOn(port: number): number | null {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.trim().split('\n').slice(1)) {
      const columns = line.trim().split(/\s+/);
      const localPort = parseInt(columns[1].split(':').pop() ?? '', 16);
      if (localPort === port && columns[3] === '0A') inodes.add(columns[9]);
    }
  }
  if (!inodes.size) return null;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[] = [];
    try {
      fds = fs.readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const link = fs.readlinkSync(`/proc/${entry}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
        if (inode && inodes.has(inode)) return Number(entry);
      } catch {
        // closed meanwhile
      }
    }
  }
  return null;
}

/** The port of the first address in a broker list or a MongoDB URL, when it is on this machine. */
export function localPortOf(address: string, defaultPort: number): number | null {
  const match = /^(?:[a-z+]+:\/\/)?(?:[^@/]*@)?([^:/,?]+)(?::(\d+))?/i.exec(address.split(',')[0].trim());
  if (!match || !['127.0.0.1', 'localhost', '::1', '0.0.0.0'].includes(match[1])) return null;
  return match[2] ? Number(match[2]) : defaultPort;
}
