import { servedByUniqueIndex } from '@aftercare/persistence';
import { SLA_CLOCK_UNIQUE_INDEXES, slaClockFilters } from './sla-clock.store';

describe('SLA clock store filters match a declared unique index exactly (no scan on mongo-java-server)', () => {
  it.each([
    ['clock load (tenant checked on the document)', slaClockFilters.byId('case-1:reply')],
    ['clocks of a case, and the scheduler loading due clocks', slaClockFilters.byIds(['case-1:reply', 'case-1:resolution'])],
    ['every clock write (version guard)', slaClockFilters.versionGuard('case-1:reply', 'acme', 3)],
  ])('%s', (_name, filter) => {
    expect(servedByUniqueIndex(filter, SLA_CLOCK_UNIQUE_INDEXES)).not.toBeNull();
  });

  it('answers the write guard from the version_guard index, not a scan', () => {
    expect(servedByUniqueIndex(slaClockFilters.versionGuard('c:reply', 'acme', 1), SLA_CLOCK_UNIQUE_INDEXES)?.name).toBe('version_guard');
    // What the store sent before: `{ _id, tenantId }` and `{ _id, version }` match no unique index.
    expect(servedByUniqueIndex({ _id: 'c:reply', tenantId: 'acme' }, SLA_CLOCK_UNIQUE_INDEXES)).toBeNull();
    expect(servedByUniqueIndex({ _id: 'c:reply', version: 1 }, SLA_CLOCK_UNIQUE_INDEXES)).toBeNull();
  });
});
