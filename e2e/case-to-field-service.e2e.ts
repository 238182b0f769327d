import type { Role } from '@aftercare/auth';
import {
  SERVICE_REQUEST_ACKNOWLEDGED_V1,
  SERVICE_REQUEST_REGISTERED_V1,
  SERVICE_REQUEST_RESOLVED_V1,
  SERVICE_REQUEST_ROUTED_V1,
  TOPICS,
  WORK_ORDER_ACCEPTED_V1,
  WORK_ORDER_ASSIGNED_V1,
  WORK_ORDER_COMPLETED_V1,
  WORK_ORDER_CREATED_V1,
  WORK_ORDER_EN_ROUTE_V1,
  WORK_ORDER_ON_SITE_V1,
  WORK_ORDER_SCHEDULED_V1,
  WORK_ORDER_STARTED_V1,
  WORK_ORDER_VERIFIED_V1,
} from '@aftercare/contracts';
import { TopicProbe, assertValidEvent, until, type ServiceProcess } from '@aftercare/testing';
import { caseReaches, completeAndVerify, pumpUnderWarranty, warrantyCase } from './support/field-work';
import { IntakeAndDispatch } from './support/intake-and-dispatch';

/**
 * System tier: intake and dispatch as separate processes, as `npm start` runs them, sharing only
 * the broker. A case registered over HTTP becomes a work order assigned to the technician with
 * the skill and zone; the field workflow runs to a verified order; the case is resolved in
 * intake and its timeline shows the work order's steps.
 */

describe('a case from registration to verified field service, across intake and dispatch', () => {
  const system = new IntakeAndDispatch('e2e-field-service');
  const { topicPrefix } = system;
  let intake: ServiceProcess;
  let dispatch: ServiceProcess;
  let probe: TopicProbe;

  const call = (service: ServiceProcess, method: string, url: string, roles: Role[], body?: unknown, subject = 'e2e') =>
    system.call(service, method, url, roles, body, { subject });

  beforeAll(async () => {
    await system.start([`${topicPrefix}${TOPICS.intakeServiceRequestEvents.name}`, `${topicPrefix}${TOPICS.dispatchWorkOrderEvents.name}`]);
    ({ intake, dispatch, probe } = system);
  }, 180_000);

  afterAll(() => system.stop());

  it('runs the whole field-service story with one trace from the case to the work order', async () => {
    const allWeek = { timeZone: 'Asia/Shanghai', weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '00:00', end: '24:00' }]])), daysOff: [] };
    const technician = (id: string, zones: string[], skills: string[]) => ({
      id,
      name: id,
      skills,
      productLines: ['CP'],
      zones,
      baseLocation: { lat: 31.23, lng: 121.47 },
      shiftCalendar: allWeek,
      capacity: 4,
    });
    expect((await call(dispatch, 'POST', '/technicians', ['dispatcher'], technician('tech-city-pumps', ['city'], ['repair', 'hydraulics']))).status).toBe(201);
    expect((await call(dispatch, 'POST', '/technicians', ['dispatcher'], technician('tech-remote-pumps', ['remote'], ['repair', 'hydraulics']))).status).toBe(201);
    expect((await call(dispatch, 'POST', '/technicians', ['dispatcher'], technician('tech-city-trainer', ['city'], ['training']))).status).toBe(201);

    // The ERP tells intake about the asset: in warranty, so the case is free of charge (class C).
    const caseId = await warrantyCase(system, await pumpUnderWarranty(system));

    const workOrderTopic = `${topicPrefix}${TOPICS.dispatchWorkOrderEvents.name}`;
    const [assignedMessage] = await probe.waitFor((m) => m.topic === workOrderTopic && m.headers.ce_caseid === caseId && m.headers.ce_type === WORK_ORDER_ASSIGNED_V1, { timeoutMs: 30_000 });
    const assigned = assertValidEvent<{ workOrderId: string; technicianId: string }>(assignedMessage);
    expect(assigned.data.technicianId).toBe('tech-city-pumps');
    const [routedMessage] = probe.messages.filter((m) => m.headers.ce_caseid === caseId && m.headers.ce_type === SERVICE_REQUEST_ROUTED_V1);
    expect(assignedMessage.headers.traceparent.split('-')[1]).toBe(routedMessage.headers.traceparent.split('-')[1]);

    await until(async () => (await call(intake, 'GET', `/service-requests/${caseId}`, ['agent'])).body.status === 'in_progress', 20_000, 'case not in progress');

    const orderId = assigned.data.workOrderId;
    const tech = (step: string, body: unknown = {}) => call(dispatch, 'POST', `/work-orders/${orderId}/${step}`, ['technician'], body, 'tech-city-pumps');
    expect((await tech('accept')).status).toBe(200);
    const now = Date.now();
    expect((await tech('schedule', { windowStart: new Date(now + 3_600_000).toISOString(), windowEnd: new Date(now + 7_200_000).toISOString(), agreedWith: 'Li Wei' })).status).toBe(200);
    expect((await tech('depart')).status).toBe(200);
    expect((await tech('arrive')).status).toBe(200);
    expect((await tech('start')).status).toBe(200);
    const incomplete = await tech('complete', { report: { faultCategory: 'seal', labourHours: 1, travelHours: 1, personTimes: 1 } });
    expect(incomplete.status).toBe(422);
    await completeAndVerify(system, { workOrderId: orderId, technicianId: 'tech-city-pumps' });

    await caseReaches(system, caseId, 'resolved');
    let timeline: string[] = [];
    await until(
      async () => {
        timeline = (await call(intake, 'GET', `/service-requests/${caseId}/timeline`, ['agent'])).body.entries.map((e: { type: string }) => e.type);
        return timeline.includes(SERVICE_REQUEST_RESOLVED_V1);
      },
      30_000,
      () => `timeline incomplete: ${timeline.join(', ')}`,
    );
    const order = [
      SERVICE_REQUEST_REGISTERED_V1,
      SERVICE_REQUEST_ACKNOWLEDGED_V1,
      SERVICE_REQUEST_ROUTED_V1,
      WORK_ORDER_CREATED_V1,
      WORK_ORDER_ASSIGNED_V1,
      WORK_ORDER_ACCEPTED_V1,
      WORK_ORDER_SCHEDULED_V1,
      WORK_ORDER_EN_ROUTE_V1,
      WORK_ORDER_ON_SITE_V1,
      WORK_ORDER_STARTED_V1,
      WORK_ORDER_COMPLETED_V1,
      WORK_ORDER_VERIFIED_V1,
    ];
    expect(timeline.filter((t) => order.includes(t))).toEqual(order);
  });
});
