import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import type { LevelLog, LevelLogEntry } from '@aftercare/persistence';
import { PageCursors, PagingQuery, invalidCursor, pageSizeOf } from './paging';

/** How a level of an escalation chain is named (the tenant's escalation contacts use the same). */
export const LEVEL_NAME = /^[a-z][a-z0-9_]{0,39}$/;

/** The query of every escalations list: the level (named `role`, as the lists were first published) and paging. */
export class LevelLogQuery extends PagingQuery {
  @ApiProperty({
    pattern: LEVEL_NAME.source,
    example: 'service_manager',
    description: 'The level of the escalation chain: dispatcher (or quality_engineer for claims), service_manager, deputy_gm, or a tenant’s own',
  })
  @IsString()
  @Matches(LEVEL_NAME)
  role!: string;
}

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
