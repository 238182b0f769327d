import { randomUUID } from 'node:crypto';
import type { Role } from '@aftercare/auth';
import {
  ERP_INSTALLED_BASE_ASSET_UPSERTED_V1,
  SERVICE_REQUEST_ESCALATED_V1,
  SERVICE_REQUEST_ROUTED_V1,
  TOPICS,
  WORK_ORDER_ASSIGNED_V1,
  WORK_ORDER_CANCELLED_V1,
  WORK_ORDER_CREATED_V1,
  toKafkaHeaders,
  type ServiceRequestEscalatedV1,
  type ServiceRequestRoutedV1,
  type WorkOrderCancelledV1,
} from '@aftercare/contracts';
import { TopicNames } from '@aftercare/messaging';
import {
  TopicProbe,
  assertValidEvent,
  failuresOnceDrained,
  until,
  type ReceivedMessage,
  type ServiceProcess,
} from '@aftercare/testing';
import { IntakeAndDispatch, TENANT } from './support/intake-and-dispatch';

/**
 * System tier: cancellation both ways (docs/domain.md, "Cancellation across intake and dispatch"),
 * intake and dispatch as separate processes sharing the broker. A case cancelled in intake
 * cancels its work order in dispatch, and intake takes the order's cancellation back without a
 * dead letter; a work order cancelled in dispatch before any technician took it re-routes the case
 * (a new order) or returns it to the agent. Neither service dead-letters anything.
 */

describe('cancellation flows both ways between intake and dispatch', () => {
  const system = new IntakeAndDispatch('e2e-cancellation');
  const { env, topicPrefix } = system;
  const caseTopic = `${topicPrefix}${TOPICS.intakeServiceRequestEvents.name}`;
  const workOrderTopic = `${topicPrefix}${TOPICS.dispatchWorkOrderEvents.name}`;
  let intake: ServiceProcess;
  let dispatch: ServiceProcess;
  let probe: TopicProbe;

  const call = (service: ServiceProcess, method: string, url: string, roles: Role[], body?: unknown, subject = 'e2e') =>
    system.call(service, method, url, roles, body, { subject });

  beforeAll(async () => {
    await system.start([caseTopic, workOrderTopic]);
    ({ intake, dispatch, probe } = system);
    const allWeek = { timeZone: 'Asia/Shanghai', weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '00:00', end: '24:00' }]])), daysOff: [] };
    const technician = { id: 'tech-city', name: 'tech-city', skills: ['repair', 'hydraulics'], productLines: ['CP'], zones: ['city'], baseLocation: { lat: 31.23, lng: 121.47 }, shiftCalendar: allWeek, capacity: 4 };
    expect((await call(dispatch, 'POST', '/technicians', ['dispatcher'], technician)).status).toBe(201);
  }, 180_000);

  afterAll(() => system.stop());

  /** Neither service's main group failed on anything it consumed from the other (retry drained too). */
  async function expectNoDeadLetters(): Promise<void> {
    const intakeFailures = await failuresOnceDrained(env.kafkaBrokers, new TopicNames(topicPrefix, 'intake', 'main'), [workOrderTopic]);
    const dispatchFailures = await failuresOnceDrained(env.kafkaBrokers, new TopicNames(topicPrefix, 'dispatch', 'main'), [caseTopic]);
    expect({ intake: intakeFailures.deadLettered, dispatch: dispatchFailures.deadLettered }).toEqual({ intake: 0, dispatch: 0 });
  }

  /** A repair case for an asset in warranty, registered over HTTP and routed to dispatch. */
  async function routedCase(zone: 'city' | 'remote'): Promise<string> {
    const serial = `PUMP-${randomUUID().slice(0, 8)}`;
    const asset = { serialNumber: serial, productModel: 'CP-200', customerId: 'cust-li', purchaseDate: '2026-03-01', warrantyEnd: '2028-02-28', serviceContract: null, updatedAt: new Date().toISOString() };
    await probe.send(`${topicPrefix}${TOPICS.erpInstalledBase.name}`, {
      key: serial,
      value: JSON.stringify(asset),
      headers: toKafkaHeaders({ id: randomUUID(), type: ERP_INSTALLED_BASE_ASSET_UPSERTED_V1, source: '/erp', time: new Date().toISOString(), subject: serial, tenantId: TENANT, data: asset }),
    });
    let caseId = '';
    await until(
      async () => {
        const created = await call(intake, 'POST', '/service-requests', ['agent'], {
          channel: 'phone',
          customer: { customerId: `cust-${randomUUID().slice(0, 6)}`, name: 'Li Wei', phone: '+86 21 5555 0101', address: '1 Pump Road, Shanghai', zone },
          product: { model: 'CP-200', serialNumber: serial },
          problemDescription: 'The pump leaks at the shaft seal',
          requestedType: 'repair',
          severity: 'major',
          urgency: 'high',
        });
        caseId = created.body.id;
        if (created.body.entitlement?.feeClass === 'C') return true;
        // The installed base is not in yet: the case would wait for the agent; withdraw it and try again.
        await call(intake, 'POST', `/service-requests/${caseId}/cancel`, ['agent'], { reason: 'test: installed base not yet known' });
        return false;
      },
      30_000,
      'the case never saw the installed base',
    );
    return caseId;
  }

  const workOrderEvent = (type: string, caseId: string, extra: (m: ReceivedMessage) => boolean = () => true) => (m: ReceivedMessage) =>
    m.topic === workOrderTopic && m.headers.ce_caseid === caseId && m.headers.ce_type === type && extra(m);

  it('a case cancelled in intake cancels its assigned work order, frees the technician, and takes the order’s cancellation back quietly', async () => {
    const caseId = await routedCase('city');
    const [assignedMessage] = await probe.waitFor(workOrderEvent(WORK_ORDER_ASSIGNED_V1, caseId), { timeoutMs: 30_000 });
    const orderId = assertValidEvent<{ workOrderId: string }>(assignedMessage).data.workOrderId;
    await until(async () => (await call(intake, 'GET', `/service-requests/${caseId}`, ['agent'])).body.status === 'in_progress', 20_000, 'case not in progress');

    expect((await call(intake, 'POST', `/service-requests/${caseId}/cancel`, ['agent'], { reason: 'Customer sold the machine' })).status).toBe(200);

    const [cancelledMessage] = await probe.waitFor(workOrderEvent(WORK_ORDER_CANCELLED_V1, caseId), { timeoutMs: 30_000 });
    expect(assertValidEvent<WorkOrderCancelledV1>(cancelledMessage).data).toMatchObject({
      workOrderId: orderId,
      reasonCode: 'case_cancelled',
      cancelledBy: 'intake',
      previousStatus: 'assigned',
      technicianId: 'tech-city',
    });
    await expectNoDeadLetters();
    expect((await call(intake, 'GET', `/service-requests/${caseId}`, ['agent'])).body.status).toBe('cancelled');
    expect((await call(dispatch, 'GET', `/technicians/tech-city`, ['dispatcher'])).body.openOrderIds).not.toContain(orderId);
  });

  it('a work order cancelled before any technician took it re-routes the case (replan: a new order) or returns it to the agent', async () => {
    // Nobody serves the remote zone: the order waits unassigned.
    const caseId = await routedCase('remote');
    const [firstCreated] = await probe.waitFor(workOrderEvent(WORK_ORDER_CREATED_V1, caseId), { timeoutMs: 30_000 });
    const firstOrder = firstCreated.key as string;

    const replanned = await call(dispatch, 'POST', `/work-orders/${firstOrder}/cancel`, ['dispatcher'], { reason: 'Site is a workshop job', reasonCode: 'replan' }, 'dispatcher-1');
    expect(replanned.status).toBe(200);
    const [rerouted] = await probe.waitFor(
      (m) => m.topic === caseTopic && m.key === caseId && m.headers.ce_type === SERVICE_REQUEST_ROUTED_V1 && JSON.parse(m.value!).reroute === true,
      { timeoutMs: 30_000 },
    );
    expect(assertValidEvent<ServiceRequestRoutedV1>(rerouted).data).toMatchObject({ target: 'dispatch', reroute: true });
    const [secondCreated] = await probe.waitFor(workOrderEvent(WORK_ORDER_CREATED_V1, caseId, (m) => m.key !== firstOrder), { timeoutMs: 30_000 });
    const secondOrder = secondCreated.key as string;

    const calledOff = await call(dispatch, 'POST', `/work-orders/${secondOrder}/cancel`, ['dispatcher'], { reason: 'Customer postponed to next month', reasonCode: 'customer_request' }, 'dispatcher-1');
    expect(calledOff.status).toBe(200);
    const [escalated] = await probe.waitFor((m) => m.topic === caseTopic && m.key === caseId && m.headers.ce_type === SERVICE_REQUEST_ESCALATED_V1, { timeoutMs: 30_000 });
    expect(assertValidEvent<ServiceRequestEscalatedV1>(escalated).data).toMatchObject({ reason: 'downstream', level: 1, status: 'acknowledged' });

    await expectNoDeadLetters();
    const stored = (await call(intake, 'GET', `/service-requests/${caseId}`, ['agent'])).body;
    expect(stored).toMatchObject({ status: 'acknowledged' });
    expect(stored.work.map((w: { reference: string; completedAt: string | null }) => [w.reference, w.completedAt !== null])).toEqual([
      [firstOrder, true],
      [secondOrder, true],
    ]);
  });
});
