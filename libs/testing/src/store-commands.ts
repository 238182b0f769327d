import type { Collection, CommandStartedEvent, Document, Filter, MongoClient } from 'mongodb';
import { until } from './topic-probe';

/** A store command as a test sees it: the collection it names and the command's own fields. */
export interface SentCommand {
  collection: string;
  name: string;
  command: Record<string, unknown>;
}

/**
 * The store commands `work` sends through `client` that `keep` accepts, as `<collection> <command>`
 * in the order sent: what a test counts to pin down the store cost of one operation (issue 8).
 * Other work of the process in the same window is sent through the same client: `keep` leaves out
 * what does not belong to the operation (commands naming another case, another collection).
 */
export async function storeCommandsDuring<T>(
  client: MongoClient,
  keep: (sent: SentCommand) => boolean,
  work: () => Promise<T>,
): Promise<{ result: T; sent: string[] }> {
  const sent: string[] = [];
  const listener = (event: CommandStartedEvent) => {
    const command = event.command as Record<string, unknown>;
    const collection = String(command[event.commandName] ?? '');
    if (keep({ collection, name: event.commandName, command })) sent.push(`${collection} ${event.commandName}`);
  };
  client.on('commandStarted', listener);
  try {
    return { result: await work(), sent };
  } finally {
    client.off('commandStarted', listener);
  }
}

/** Whether a command's text names any of `mentions` (an id, a token of the test). */
export const mentionsAny = (command: Record<string, unknown>, mentions: readonly string[]): boolean => {
  const text = JSON.stringify(command);
  return mentions.some((m) => text.includes(m));
};

/**
 * Waits until the relay has published the events of document `id` of an aggregate collection and
 * emptied its outbox, so that no acknowledgement of it falls into a window a test counts.
 */
export function outboxEmptied<D extends Document>(documents: Collection<D>, id: string, timeoutMs = 20_000): Promise<void> {
  return until(
    async () => {
      const document = await documents.findOne({ _id: id } as Filter<D>);
      return document !== null && !document._outboxPending;
    },
    timeoutMs,
    `expected the events of ${documents.collectionName} ${id} published and its outbox emptied`,
  );
}
