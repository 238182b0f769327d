import { AGGREGATE_UNIQUE_INDEXES, aggregateFilters, servedByUniqueIndex, sharedReadFilters } from '@aftercare/persistence';
import { openCaseKeyFilters } from './open-case-keys.store';
import { EXTERNAL_KEY_INDEX, SERVICE_REQUEST_UNIQUE_INDEXES, serviceRequestFilters } from './service-request.repository';

/** Every per-message and per-request filter intake sends to `service_requests` and `open_case_keys`. */
describe('intake case store: hot-path filters match a declared unique index exactly (no scan on mongo-java-server)', () => {
  const caseIndexes = [...AGGREGATE_UNIQUE_INDEXES, ...SERVICE_REQUEST_UNIQUE_INDEXES];

  it.each([
    ['case load (findById, GET one case)', aggregateFilters.byId('case-1')],
    ['case save (version guard)', aggregateFilters.versionGuard('case-1', 'acme', 4)],
    ['external request look-up (redelivery)', serviceRequestFilters.byExternalKey('acme|crm|CRM-1')],
    ['duplicate candidates by id (with the loads of the moment, one shared read)', sharedReadFilters.byKeys('_id', ['case-1', 'case-2'])],
  ])('service_requests: %s', (_name, filter) => {
    expect(servedByUniqueIndex(filter, caseIndexes)).not.toBeNull();
  });

  it('answers the external request look-up from the sparse unique index on exactly `externalKey`', () => {
    expect(servedByUniqueIndex(serviceRequestFilters.byExternalKey('acme|crm|CRM-1'), caseIndexes)).toBe(EXTERNAL_KEY_INDEX);
    expect(EXTERNAL_KEY_INDEX).toEqual({ name: 'externalKey_1', keys: { externalKey: 1 }, sparse: true });
  });

  it('open_case_keys: the key document by `_id`, and the keys of the moment in one shared read', () => {
    expect(servedByUniqueIndex(openCaseKeyFilters.byKey('["acme","c-1","sn-1","repair"]'), [])?.name).toBe('_id_');
    expect(servedByUniqueIndex(sharedReadFilters.byKeys('_id', ['["acme","c-1","sn-1","repair"]', '["acme","c-2","sn-2","repair"]']), [])?.name).toBe('_id_');
  });

  it('would catch the shapes these replaced (each scans the collection)', () => {
    expect(servedByUniqueIndex({ _id: 'case-1', tenantId: 'acme' }, caseIndexes)).toBeNull();
    expect(
      servedByUniqueIndex({ tenantId: 'acme', status: { $in: ['received'] }, $or: [{ 'customer.customerId': 'c-1' }] }, caseIndexes),
    ).toBeNull();
  });
});
