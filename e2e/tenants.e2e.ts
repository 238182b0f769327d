import { randomUUID } from 'node:crypto';
import type { Role } from '@aftercare/auth';
import { ERP_INSTALLED_BASE_ASSET_UPSERTED_V1, TOPICS, WORK_ORDER_CREATED_V1, toKafkaHeaders } from '@aftercare/contracts';
import { TopicProbe, until, type ServiceProcess } from '@aftercare/testing';
import { IntakeAndDispatch } from './support/intake-and-dispatch';

/**
 * System tier: the tenant registry across intake and dispatch as separate processes sharing only
 * the broker. A tenant an operator registers through one service's admin API is accepted by the
 * other shortly after — its tokens, and the first case of it, routed from intake to dispatch
 * maybe before dispatch has read the registration, without a dead letter.
 */

describe('a tenant registered through one service', () => {
  const system = new IntakeAndDispatch('e2e-tenants');
  const { topicPrefix } = system;
  let intake: ServiceProcess;
  let dispatch: ServiceProcess;
  let probe: TopicProbe;

  const call = (service: ServiceProcess, method: string, url: string, roles: Role[], tenantId: string, body?: unknown) =>
    system.call(service, method, url, roles, body, { subject: roles.includes('operator') ? 'ops-e2e' : 'e2e', tenantId });
  const operator = (service: ServiceProcess, method: string, body?: unknown) => call(service, method, '/admin/tenants', ['operator'], 'platform-ops', body);

  beforeAll(async () => {
    await system.start([`${topicPrefix}${TOPICS.dispatchWorkOrderEvents.name}`, `${topicPrefix}dispatch.main.dlt`, `${topicPrefix}intake.main.dlt`]);
    ({ intake, dispatch, probe } = system);
  }, 180_000);

  afterAll(() => system.stop());

  it('through intake: dispatch accepts its tokens shortly after, and its first case becomes a work order without a dead letter', async () => {
    const tenant = `e2e-${randomUUID().slice(0, 8)}`;
    expect((await call(dispatch, 'GET', '/technicians', ['dispatcher'], tenant)).status).toBe(403);
    expect((await operator(intake, 'POST', { id: tenant, name: 'E2E Pumps' })).status).toBe(201);

    // The ERP tells intake about the asset, so the case is routed at once (no entitlement wait).
    const serial = `PUMP-${randomUUID().slice(0, 8)}`;
    const asset = { serialNumber: serial, productModel: 'CP-200', customerId: 'cust-e2e', purchaseDate: '2026-03-01', warrantyEnd: '2028-02-28', serviceContract: null, updatedAt: new Date().toISOString() };
    await probe.send(`${topicPrefix}${TOPICS.erpInstalledBase.name}`, {
      key: serial,
      value: JSON.stringify(asset),
      headers: toKafkaHeaders({ id: randomUUID(), type: ERP_INSTALLED_BASE_ASSET_UPSERTED_V1, source: '/erp', time: new Date().toISOString(), subject: serial, tenantId: tenant, data: asset }),
    });
    let caseId = '';
    let routed = false;
    await until(
      async () => {
        const created = await call(intake, 'POST', '/service-requests', ['agent'], tenant, {
          channel: 'phone',
          customer: { customerId: 'cust-e2e', name: 'Li Wei', phone: '+86 21 5555 0101', address: '1 Pump Road, Shanghai', zone: 'city' },
          product: { model: 'CP-200', serialNumber: serial },
          problemDescription: 'The pump leaks at the shaft seal',
          requestedType: 'repair',
          severity: 'major',
          urgency: 'high',
        });
        caseId = created.body.id;
        routed = created.body.entitlement?.feeClass === 'C';
        if (!routed) await call(intake, 'POST', `/service-requests/${caseId}/cancel`, ['agent'], tenant, { reason: 'test: installed base not yet known' });
        return routed;
      },
      30_000,
      'the case never saw the installed base',
    );

    await until(async () => (await call(dispatch, 'GET', '/technicians', ['dispatcher'], tenant)).status === 200, 30_000, 'dispatch never accepted the new tenant');
    await probe.waitFor((m) => m.headers.ce_type === WORK_ORDER_CREATED_V1 && m.headers.ce_caseid === caseId, { timeoutMs: 60_000 });
    const listed = await operator(dispatch, 'GET');
    expect(listed.body.items).toContainEqual(expect.objectContaining({ id: tenant, name: 'E2E Pumps', registeredBy: 'ops-e2e' }));
    expect(probe.messages.filter((m) => m.topic.endsWith('.dlt') && m.headers.ce_tenantid === tenant)).toEqual([]);
  });

  it('through dispatch: intake accepts its tokens shortly after', async () => {
    const tenant = `e2e-${randomUUID().slice(0, 8)}`;
    expect((await call(intake, 'GET', '/service-requests', ['agent'], tenant)).status).toBe(403);
    expect((await operator(dispatch, 'POST', { id: tenant, name: 'E2E Field' })).status).toBe(201);
    await until(async () => (await call(intake, 'GET', '/service-requests', ['agent'], tenant)).status === 200, 30_000, 'intake never accepted the new tenant');
    expect((await operator(intake, 'POST', { id: tenant, name: 'Again' })).status).toBe(409);
  });
});
