import type { Collection, Document, Filter } from 'mongodb';
import { MomentBatches } from './moment-batches';

/** How many keys one shared read asks for at most. */
const MAX_KEYS = 500;

/** The one query shared reads send: the documents of several keys of one unique field. */
export const sharedReadFilters = {
  byKeys: (field: string, keys: string[]) => ({ [field]: { $in: keys } }),
};

interface Waiting<D> {
  keys: string[];
  resolve(documents: D[]): void;
  reject(error: unknown): void;
}

/**
 * The read side of group commit (ADR 0053): look-ups of documents by one unique field (`_id`, or
 * another single-key unique index) asked for in the same turn of the event loop — or while the
 * previous shared read is in flight — leave as ONE `find({ field: { $in: keys } })`, which both
 * stores answer from the unique index. Each caller gets the documents of its keys as a query sent
 * at the moment it asked would have: the shared read starts after every request it carries was
 * made, so nothing it returns is older than the request.
 */
export class SharedReads<D extends Document> {
  private readonly batches: MomentBatches<Waiting<D>>;

  constructor(
    private readonly collection: Collection<D>,
    private readonly field = '_id',
    maxKeys = MAX_KEYS,
  ) {
    this.batches = new MomentBatches((batch) => this.readBatch(batch), maxKeys, (waiting) => waiting.keys.length);
  }

  /** The document whose `field` is `key`, or null. */
  async findOne(key: string): Promise<D | null> {
    return (await this.findMany([key]))[0] ?? null;
  }

  /** The documents of these keys that exist, in no particular order. */
  findMany(keys: readonly string[]): Promise<D[]> {
    if (!keys.length) return Promise.resolve([]);
    return new Promise<D[]>((resolve, reject) => this.batches.add({ keys: [...keys], resolve, reject }));
  }

  private async readBatch(batch: Waiting<D>[]): Promise<void> {
    try {
      const keys = [...new Set(batch.flatMap((waiting) => waiting.keys))];
      const documents = await this.collection.find(sharedReadFilters.byKeys(this.field, keys) as Filter<D>).toArray();
      const byKey = new Map(documents.map((document) => [String((document as Document)[this.field]), document as D]));
      // Callers may change what they read: two callers of one key each get a document of their own.
      const given = new Set<string>();
      for (const waiting of batch) {
        const found: D[] = [];
        for (const key of new Set(waiting.keys)) {
          const document = byKey.get(key);
          if (!document) continue;
          found.push(given.has(key) ? copyOf(document) : document);
          given.add(key);
        }
        waiting.resolve(found);
      }
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  }
}

/**
 * A copy of a stored document for another caller of its key: dates, arrays and plain objects are
 * copied, other values (ids, binaries) shared — they are not changed in place. Not
 * `structuredClone`: its dates come from the host's realm, which `instanceof Date` in a sandbox
 * (Jest's) does not recognise.
 */
export function copyOf<T>(value: T): T {
  if (Object.prototype.toString.call(value) === '[object Date]') return new Date((value as unknown as Date).getTime()) as T;
  if (Array.isArray(value)) return value.map((item) => copyOf(item)) as T;
  if (value !== null && typeof value === 'object' && isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = copyOf(item);
    return copy as T;
  }
  return value;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as object | null;
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}
