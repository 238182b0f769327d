import { DomainError } from '@aftercare/ddd';
import { PageCursors, pageSizeOf } from './paging';

const cursors = new PageCursors('a-secret-of-at-least-16-chars');
const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? error.code : String(error);
  }
};

describe('PageCursors', () => {
  it('gives back the position it encoded, for the list it was given out for', () => {
    const at = new Date('2025-03-14T09:30:00.000Z');
    const cursor = cursors.encodeTimeAndId('cases', at, 'sr-1');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(cursors.decodeTimeAndId('cases', cursor)).toEqual({ at, id: 'sr-1' });
    expect(cursors.decode('roster', cursors.encode('roster', ['tech-1']), 1)).toEqual(['tech-1']);
  });

  it('refuses a changed position, a changed signature, another list, another secret and garbage with INVALID_CURSOR', () => {
    const cursor = cursors.encode('cases', ['2025-03-14T09:30:00.000Z', 'sr-1']);
    const [payload, signature] = cursor.split('.') as [string, string];
    const moved = Buffer.from(JSON.stringify(['2025-03-14T09:30:00.000Z', 'sr-2'])).toString('base64url');
    const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    for (const [list, bad] of [
      ['cases', `${moved}.${signature}`],
      ['cases', `${payload}.${flipped}`],
      ['roster', cursor],
      ['cases', new PageCursors('another-secret-of-16-chars').encode('cases', ['2025-03-14T09:30:00.000Z', 'sr-1'])],
      ['cases', 'bm90LWEtY3Vyc29y'],
      ['cases', ''],
      ['cases', `${payload}.${signature}.x`],
    ] as const) {
      expect({ bad, code: codeOf(() => cursors.decode(list, bad, 2)) }).toEqual({ bad, code: 'INVALID_CURSOR' });
    }
  });

  it('refuses a signed position of the wrong shape (arity, types, a time that is not one)', () => {
    expect(codeOf(() => cursors.decode('cases', cursors.encode('cases', ['a']), 2))).toBe('INVALID_CURSOR');
    expect(codeOf(() => cursors.decodeTimeAndId('cases', cursors.encode('cases', ['yesterday', 'sr-1'])))).toBe('INVALID_CURSOR');
    expect(codeOf(() => cursors.decodeTimeAndId('cases', cursors.encode('cases', ['2025-03-14T09:30:00.000Z', ''])))).toBe('INVALID_CURSOR');
  });
});

describe('pageSizeOf', () => {
  it('defaults to 20 and keeps within 1..100', () => {
    expect([pageSizeOf(undefined), pageSizeOf(0), pageSizeOf(7), pageSizeOf(1000)]).toEqual([20, 1, 7, 100]);
  });
});
