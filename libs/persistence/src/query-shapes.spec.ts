import { AGGREGATE_UNIQUE_INDEXES, aggregateFilters } from './aggregate-repository';
import { DUE_WORK_UNIQUE_INDEXES, dueWorkFilters } from './due-work-store';
import { LEASE_UNIQUE_INDEXES, leaseFilters } from './leases';
import { servedByUniqueIndex, type UniqueIndex } from './query-shapes';
import { sharedReadFilters } from './shared-reads';

describe('hot-path filters match a declared unique index exactly (no scan on mongo-java-server)', () => {
  const at = new Date('2026-01-01T00:00:00Z');

  it.each([
    ['aggregate load (the loads of the moment in one shared read)', sharedReadFilters.byKeys('_id', ['a-1', 'a-2'])],
    ['a single aggregate by `_id`', aggregateFilters.byId('a-1')],
    ['aggregate save (version guard)', aggregateFilters.versionGuard('a-1', 't-1', 3)],
    ['outbox acknowledge', aggregateFilters.outboxOf('a-1')],
    ['outbox claim, free candidate', aggregateFilters.claimedAs('a-1', null)],
    ['outbox claim, expired lease', aggregateFilters.claimedAs('a-1', 'claim-1')],
    ['outbox claim / acknowledge read-back', aggregateFilters.byIds(['a-1', 'a-2'])],
  ])('%s', (_name, filter) => {
    expect(servedByUniqueIndex(filter, AGGREGATE_UNIQUE_INDEXES)).not.toBeNull();
  });

  it.each([
    ['lease read', leaseFilters.byKey('job|1')],
    ['lease release / take-over', leaseFilters.heldBy('job|1', 'owner-1')],
  ])('%s', (_name, filter) => {
    expect(servedByUniqueIndex(filter, LEASE_UNIQUE_INDEXES)).not.toBeNull();
  });

  it.each([
    ['due index: bucket upsert, cursor read and write', dueWorkFilters.byKey('job|1764547200')],
    ['due index: a pass reads buckets and overdue documents', dueWorkFilters.byKeys(['job|1764547200', 'job|overdue|0'])],
    ['due index: guarded removal of what a pass handled', dueWorkFilters.unchanged('job|1764547200', 4)],
  ])('%s', (_name, filter) => {
    expect(servedByUniqueIndex(filter, DUE_WORK_UNIQUE_INDEXES)).not.toBeNull();
  });

  it('names the index that answers the version guard', () => {
    expect(servedByUniqueIndex(aggregateFilters.versionGuard('a-1', 't-1', 3), AGGREGATE_UNIQUE_INDEXES)?.name).toBe('version_guard');
    expect(servedByUniqueIndex(leaseFilters.byKey('job|1'), [])?.name).toBe('_id_');
    expect(servedByUniqueIndex({ _id: 'x', createdAt: at }, [{ name: 'c', keys: { _id: 1, createdAt: 1 } }])?.name).toBe('c');
  });
});

describe('servedByUniqueIndex follows mongo-java-server 1.47 AbstractUniqueIndex.canHandle', () => {
  const guard: UniqueIndex = { name: 'guard', keys: { _id: 1, version: 1 } };

  it('rejects the version guard without its index: only `_id` alone is indexed by default', () => {
    expect(servedByUniqueIndex({ _id: 'a', version: 1 }, [])).toBeNull();
    expect(servedByUniqueIndex({ _id: 'a', tenantId: 't' }, [])).toBeNull();
  });

  it('rejects a prefix or a superset of an index', () => {
    expect(servedByUniqueIndex({ _id: 'a' , version: 1, tenantId: 't' }, [guard])).toBeNull();
    expect(servedByUniqueIndex({ version: 1 }, [guard])).toBeNull();
  });

  it('accepts the keys in any order', () => {
    expect(servedByUniqueIndex({ version: 1, _id: 'a' }, [guard])).toBe(guard);
  });

  it('rejects operators, sub-documents, arrays and regular expressions on a compound index', () => {
    expect(servedByUniqueIndex({ _id: 'a', version: { $lte: 2 } }, [guard])).toBeNull();
    expect(servedByUniqueIndex({ _id: { $in: ['a'] }, version: 1 }, [guard])).toBeNull();
    expect(servedByUniqueIndex({ _id: 'a', version: { major: 1 } }, [guard])).toBeNull();
    expect(servedByUniqueIndex({ _id: 'a', version: [1, 2] }, [guard])).toBeNull();
    expect(servedByUniqueIndex({ _id: /^a/, version: 1 }, [guard])).toBeNull();
  });

  it('on a single key accepts `$in` but no other operator', () => {
    expect(servedByUniqueIndex({ _id: { $in: ['a', 'b'] } }, [])?.name).toBe('_id_');
    expect(servedByUniqueIndex({ _id: { $gt: 'a' } }, [])).toBeNull();
    expect(servedByUniqueIndex({ _id: { $in: ['a'], $nin: ['b'] } }, [])).toBeNull();
  });

  it('ignores a non-unique index (mongo-java-server does not build one) and skips a sparse one for all-null values', () => {
    const sparse: UniqueIndex = { name: 's', keys: { claim: 1 }, sparse: true };
    expect(servedByUniqueIndex({ claim: null }, [sparse])).toBeNull();
    expect(servedByUniqueIndex({ claim: 'c' }, [sparse])).toBe(sparse);
    expect(servedByUniqueIndex({ status: 'open' }, [])).toBeNull();
  });

  it('rejects an empty filter (a whole-collection read)', () => {
    expect(servedByUniqueIndex({}, [guard])).toBeNull();
  });
});
