import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureDevKeys, type Role } from '@aftercare/auth';
import {
  ERP_INSTALLED_BASE_ASSET_UPSERTED_V1,
  SERVICE_REQUEST_ROUTED_V1,
  TOPICS,
  WORK_ORDER_ASSIGNED_V1,
  toKafkaHeaders,
  type NotificationRequestedV1,
} from '@aftercare/contracts';
import { REPO_ROOT, freePort, isolate, startServiceProcess, until, waitUntilReady, type ServiceProcess } from '@aftercare/testing';
import { IntakeAndDispatch, TENANT } from './support/intake-and-dispatch';

jest.setTimeout(300_000);

/**
 * System tier, the survey's part of stories 1 and 3 (docs/domain.md "End-to-end stories"): intake,
 * dispatch and survey as separate processes sharing only the broker. A case is worked to a
 * verified order; survey sends the link (a notification request); the customer answers through
 * it. 4/4 everywhere closes the case in intake (`survey_completed`); 1/4 on arrival time reopens
 * it. One trace id from intake's routing to survey's link. (Parts and claims are not in it: the
 * order needs no parts here, and claims does not consume LowScoreReceived yet.)
 */
describe('a survey after the verified job closes or reopens the case, across intake, dispatch and survey', () => {
  const system = new IntakeAndDispatch('e2e-survey');
  const { topicPrefix } = system;
  const surveyDb = isolate('e2e-survey-db').dbName;
  let intake: ServiceProcess;
  let dispatch: ServiceProcess;
  let survey: ServiceProcess;

  const call = (service: ServiceProcess, method: string, url: string, roles: Role[], body?: unknown, subject = 'e2e') => system.call(service, method, url, roles, body, { subject });
  const notifications = `${topicPrefix}${TOPICS.notificationRequests.name}`;
  const workOrders = `${topicPrefix}${TOPICS.dispatchWorkOrderEvents.name}`;
  const cases = `${topicPrefix}${TOPICS.intakeServiceRequestEvents.name}`;

  beforeAll(async () => {
    await system.start([cases, workOrders, notifications]);
    ({ intake, dispatch } = system);
    const port = await freePort();
    survey = startServiceProcess(
      path.join(REPO_ROOT, 'services/survey/src/main.ts'),
      {
        KAFKA_BROKERS: system.env.kafkaBrokers.join(','),
        MONGO_URL: system.env.mongoUrl,
        MONGO_DB: `${surveyDb}_survey`,
        KAFKA_TOPIC_PREFIX: topicPrefix,
        AUTH_JWKS_URI: (await ensureDevKeys(path.join(os.tmpdir(), 'aftercare-test-keys'))).jwksUri,
        LOG_LEVEL: 'warn',
        SURVEY_PUBLIC_URL: `http://127.0.0.1:${port}`,
      },
      port,
    );
    await waitUntilReady(survey);
    const allWeek = { timeZone: 'Asia/Shanghai', weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '00:00', end: '24:00' }]])), daysOff: [] };
    const technician = { id: 'tech-survey-city', name: 'Zhou Min', skills: ['repair', 'hydraulics'], productLines: ['CP'], zones: ['city'], baseLocation: { lat: 31.23, lng: 121.47 }, shiftCalendar: allWeek, capacity: 4 };
    expect((await call(dispatch, 'POST', '/technicians', ['dispatcher'], technician)).status).toBe(201);
  }, 240_000);

  afterAll(async () => {
    await survey?.stop();
    await system.stop();
  });

  /** A case worked to a verified order; its survey link. */
  async function verifiedCase(): Promise<{ caseId: string; link: string; traceId: string; linkTraceId: string | undefined }> {
    const serial = `PUMP-${randomUUID().slice(0, 8)}`;
    const asset = { serialNumber: serial, productModel: 'CP-200', customerId: 'cust-li', purchaseDate: '2026-03-01', warrantyEnd: '2028-02-28', serviceContract: null, updatedAt: new Date().toISOString() };
    await system.probe.send(`${topicPrefix}${TOPICS.erpInstalledBase.name}`, {
      key: serial,
      value: JSON.stringify(asset),
      headers: toKafkaHeaders({ id: randomUUID(), type: ERP_INSTALLED_BASE_ASSET_UPSERTED_V1, source: '/erp', time: new Date().toISOString(), subject: serial, tenantId: TENANT, data: asset }),
    });
    let caseId = '';
    await until(
      async () => {
        const created = await call(intake, 'POST', '/service-requests', ['agent'], {
          channel: 'phone',
          customer: { customerId: 'cust-li', name: 'Li Wei', phone: '+86 21 5555 0101', address: '1 Pump Road, Shanghai', zone: 'city' },
          product: { model: 'CP-200', serialNumber: serial },
          problemDescription: 'The pump leaks at the shaft seal',
          requestedType: 'repair',
          severity: 'major',
          urgency: 'high',
        });
        caseId = created.body.id;
        if (created.body.entitlement?.feeClass === 'C') return true;
        await call(intake, 'POST', `/service-requests/${caseId}/cancel`, ['agent'], { reason: 'test: installed base not yet known' });
        return false;
      },
      30_000,
      'the case never saw the installed base',
    );
    const [assigned] = await system.probe.waitFor((m) => m.topic === workOrders && m.headers.ce_caseid === caseId && m.headers.ce_type === WORK_ORDER_ASSIGNED_V1, { timeoutMs: 60_000 });
    const orderId = (JSON.parse(assigned.value ?? '{}') as { workOrderId: string }).workOrderId;
    const tech = (step: string, body: unknown = {}) => call(dispatch, 'POST', `/work-orders/${orderId}/${step}`, ['technician'], body, 'tech-survey-city');
    const now = Date.now();
    for (const [step, body] of [
      ['accept', {}],
      ['schedule', { windowStart: new Date(now + 3_600_000).toISOString(), windowEnd: new Date(now + 7_200_000).toISOString(), agreedWith: 'Li Wei' }],
      ['depart', {}],
      ['arrive', {}],
      ['start', {}],
      [
        'complete',
        {
          report: {
            faultCause: 'Shaft seal worn by dry running',
            faultCategory: 'seal',
            resolution: 'Replaced the shaft seal',
            partsReplaced: [{ partNo: 'SEAL-CP200-01', quantity: 1 }],
            labourHours: 2,
            travelHours: 1,
            personTimes: 1,
            customerAcceptance: { name: 'Li Wei', signedAt: new Date().toISOString(), signatureRef: 'sig://acme/li-wei.png' },
          },
        },
      ],
    ] as Array<[string, unknown]>) {
      const answer = await tech(step, body);
      if (answer.status !== 200) throw new Error(`${step}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    expect((await call(dispatch, 'POST', `/work-orders/${orderId}/verify`, ['dispatcher'], { remarks: 'QC passed' }, 'supervisor-1')).status).toBe(200);
    await until(async () => (await call(intake, 'GET', `/service-requests/${caseId}`, ['agent'])).body.status === 'resolved', 30_000, 'case not resolved');

    const [linkMessage] = await system.probe.waitFor(
      (m) => m.topic === notifications && m.headers.ce_caseid === caseId && (JSON.parse(m.value ?? '{}') as NotificationRequestedV1).purpose === 'survey_link',
      { timeoutMs: 60_000 },
    );
    const [routed] = system.probe.messages.filter((m) => m.headers.ce_caseid === caseId && m.headers.ce_type === SERVICE_REQUEST_ROUTED_V1);
    const link = String((JSON.parse(linkMessage.value ?? '{}') as NotificationRequestedV1).parameters.link);
    return { caseId, link, traceId: routed.headers.traceparent.split('-')[1], linkTraceId: linkMessage.headers.traceparent?.split('-')[1] };
  }

  const answer = (link: string, levels: Record<string, number>) =>
    fetch(`${survey.baseUrl}/api/v1/survey-answers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: link.slice(link.lastIndexOf('/') + 1), ratings: Object.entries(levels).map(([criterion, level]) => ({ criterion, level })) }),
    });

  it('story 1: answered 4/4 → the case is closed (survey_completed), one trace id from routing to the survey link', async () => {
    const { caseId, link, traceId, linkTraceId } = await verifiedCase();
    expect(link.startsWith(`${survey.baseUrl}/api/v1/s/`)).toBe(true);
    expect(linkTraceId).toBe(traceId);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect((await answer(link, { attitude: 4, technical_skill: 4, arrival_time: 4, commitments_kept: 4 })).status).toBe(201);
    await until(async () => (await call(intake, 'GET', `/service-requests/${caseId}`, ['agent'])).body.status === 'closed', 60_000, 'case not closed by the survey');
    expect((await call(intake, 'GET', `/service-requests/${caseId}`, ['agent'])).body.closure).toMatchObject({ reason: 'survey_completed' });
  });

  it('story 3: 1/4 on arrival time → the case is reopened', async () => {
    const { caseId, link } = await verifiedCase();
    expect((await answer(link, { attitude: 4, technical_skill: 4, arrival_time: 1, commitments_kept: 4 })).status).toBe(201);
    await until(async () => (await call(intake, 'GET', `/service-requests/${caseId}`, ['agent'])).body.status === 'reopened', 60_000, 'case not reopened by the low score');
  });
});
