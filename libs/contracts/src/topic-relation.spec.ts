import { TOPICS } from './topics';
import { CATALOG } from './catalog';
import { INTEGRATION_PARTNERS, declaresType, topicRelation } from './topic-relation';
import { CRM_SERVICE_REQUEST_RAISED_V1 } from './integration/crm-erp.messages';
import { SERVICE_REQUEST_ROUTED_V1 } from './intake/service-request.events';
import { WORK_ORDER_ASSIGNED_V1 } from './dispatch/work-order.events';
import { contractsRegistry } from './schema-registry';

describe('topicRelation', () => {
  it.each([
    [TOPICS.crmServiceRequests.name, 'intake', 'inbound-integration'],
    [TOPICS.crmCustomers.name, 'intake', 'inbound-integration'],
    [TOPICS.erpInstalledBase.name, 'intake', 'inbound-integration'],
    [TOPICS.intakeServiceRequestEvents.name, 'intake', 'own'],
    [TOPICS.notificationRequests.name, 'intake', 'own'],
    [TOPICS.dispatchWorkOrderEvents.name, 'dispatch', 'own'],
    [TOPICS.intakeServiceRequestEvents.name, 'dispatch', 'other-service'],
    [TOPICS.dispatchWorkOrderEvents.name, 'intake', 'other-service'],
    [TOPICS.notificationRequests.name, 'claims', 'own'],
    [TOPICS.notificationRequests.name, 'dispatch', 'own'],
    [TOPICS.tenantSettings.name, 'dispatch', 'other-service'],
    [TOPICS.erpDeliveries.name, 'claims', 'inbound-integration'],
    ['testing.public.commands.v1', 'intake', 'uncatalogued'],
  ])('%s is %s to %s', (topic, service, relation) => {
    expect(topicRelation(topic, service)).toBe(relation);
  });

  it('names an integration partner as the owner of every inbound integration topic', () => {
    const inbound = CATALOG.filter((entry) => topicRelation(entry.topic.name, 'intake') === 'inbound-integration');
    expect(inbound.length).toBeGreaterThan(0);
    for (const entry of inbound) expect(INTEGRATION_PARTNERS).toContain(entry.topic.owner);
  });
});

describe('declaresType', () => {
  const schemas = contractsRegistry();

  it('knows a type with a schema on the topic its prefix belongs to', () => {
    expect(declaresType(TOPICS.crmServiceRequests.name, CRM_SERVICE_REQUEST_RAISED_V1, schemas)).toBe(true);
    expect(declaresType(TOPICS.intakeServiceRequestEvents.name, SERVICE_REQUEST_ROUTED_V1, schemas)).toBe(true);
  });

  it('does not know a newer version without a schema, a type of another topic, or any type of an uncatalogued topic', () => {
    expect(declaresType(TOPICS.crmServiceRequests.name, 'crm.service-request.raised.v2', schemas)).toBe(false);
    expect(declaresType(TOPICS.intakeServiceRequestEvents.name, WORK_ORDER_ASSIGNED_V1, schemas)).toBe(false);
    expect(declaresType('testing.public.commands.v1', SERVICE_REQUEST_ROUTED_V1, schemas)).toBe(false);
  });
});
