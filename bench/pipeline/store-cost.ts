import { round } from './stats';
import type { PipelineSystem, ServiceName } from './system';

const WRITES = new Set(['insert', 'update', 'delete', 'findAndModify']);
const INSERTS = new Set(['insert']);

export type CommandCounts = Record<ServiceName, Map<string, number>>;

export interface StoreCost {
  cases: number;
  /** Commands per case, `service collection/command` → count (a bulkWrite is one command). */
  perCase: Record<string, number>;
  writesPerCase: number;
  insertsPerCase: number;
  commandsPerCase: number;
}

/** A service's `store_commands_total` from its `GET /metrics`, keyed `collection/command`. */
export async function scrapeStoreCommands(baseUrl: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^store_commands_total\{(.*)\}\s+([\d.e+]+)$/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...match[1].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    counts.set(`${labels.collection ?? '?'}/${labels.command ?? '?'}`, Number(match[2]));
  }
  return counts;
}

/** Both services' `store_commands_total`, to diff around a burst. */
export async function snapshotCommands(system: PipelineSystem): Promise<CommandCounts> {
  return { intake: await system.storeCommands('intake'), dispatch: await system.storeCommands('dispatch') };
}

/**
 * Store commands per case between two snapshots. The window includes whatever the background passes
 * sent meanwhile (relay sweeps, due-work scans): that is part of what a case costs at this rate.
 */
export function storeCostOf(before: CommandCounts, after: CommandCounts, cases: number): StoreCost {
  const perCase: Record<string, number> = {};
  let writes = 0;
  let inserts = 0;
  let commands = 0;
  for (const service of ['intake', 'dispatch'] as const) {
    for (const [key, value] of after[service]) {
      const delta = value - (before[service].get(key) ?? 0);
      if (!delta || !cases) continue;
      perCase[`${service} ${key}`] = round(delta / cases, 2);
      const command = key.split('/')[1];
      commands += delta;
      if (WRITES.has(command)) writes += delta;
      if (INSERTS.has(command)) inserts += delta;
    }
  }
  const per = (n: number) => (cases ? round(n / cases, 2) : 0);
  return { cases, perCase, writesPerCase: per(writes), insertsPerCase: per(inserts), commandsPerCase: per(commands) };
}

/**
 * The cases/s the store allows if each case's writes ran one at a time at the measured single-
 * document rates: inserts at the insert rate, every other write at the update rate.
 */
export function storeBoundCeiling(cost: StoreCost, insertPerSecond: number, updatePerSecond: number): number {
  const secondsPerCase = cost.insertsPerCase / insertPerSecond + (cost.writesPerCase - cost.insertsPerCase) / updatePerSecond;
  return secondsPerCase > 0 ? round(1 / secondsPerCase, 1) : 0;
}
