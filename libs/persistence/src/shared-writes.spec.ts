import { ID_INDEX, servedByUniqueIndex } from './query-shapes';
import { WRITE_ID_FIELD, sharedWriteFilters, stampedWith } from './shared-writes';

describe('shared writes', () => {
  it('reads the stamps back by `_id` alone, which the `_id` index answers on both stores', () => {
    expect(servedByUniqueIndex(sharedWriteFilters.stampsOf(['a', 'b']), [ID_INDEX])).toBe(ID_INDEX);
  });

  it("adds the stamp to the update's `$set` and leaves the caller's update as it was", () => {
    const update = { $set: { version: 2, status: 'open' }, $push: { log: 'x' } };
    expect(stampedWith(update, 'w-1')).toEqual({ $set: { version: 2, status: 'open', [WRITE_ID_FIELD]: 'w-1' }, $push: { log: 'x' } });
    expect(update).toEqual({ $set: { version: 2, status: 'open' }, $push: { log: 'x' } });
  });

  it('stamps an update that has no `$set` of its own', () => {
    expect(stampedWith({ $inc: { version: 1 } }, 'w-2')).toEqual({ $inc: { version: 1 }, $set: { [WRITE_ID_FIELD]: 'w-2' } });
  });

  it('refuses a pipeline update, whose stamp could not be set the same way', () => {
    expect(() => stampedWith([{ $set: { a: 1 } }] as never, 'w-3')).toThrow(/operator document/);
  });
});
