import { AGGREGATE_UNIQUE_INDEXES, servedByUniqueIndex } from '@aftercare/persistence';
import { CATALOGUE_UNIQUE_INDEXES, catalogueFilters } from './catalogue/infrastructure/catalogue.store';
import { partsRequestFilters } from './parts-request/infrastructure/parts-request.repository';
import { workOrderPriorityFilters } from './parts-request/infrastructure/work-order-priorities.store';
import { requestsIndexFilters } from './parts-request/infrastructure/requests-index.store';
import { STOCK_UNIQUE_INDEXES, stockFilters } from './stock/infrastructure/stock.store';

/** Every per-request and per-message filter parts sends, each answered by a declared unique index (no scan on mongo-java-server). */
describe('parts: hot-path filters match a declared unique index exactly', () => {
  it.each([
    ['stock_items: read', stockFilters.byId('acme|central|SEAL-22'), STOCK_UNIQUE_INDEXES],
    ['stock_items: the guarded change (never oversells)', stockFilters.versionGuard('acme|central|SEAL-22', 'acme', 7), STOCK_UNIQUE_INDEXES],
    ['catalogue: read', catalogueFilters.byId('acme|SEAL-22'), CATALOGUE_UNIQUE_INDEXES],
    ['catalogue: the parts of a request', catalogueFilters.byIds(['acme|SEAL-22', 'acme|SEAL-22B']), CATALOGUE_UNIQUE_INDEXES],
    ['catalogue: the newer-wins write', catalogueFilters.versionGuard('acme|SEAL-22', 'acme', 2), CATALOGUE_UNIQUE_INDEXES],
    ['parts_requests: load', partsRequestFilters.byId('pr-1'), AGGREGATE_UNIQUE_INDEXES],
    ['parts_requests: save', partsRequestFilters.versionGuard('pr-1', 'acme', 3), AGGREGATE_UNIQUE_INDEXES],
    ['work_order_priorities: by order', workOrderPriorityFilters.byId('acme', 'wo-1'), []],
    ['work_order_parts_requests: the requests of an order', requestsIndexFilters.byId('acme', 'wo-1'), []],
    ['case_parts_requests: the requests of a case without an order', requestsIndexFilters.byId('acme', 'sr-1'), []],
  ])('%s', (_name, filter, indexes) => {
    expect(servedByUniqueIndex(filter, indexes)).not.toBeNull();
  });

  it('would catch an operator guard (the `available ≥ q` filter scans the embedded store)', () => {
    expect(servedByUniqueIndex({ _id: 'acme|central|SEAL-22', 'levels.available': { $gte: 1 } }, STOCK_UNIQUE_INDEXES)).toBeNull();
  });
});
