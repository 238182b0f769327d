import { servedByUniqueIndex, type UniqueIndex } from '@aftercare/persistence';
import { SERVICE_COMPLAINTS_UNIQUE_INDEXES, serviceComplaintFilters } from './appraisal/complaints/technician-complaints.store';
import { MONTH_ENTRIES_UNIQUE_INDEXES, monthEntriesFilters } from './appraisal/month-entries';
import { TECHNICIAN_UNIQUE_INDEXES, technicianFilters } from './technician/infrastructure/technician.repository';
import { ASSET_HISTORY_UNIQUE_INDEXES, assetHistoryFilters } from './work-order/infrastructure/asset-histories';
import { WORK_ORDER_UNIQUE_INDEXES, workOrderFilters } from './work-order/infrastructure/work-order.repository';

/**
 * Every per-message and per-request filter dispatch sends, against the unique indexes declared
 * for its collection: a filter that gains a key or an operator, or loses its index, would scan the
 * whole collection on mongo-java-server and fails here. Lists, reports and background passes that
 * may scan are named in services/dispatch/README.md ("Store queries").
 */
describe('dispatch hot-path filters match a declared unique index exactly (no scan on mongo-java-server)', () => {
  const cases: Array<[string, Record<string, unknown>, readonly UniqueIndex[], string]> = [
    ['work order: load (routed case idempotency, commands, deadline check)', workOrderFilters.byId('wo-1'), WORK_ORDER_UNIQUE_INDEXES, '_id_'],
    ['work order: save (version guard)', workOrderFilters.versionGuard('wo-1', 'acme', 4), WORK_ORDER_UNIQUE_INDEXES, 'version_guard'],
    ['work orders: an asset\'s history, capacity states', workOrderFilters.byIds(['wo-1', 'wo-2']), WORK_ORDER_UNIQUE_INDEXES, '_id_'],
    ['asset history: read and append', assetHistoryFilters.byAsset('acme', 'SN-1'), ASSET_HISTORY_UNIQUE_INDEXES, '_id_'],
    ['asset history: backfill marker', assetHistoryFilters.marker(), ASSET_HISTORY_UNIQUE_INDEXES, '_id_'],
    ['technician: load (take, release, open orders)', technicianFilters.byId('tech-1'), TECHNICIAN_UNIQUE_INDEXES, '_id_'],
    ['technician: take / release (version compare-and-set)', technicianFilters.versionGuard('tech-1', 'acme', 7), TECHNICIAN_UNIQUE_INDEXES, 'version_guard'],
    ['survey scores / complaints of a month: record a response or a complaint, read the month', monthEntriesFilters.byMonth('acme', '2026-03'), MONTH_ENTRIES_UNIQUE_INDEXES, '_id_'],
    ['service complaint: keep when it was received, where it was counted', serviceComplaintFilters.byComplaint('acme', 'sc-1'), SERVICE_COMPLAINTS_UNIQUE_INDEXES, '_id_'],
    ['technician: reconciliation bookkeeping', technicianFilters.tenantGuard('tech-1', 'acme'), TECHNICIAN_UNIQUE_INDEXES, 'tenant_guard'],
  ];

  it.each(cases)('%s', (_name, filter, indexes, expected) => {
    expect(servedByUniqueIndex(filter, indexes)?.name).toBe(expected);
  });

  it('would catch the shapes these replaced', () => {
    expect(servedByUniqueIndex({ tenantId: 'acme', caseId: 'c-1' }, WORK_ORDER_UNIQUE_INDEXES)).toBeNull();
    expect(servedByUniqueIndex({ tenantId: 'acme', serialNo: 'SN-1', status: { $in: ['completed'] } }, WORK_ORDER_UNIQUE_INDEXES)).toBeNull();
    expect(servedByUniqueIndex({ tenantId: 'acme', _id: { $in: ['wo-1'] } }, WORK_ORDER_UNIQUE_INDEXES)).toBeNull();
    expect(servedByUniqueIndex({ _id: 'tech-1', tenantId: 'acme', active: true, capacity: 3 }, TECHNICIAN_UNIQUE_INDEXES)).toBeNull();
    expect(servedByUniqueIndex({ _id: 'tech-1', tenantId: 'acme', openOrderIds: 'wo-1' }, TECHNICIAN_UNIQUE_INDEXES)).toBeNull();
  });
});
