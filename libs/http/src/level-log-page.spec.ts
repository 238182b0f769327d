import { DomainError } from '@aftercare/ddd';
import type { LevelLog, LevelLogEntry, LevelLogPosition } from '@aftercare/persistence';
import { levelLogPage } from './level-log-page';
import { PageCursors } from './paging';

const cursors = new PageCursors('a-secret-of-at-least-16-chars');
const at = (minute: number) => new Date(Date.UTC(2025, 2, 10, 9, minute));
const entries: LevelLogEntry[] = [
  { _id: 'e-1', tenantId: 't', level: 'dispatcher', escalatedAt: at(1) },
  { _id: 'e-2', tenantId: 't', level: 'dispatcher', escalatedAt: at(2) },
  { _id: 'e-3', tenantId: 't', level: 'dispatcher', escalatedAt: at(2) },
  { _id: 'e-4', tenantId: 't', level: 'deputy_gm', escalatedAt: at(3) },
  { _id: 'e-5', tenantId: 'other', level: 'dispatcher', escalatedAt: at(4) },
];

/** The store's answer, in memory: the tenant's entries at the level, newest first, after the position. */
const log = {
  page: async (tenantId: string, level: string, after: LevelLogPosition | null, limit: number) =>
    entries
      .filter((e) => e.tenantId === tenantId && e.level === level)
      .sort((a, b) => b.escalatedAt.getTime() - a.escalatedAt.getTime() || b._id.localeCompare(a._id))
      .filter((e) => !after || e.escalatedAt < after.escalatedAt || (e.escalatedAt.getTime() === after.escalatedAt.getTime() && e._id < after.id))
      .slice(0, limit),
} as unknown as LevelLog<LevelLogEntry>;

const scope = { tenantId: 't', level: 'dispatcher' };
const codeOf = async (run: () => Promise<unknown>): Promise<string | undefined> =>
  run().then(
    () => undefined,
    (error) => (error instanceof DomainError ? error.code : String(error)),
  );

describe('levelLogPage: the escalations of one level, newest first, cursor paged', () => {
  it('walks the level page by page, each entry once, with a null cursor on the last page', async () => {
    const first = await levelLogPage(log, cursors, 'escalations', scope, { limit: 2 });
    expect(first.entries.map((e) => e._id)).toEqual(['e-3', 'e-2']);
    expect(first.nextCursor).not.toBeNull();
    const second = await levelLogPage(log, cursors, 'escalations', scope, { limit: 2, cursor: first.nextCursor! });
    expect(second).toEqual({ entries: [entries[0]], nextCursor: null });
  });

  it('gives no cursor when the page holds the rest', async () => {
    expect(await levelLogPage(log, cursors, 'escalations', scope, { limit: 3 })).toMatchObject({ nextCursor: null });
  });

  it("refuses another list's cursor and a signed position of another shape with INVALID_CURSOR", async () => {
    const { nextCursor } = await levelLogPage(log, cursors, 'escalations', scope, { limit: 1 });
    expect(await codeOf(() => levelLogPage(log, cursors, 'claim-escalations', scope, { cursor: nextCursor! }))).toBe('INVALID_CURSOR');
    const textual = cursors.encode('escalations', ['2025-03-10T09:02:00.000Z', 'e-3']);
    expect(await codeOf(() => levelLogPage(log, cursors, 'escalations', scope, { cursor: textual }))).toBe('INVALID_CURSOR');
  });
});
