import { servedByUniqueIndex } from '@aftercare/persistence';
import { INSTALLED_BASE_UNIQUE_INDEXES } from '../installed-base/installed-base.store';
import { CUSTOMER_UNIQUE_INDEXES } from './customer-directory.store';
import { newerWinsFilters } from './upsert-if-newer';

describe('newer-wins upserts of the installed base and the customer directory: no scan on mongo-java-server', () => {
  const at = new Date('2026-01-01T00:00:00Z');

  it.each([
    ['installed base', 'sourceTime', INSTALLED_BASE_UNIQUE_INDEXES],
    ['customers', 'updatedAt', CUSTOMER_UNIQUE_INDEXES],
  ] as const)('%s: the read by `_id` and the compare-and-set on the timestamp read (also when none was stored)', (_name, field, indexes) => {
    expect(servedByUniqueIndex(newerWinsFilters.byId('acme|x'), indexes)?.name).toBe('_id_');
    expect(servedByUniqueIndex(newerWinsFilters.unchangedSince('acme|x', field, at), indexes)?.name).toBe(`${field}_guard`);
    expect(servedByUniqueIndex(newerWinsFilters.unchangedSince('acme|x', field, null), indexes)?.name).toBe(`${field}_guard`);
  });

  it('would catch the range guard these replaced', () => {
    expect(servedByUniqueIndex({ _id: 'acme|x', updatedAt: { $lt: at } }, CUSTOMER_UNIQUE_INDEXES)).toBeNull();
  });
});
