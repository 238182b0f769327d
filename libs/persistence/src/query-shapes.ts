import { prepareCollection, type PreparableCollection } from './collections';

/**
 * Hot-path query shapes and the unique indexes that answer them on both stores.
 *
 * mongo-java-server (1.47) answers a query from an index only when the filter's key set equals a
 * UNIQUE index's key set exactly, and — for a compound index — every value is a plain value (no
 * operator, no sub-document); a single-key unique index also takes `$in`. Anything else scans the
 * whole collection (docs/local-stack.md, "What the embedded store does with a query"). MongoDB
 * answers the same shapes from the same indexes (or from `_id`). A repository declares the unique
 * indexes next to the filters its hot path sends, and a unit test checks every filter against
 * them with `servedByUniqueIndex`, so a new key in a hot-path filter fails a test instead of
 * turning a save into a scan.
 */

/** A unique index as declared (`createIndex(keys, { unique: true, name })`). */
export interface UniqueIndex {
  name: string;
  keys: Record<string, 1 | -1>;
  sparse?: boolean;
}

/** The `_id` index every collection has. */
export const ID_INDEX: UniqueIndex = { name: '_id_', keys: { _id: 1 } };

/**
 * Answers the version-guarded save `{ _id, tenantId, version }`. Trivially unique (it contains
 * `_id`); it exists so that mongo-java-server finds the document by a key lookup instead of a
 * scan. Costs one more index entry per write on MongoDB, where `_id` alone would do.
 */
export const VERSION_GUARD_INDEX: UniqueIndex = { name: 'version_guard', keys: { _id: 1, tenantId: 1, version: 1 } };

/**
 * The index of `indexes` that mongo-java-server would answer `filter` from, or null when it would
 * scan. Mirrors `AbstractUniqueIndex.canHandle` (1.47): the first index whose key set equals the
 * filter's key set, not sparse with every value null, and for a compound index no value that is a
 * sub-document or operator; for a single key an operator document may hold only `$in`.
 */
export function servedByUniqueIndex(filter: Record<string, unknown>, indexes: readonly UniqueIndex[]): UniqueIndex | null {
  const filterKeys = Object.keys(filter);
  for (const index of [ID_INDEX, ...indexes]) {
    const indexKeys = Object.keys(index.keys);
    if (!sameKeySet(filterKeys, indexKeys)) continue;
    if (index.sparse && filterKeys.every((key) => filter[key] === null || filter[key] === undefined)) continue;
    const compound = indexKeys.length > 1;
    const valuesOk = indexKeys.every((key) => {
      const value = filter[key];
      if (value instanceof RegExp) return !compound;
      if (!isSubDocument(value)) return !Array.isArray(value);
      if (compound) return false;
      return Object.keys(value).every((operator) => operator === '$in' || !operator.startsWith('$'));
    });
    if (valuesOk) return index;
  }
  return null;
}

function sameKeySet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key) => b.includes(key));
}

/** A BSON sub-document as the server sees it: a plain object (not a Date, ObjectId, RegExp …). */
function isSubDocument(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Declares each unique index on the collection (idempotent: same name and keys). New code
 * declares its whole layout with `prepareCollection` (collections.ts), which this calls.
 */
export async function ensureUniqueIndexes(collection: PreparableCollection, indexes: readonly UniqueIndex[]): Promise<void> {
  if (indexes.length) await prepareCollection(collection, { unique: indexes });
}
