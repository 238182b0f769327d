import type { Role } from '@aftercare/auth';
import {
  SERVICE_REQUEST_CLOSED_V1,
  SERVICE_REQUEST_CONFIRMED_V1,
  SERVICE_REQUEST_REGISTERED_V1,
  SERVICE_REQUEST_RESOLVED_V1,
  SERVICE_REQUEST_ROUTED_V1,
  TOPICS,
  WORK_ORDER_ACCEPTED_V1,
  WORK_ORDER_ASSIGNED_V1,
  WORK_ORDER_COMPLETED_V1,
  WORK_ORDER_CREATED_V1,
  WORK_ORDER_SCHEDULED_V1,
  WORK_ORDER_STARTED_V1,
  WORK_ORDER_VERIFIED_V1,
} from '@aftercare/contracts';
import { TopicProbe, until, type ReceivedMessage, type ServiceProcess } from '@aftercare/testing';
import { IntakeAndDispatch } from './support/intake-and-dispatch';

/**
 * One case, one trace: every HTTP command on the case (intake) and on its work order (dispatch)
 * arrives in a trace of its own, yet every event of the case and of its work order — whether a
 * command over HTTP or a Kafka hop produced it — carries the trace id the case was registered in.
 * Intake and dispatch run as processes, as `npm start` runs them, with their telemetry on.
 */

const traceIdOf = (message: ReceivedMessage): string | undefined => message.headers.traceparent?.split('-')[1];

describe('one case, one trace, across HTTP commands, Kafka hops, intake and dispatch', () => {
  const system = new IntakeAndDispatch('e2e-one-trace');
  const { topicPrefix } = system;
  const caseTopic = `${topicPrefix}${TOPICS.intakeServiceRequestEvents.name}`;
  const workOrderTopic = `${topicPrefix}${TOPICS.dispatchWorkOrderEvents.name}`;
  const notificationTopic = `${topicPrefix}${TOPICS.notificationRequests.name}`;
  let intake: ServiceProcess;
  let dispatch: ServiceProcess;
  let probe: TopicProbe;

  const call = (service: ServiceProcess, method: string, url: string, roles: Role[], body?: unknown, subject = 'e2e') =>
    system.call(service, method, url, roles, body, { subject });

  beforeAll(async () => {
    await system.start([caseTopic, workOrderTopic, notificationTopic]);
    ({ intake, dispatch, probe } = system);
  }, 180_000);

  afterAll(() => system.stop());

  it('gives every event of the case and its work order the trace id of the case', async () => {
    const allWeek = { timeZone: 'Asia/Shanghai', weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '00:00', end: '24:00' }]])), daysOff: [] };
    const technician = {
      id: 'tech-trace',
      name: 'tech-trace',
      skills: ['repair', 'hydraulics'],
      productLines: ['CP'],
      zones: ['city'],
      baseLocation: { lat: 31.23, lng: 121.47 },
      shiftCalendar: allWeek,
      capacity: 4,
    };
    expect((await call(dispatch, 'POST', '/technicians', ['dispatcher'], technician)).status).toBe(201);

    // No installed-base record: the case waits for the agent's entitlement decision, so routing
    // (and with it the work order) comes from an HTTP command of its own, not from registration.
    const created = await call(intake, 'POST', '/service-requests', ['agent'], {
      channel: 'phone',
      customer: { customerId: 'cust-trace', name: 'Zhang Min', phone: '+86 21 5555 0202', address: '2 Pump Road, Shanghai', zone: 'city' },
      product: { model: 'CP-200', serialNumber: 'PUMP-TRACE-1' },
      problemDescription: 'The pump does not start',
      requestedType: 'repair',
      severity: 'major',
      urgency: 'high',
    });
    expect(created.status).toBe(201);
    const caseId: string = created.body.id;
    const [registered] = await probe.waitFor((m) => m.topic === caseTopic && m.headers.ce_caseid === caseId && m.headers.ce_type === SERVICE_REQUEST_REGISTERED_V1);
    const caseTrace = traceIdOf(registered);
    expect(caseTrace).toMatch(/^[0-9a-f]{32}$/);

    // Commands on the case over HTTP, each request in a trace of its own.
    expect((await call(intake, 'POST', `/service-requests/${caseId}/information`, ['agent'], { text: 'Customer: it hums, then stops' })).status).toBe(200);
    expect((await call(intake, 'PATCH', `/service-requests/${caseId}/entitlement`, ['agent'], { entitlement: 'in_warranty' })).status).toBe(200);

    // Kafka hop: the routed case becomes a work order in dispatch, assigned to the technician.
    const [assignedMessage] = await probe.waitFor((m) => m.topic === workOrderTopic && m.headers.ce_caseid === caseId && m.headers.ce_type === WORK_ORDER_ASSIGNED_V1, { timeoutMs: 30_000 });
    const orderId: string = JSON.parse(assignedMessage.value!).workOrderId;
    await until(async () => (await call(intake, 'GET', `/service-requests/${caseId}`, ['agent'])).body.status === 'in_progress', 20_000, 'case not in progress');

    // Commands on the work order over HTTP.
    const tech = (step: string, body: unknown = {}) => call(dispatch, 'POST', `/work-orders/${orderId}/${step}`, ['technician'], body, 'tech-trace');
    expect((await tech('accept')).status).toBe(200);
    const now = Date.now();
    expect((await tech('schedule', { windowStart: new Date(now + 3_600_000).toISOString(), windowEnd: new Date(now + 7_200_000).toISOString(), agreedWith: 'Zhang Min' })).status).toBe(200);
    expect((await tech('depart')).status).toBe(200);
    expect((await tech('arrive')).status).toBe(200);
    expect((await tech('start')).status).toBe(200);
    const report = {
      faultCause: 'Start capacitor failed',
      faultCategory: 'electrical',
      resolution: 'Replaced the start capacitor',
      partsReplaced: [{ partNo: 'CAP-CP200-01', quantity: 1 }],
      labourHours: 1,
      travelHours: 1,
      personTimes: 1,
      customerAcceptance: { name: 'Zhang Min', signedAt: new Date().toISOString(), signatureRef: 'sig://acme/zhang-min.png' },
    };
    expect((await tech('complete', { report })).status).toBe(200);
    expect((await call(dispatch, 'POST', `/work-orders/${orderId}/verify`, ['dispatcher'], { remarks: 'QC passed' }, 'supervisor-1')).status).toBe(200);

    // Kafka hop back: the verified order resolves the case; then the agent finishes it over HTTP.
    await until(async () => (await call(intake, 'GET', `/service-requests/${caseId}`, ['agent'])).body.status === 'resolved', 30_000, 'case not resolved');
    expect((await call(intake, 'POST', `/service-requests/${caseId}/confirm`, ['agent'])).status).toBe(200);
    expect((await call(intake, 'POST', `/service-requests/${caseId}/close`, ['agent'], { reason: 'manual' })).status).toBe(200);
    await probe.waitFor((m) => m.topic === caseTopic && m.headers.ce_caseid === caseId && m.headers.ce_type === SERVICE_REQUEST_CLOSED_V1, { timeoutMs: 30_000 });

    const ofTheCase = probe.messages.filter((m) => m.headers.ce_caseid === caseId);
    const types = ofTheCase.map((m) => m.headers.ce_type);
    for (const expected of [
      SERVICE_REQUEST_ROUTED_V1,
      WORK_ORDER_CREATED_V1,
      WORK_ORDER_ACCEPTED_V1,
      WORK_ORDER_SCHEDULED_V1,
      WORK_ORDER_STARTED_V1,
      WORK_ORDER_COMPLETED_V1,
      WORK_ORDER_VERIFIED_V1,
      SERVICE_REQUEST_RESOLVED_V1,
      SERVICE_REQUEST_CONFIRMED_V1,
      SERVICE_REQUEST_CLOSED_V1,
    ]) {
      expect(types).toContain(expected);
    }
    const offTrace = ofTheCase.filter((m) => traceIdOf(m) !== caseTrace).map((m) => `${m.headers.ce_type} in ${traceIdOf(m)}`);
    expect(offTrace).toEqual([]);
  });
});
