import { servedByUniqueIndex } from '@aftercare/persistence';
import { IDEMPOTENCY_UNIQUE_INDEXES, idempotencyFilters } from './idempotency';

describe('idempotency filters match a declared unique index exactly (no scan on mongo-java-server)', () => {
  it.each([
    ['replay look-up / complete', idempotencyFilters.byId('t|POST|/cases|k')],
    ['release', idempotencyFilters.inProgress('t|POST|/cases|k')],
    ['evict', idempotencyFilters.sameRecord('t|POST|/cases|k', new Date('2026-01-01T00:00:00Z'))],
  ])('%s', (_name, filter) => {
    expect(servedByUniqueIndex(filter, IDEMPOTENCY_UNIQUE_INDEXES)).not.toBeNull();
  });
});
