import type { LevelLog, LevelLogEntry } from '@aftercare/persistence';
import { PageCursors, invalidCursor, pageSizeOf } from './paging';

/** One page of a level log and the cursor of the next (null on the last page). */
export interface LevelLogPage<E> {
  entries: E[];
  nextCursor: string | null;
}

/**
 * A page of the escalation steps that reached `level`, newest first: the list of every service
 * that keeps a `LevelLog` (dispatch, claims, intake). The cursor holds the last entry's position
 * `[escalatedAt in ms, id]`, signed for the list named `list`.
 */
export async function levelLogPage<E extends LevelLogEntry>(
  log: LevelLog<E>,
  cursors: PageCursors,
  list: string,
  scope: { tenantId: string; level: string },
  query: { limit?: number; cursor?: string },
): Promise<LevelLogPage<E>> {
  const limit = pageSizeOf(query.limit);
  let after: { escalatedAt: Date; id: string } | null = null;
  if (query.cursor !== undefined) {
    const [at, id] = cursors.decode(list, query.cursor, 2);
    if (typeof at !== 'number' || typeof id !== 'string') throw invalidCursor();
    after = { escalatedAt: new Date(at), id };
  }
  const found = await log.page(scope.tenantId, scope.level, after, limit + 1);
  const entries = found.slice(0, limit);
  const last = entries[entries.length - 1];
  return { entries, nextCursor: found.length > limit && last ? cursors.encode(list, [new Date(last.escalatedAt).getTime(), last._id]) : null };
}
