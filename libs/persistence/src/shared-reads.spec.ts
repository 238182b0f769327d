import { copyOf, sharedReadFilters } from './shared-reads';
import { ID_INDEX, servedByUniqueIndex } from './query-shapes';

describe('shared reads', () => {
  it('look up by `_id` among several keys, which the `_id` index answers on both stores', () => {
    expect(servedByUniqueIndex(sharedReadFilters.byKeys('_id', ['a', 'b']), [ID_INDEX])).toBe(ID_INDEX);
  });

  it('give another caller of a key a copy whose dates, arrays and objects are its own', () => {
    const stored = { _id: 'c-1', routing: { routedAt: new Date('2026-12-02T10:00:00Z'), round: 2 }, work: [{ at: new Date(0), tags: ['a'] }] };
    const copy = copyOf(stored);
    expect(copy).toEqual(stored);
    expect(copy.routing).not.toBe(stored.routing);
    expect(copy.routing.routedAt).toBeInstanceOf(Date);
    expect(copy.routing.routedAt).not.toBe(stored.routing.routedAt);
    expect(copy.work[0].tags).not.toBe(stored.work[0].tags);
    copy.routing.routedAt.setTime(5);
    expect(stored.routing.routedAt.toISOString()).toBe('2026-12-02T10:00:00.000Z');
  });

  it('share values that are not plain data (ids, binaries) instead of turning them into plain objects', () => {
    class ObjectIdLike {
      constructor(readonly hex: string) {}
    }
    const id = new ObjectIdLike('abc');
    expect(copyOf({ ref: id }).ref).toBe(id);
  });
});
