import type { UniqueIndex } from './query-shapes';

/**
 * How every store of every service creates its collections and indexes: explicitly, before
 * first use (in its `onModuleInit`), idempotently, and with a retry of the start-up race.
 *
 * Why `createIndexes` and never the `create` command: mongo-java-server (1.47) creates a
 * collection for `createIndexes`, `insert` and `update` under its database's lock, but answers
 * `create` with an unlocked check-then-create. A `create` racing any other creation of the same
 * collection (mongoose's `autoCreate` did exactly that against the repositories' own index
 * builds) fails with the internal "Document with key '<db>.<collection>' already existed in
 * H2Collection(… system.namespaces)" on the H2 file store, and on the in-memory store silently
 * replaces the collection object, dropping its in-memory indexes. `createIndexes` on a missing
 * collection creates it on MongoDB too, so one command does both everywhere. `connectMongo`
 * turns mongoose's `autoCreate` off for the same reason.
 */

/** A non-unique index: used by MongoDB, accepted and ignored by the embedded store. */
export interface SecondaryIndex {
  keys: Record<string, 1 | -1>;
  /** Default: the driver's name from the keys (`tenantId_1_at_-1`), as existing deployments have it. */
  name?: string;
  sparse?: boolean;
  expireAfterSeconds?: number;
}

/** What a collection needs before the first read or write. */
export interface CollectionLayout {
  /** Unique indexes answering the hot-path filters (query-shapes.ts). */
  unique?: readonly UniqueIndex[];
  /** Indexes for MongoDB's filtered and sorted reads. */
  indexes?: readonly SecondaryIndex[];
  /** The records expire: a TTL index on `expiresAt` (MongoDB); the sweep does it everywhere (expiring-records.ts). */
  expiring?: boolean;
}

/** One entry of a `createIndexes` command, as the driver takes it. */
export interface IndexDescription {
  key: Record<string, 1 | -1>;
  name?: string;
  unique?: boolean;
  sparse?: boolean;
  expireAfterSeconds?: number;
}

/** The part of a driver (or mongoose) collection this needs. */
export interface PreparableCollection {
  readonly collectionName: string;
  readonly dbName?: string;
  createIndexes(indexes: IndexDescription[]): Promise<unknown>;
}

export interface PrepareOptions {
  /** Attempts in all, the first included. */
  attempts?: number;
  /** Wait before the second attempt; doubled for each one after. */
  firstDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_PREPARE_OPTIONS: Required<PrepareOptions> = {
  attempts: 5,
  firstDelayMs: 100,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The `_id` index every collection has: sent alone, it creates a collection that declares no index. */
export const ID_INDEX_DESCRIPTION: IndexDescription = { key: { _id: 1 }, name: '_id_' };

export const EXPIRY_INDEX_DESCRIPTION: IndexDescription = { key: { expiresAt: 1 }, name: 'expiresAt_ttl', expireAfterSeconds: 0 };

/** The `createIndexes` entries of a layout (the `_id` index alone when it declares none). */
export function indexDescriptionsOf(layout: CollectionLayout): IndexDescription[] {
  const descriptions: IndexDescription[] = [
    ...(layout.expiring ? [EXPIRY_INDEX_DESCRIPTION] : []),
    ...(layout.indexes ?? []).map(({ keys, ...options }) => ({ key: keys, ...options })),
    ...(layout.unique ?? []).map((index) => ({ key: index.keys, name: index.name, unique: true, ...(index.sparse ? { sparse: true } : {}) })),
  ];
  return descriptions.length ? descriptions : [ID_INDEX_DESCRIPTION];
}

/**
 * Creates the collection (when missing) and its indexes (when missing) in one `createIndexes`
 * command; a second call, or one from another instance at the same moment, changes nothing.
 * The start-up race (another process sending `create` for the same collection) is retried with
 * backoff; after it, the `_id` index is declared again, because the embedded store's losing
 * `create` leaves a collection object without its in-memory indexes. Anything else, or a race
 * that outlasts the retries, is a StoreSetupError that says what to do.
 */
export async function prepareCollection(collection: PreparableCollection, layout: CollectionLayout, options: PrepareOptions = {}): Promise<void> {
  const { attempts, firstDelayMs, sleep } = { ...DEFAULT_PREPARE_OPTIONS, ...options };
  const descriptions = indexDescriptionsOf(layout);
  let raced = false;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const withIdIndex = raced && !descriptions.includes(ID_INDEX_DESCRIPTION) ? [ID_INDEX_DESCRIPTION, ...descriptions] : descriptions;
      await collection.createIndexes(withIdIndex);
      return;
    } catch (error) {
      if (!isStartUpRace(error) || attempt >= attempts) throw new StoreSetupError(namespaceOf(collection), error, attempt);
      raced = true;
      await sleep(firstDelayMs * 2 ** (attempt - 1));
    }
  }
}

/**
 * Another creation of the same collection or index got there first: harmless, try again.
 * 48 NamespaceExists (a `create` that lost), 276 IndexBuildAlreadyInProgress (MongoDB), and the
 * embedded store's internal assertion of the same race, which carries no code.
 */
export function isStartUpRace(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code === 48 || code === 276) return true;
  return typeof message === 'string' && /already existed in \w*Collection\(/.test(message);
}

/** mongo-java-server wraps a Java exception it did not expect as "Unknown error: <Java message>", without a code. */
export function isEmbeddedStoreInternalError(error: unknown): boolean {
  const { message, code } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === undefined && typeof message === 'string' && message.startsWith('Unknown error: ');
}

const RACE_HINT =
  'another process created the same collection at the same moment (a start-up race of the local store). ' +
  'Start the service again: `npm start` restarts it by itself. If it happens on every start, stop everything (Ctrl-C), ' +
  'then `npm run stack:down` and `npm start`; see docs/local-stack.md, "Troubleshooting".';

const CONFLICT_HINT =
  'an index of the same name exists with other keys or options (an older version of the service declared it): ' +
  'drop that index (`db.<collection>.dropIndex("<name>")`) and start again.';

const INTERNAL_HINT =
  'the local document store (mongo-java-server) failed inside. Start the service again (`npm start` restarts it by itself); ' +
  'if it keeps failing, `npm run stack:down` and `npm start` (the H2 file .stack/mongo/data.mv keeps your data); ' +
  'see docs/local-stack.md, "Troubleshooting".';

/** A collection could not be prepared at start-up: says which, why, and what to do. */
export class StoreSetupError extends Error {
  readonly hint: string;

  constructor(
    readonly namespace: string,
    override readonly cause: unknown,
    readonly attempts: number,
  ) {
    const reason = firstLine(cause);
    super(`could not prepare the collection ${namespace}${attempts > 1 ? ` (${attempts} attempts)` : ''}: ${reason}`);
    this.name = 'StoreSetupError';
    const code = (cause as { code?: unknown })?.code;
    this.hint = isStartUpRace(cause) ? RACE_HINT : code === 85 || code === 86 ? CONFLICT_HINT : isEmbeddedStoreInternalError(cause) ? INTERNAL_HINT : '';
  }
}

/**
 * What to do about a store failure a newcomer may see at start-up (or null when there is
 * nothing to add): never an internal Java message alone.
 */
export function storeFailureHint(error: unknown): string | null {
  if (error instanceof StoreSetupError) return error.hint || null;
  if (isStartUpRace(error)) return RACE_HINT;
  if (isEmbeddedStoreInternalError(error)) return INTERNAL_HINT;
  return null;
}

function namespaceOf(collection: PreparableCollection): string {
  return collection.dbName ? `${collection.dbName}.${collection.collectionName}` : collection.collectionName;
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0];
}
