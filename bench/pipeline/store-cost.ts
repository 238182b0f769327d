import { round } from './stats';
import type { PipelineSystem, ServiceName } from './system';

const WRITES = new Set(['insert', 'update', 'delete', 'findAndModify']);
const INSERTS = new Set(['insert']);

export type CommandCounts = Record<ServiceName, Map<string, number>>;

export interface StoreCost {
  cases: number;
  /** Commands per case, `service collection/command` → count (a bulkWrite is one command). */
  perCase: Record<string, number>;
  /** Write commands per case (a shared write of many documents is one). */
  writesPerCase: number;
  /** Documents written per case, whatever command carried them (`store_document_writes_total`). */
  documentWritesPerCase: number;
  /** Of those, documents inserted. */
  documentInsertsPerCase: number;
  insertsPerCase: number;
  commandsPerCase: number;
  /** Messages the two services handled per case (every consumer group; `perCase` has them by topic as `handled:<topic>`). */
  messagesPerCase: number;
}

/** Keys of handled-message counts among the store commands' (not commands themselves). */
const HANDLED = 'handled:';
/** Keys of document-write counts (`store_document_writes_total`) among the store commands'. */
const DOCUMENTS = 'documents:';

/**
 * A service's `store_commands_total` from its `GET /metrics`, keyed `collection/command`, and its
 * `store_document_writes_total`, keyed `documents:collection/command` (see `documentsKey`).
 */
export async function scrapeStoreCommands(baseUrl: string): Promise<Map<string, number>> {
  const counts = await scrapeCommandsAndMessages(baseUrl);
  for (const key of counts.keys()) if (key.startsWith(HANDLED)) counts.delete(key);
  return counts;
}

/** The key of the documents written by `collection/command` among a scrape's counts. */
export const documentsKey = (command: string): string => `${DOCUMENTS}${command}`;

/** Whether a scrape's key counts documents rather than commands. */
export const countsDocuments = (key: string): boolean => key.startsWith(DOCUMENTS);

/**
 * `store_commands_total`, keyed `collection/command`, and the messages the service's handlers
 * took (`messaging_handler_duration_seconds_count`, every group and outcome), keyed `handled:<topic>`.
 */
async function scrapeCommandsAndMessages(baseUrl: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^(store_commands_total|store_document_writes_total|messaging_handler_duration_seconds_count)\{(.*)\}\s+([\d.e+]+)$/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...match[2].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    const command = `${labels.collection ?? '?'}/${labels.command ?? '?'}`;
    const key = { store_commands_total: command, store_document_writes_total: `${DOCUMENTS}${command}` }[match[1]] ?? `${HANDLED}${labels.topic ?? '?'}`;
    counts.set(key, (counts.get(key) ?? 0) + Number(match[3]));
  }
  return counts;
}

/** Both services' `store_commands_total`, to diff around a burst. */
export async function snapshotCommands(system: PipelineSystem): Promise<CommandCounts> {
  const of = (name: ServiceName) => scrapeCommandsAndMessages(system.service(name).baseUrl);
  return { intake: await of('intake'), dispatch: await of('dispatch') };
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
  let messages = 0;
  let documentWrites = 0;
  let documentInserts = 0;
  for (const service of ['intake', 'dispatch'] as const) {
    for (const [key, value] of after[service]) {
      const delta = value - (before[service].get(key) ?? 0);
      if (!delta || !cases) continue;
      perCase[`${service} ${key}`] = round(delta / cases, 2);
      if (key.startsWith(HANDLED)) {
        messages += delta;
        continue;
      }
      if (key.startsWith(DOCUMENTS)) {
        documentWrites += delta;
        if (INSERTS.has(key.split('/')[1])) documentInserts += delta;
        continue;
      }
      const command = key.split('/')[1];
      commands += delta;
      if (WRITES.has(command)) writes += delta;
      if (INSERTS.has(command)) inserts += delta;
    }
  }
  const per = (n: number) => (cases ? round(n / cases, 2) : 0);
  return { cases, perCase, writesPerCase: per(writes), documentWritesPerCase: per(documentWrites), documentInsertsPerCase: per(documentInserts), insertsPerCase: per(inserts), commandsPerCase: per(commands), messagesPerCase: per(messages) };
}

/**
 * The cases/s the store allows if each case's writes ran one at a time at the measured single-
 * document rates: inserts at the insert rate, every other write at the update rate.
 */
export function storeBoundCeiling(cost: StoreCost, insertPerSecond: number, updatePerSecond: number): number {
  // The writes one case needs are its documents, each at the single-document rate; several of them
  // share a command since ADR 0053 (services without `store_document_writes_total`: their commands).
  const [inserts, writes] = cost.documentWritesPerCase ? [cost.documentInsertsPerCase, cost.documentWritesPerCase] : [cost.insertsPerCase, cost.writesPerCase];
  const secondsPerCase = inserts / insertPerSecond + (writes - inserts) / updatePerSecond;
  return secondsPerCase > 0 ? round(1 / secondsPerCase, 1) : 0;
}
