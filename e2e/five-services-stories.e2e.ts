import { randomUUID } from 'node:crypto';
import {
  PARTS_REQUEST_DELIVERED_V1,
  PARTS_REQUEST_REQUESTED_V1,
  PARTS_REQUEST_SHIPPED_V1,
  SERVICE_COMPLAINT_OPENED_V1,
  SERVICE_REQUEST_ACKNOWLEDGED_V1,
  SERVICE_REQUEST_CLOSED_V1,
  SERVICE_REQUEST_REGISTERED_V1,
  SERVICE_REQUEST_REOPENED_V1,
  SURVEY_RESPONSE_LOW_SCORE_RECEIVED_V1,
  SURVEY_RESPONSE_SUBMITTED_V1,
  TOPICS,
  WORK_ORDER_RESUMED_V1,
} from '@aftercare/contracts';
import { assertValidEvent, until, type ReceivedMessage } from '@aftercare/testing';
import { FiveServices } from './support/five-services';
import {
  assignedOrder,
  caseReaches,
  completeAndVerify,
  pumpUnderWarranty,
  registerTechnician,
  sealRepairReport,
  startOnSite,
  technicianStep,
  warrantyCase,
  warrantyCaseFromCrm,
  type AssignedOrder,
} from './support/field-work';

jest.setTimeout(300_000);

/**
 * System tier, stories 1 and 3 of docs/domain.md with all five services as separate processes,
 * sharing only the broker (each its own database).
 * Story 1: a CRM request for a pump under warranty → case registered (class C) and acknowledged →
 * work order assigned → the technician needs a seal → parts reserves it, the warehouse ships it,
 * the technician receives it → the order resumes, is completed and verified → survey sends its
 * link → answered 4/4 → the case is closed (`survey_completed`).
 * Story 3: a job answered 1/4 on arrival time → claims opens the follow-up complaint → intake
 * reopens the case.
 * Every event of a case — whichever of the five services publishes it — carries the trace id the
 * case was registered in.
 */
describe('stories 1 and 3 across intake, dispatch, parts, claims and survey', () => {
  const system = new FiveServices('e2e-five');
  const topic = (name: string) => system.topic(name);
  const cases = topic(TOPICS.intakeServiceRequestEvents.name);
  const workOrders = topic(TOPICS.dispatchWorkOrderEvents.name);
  const partsRequests = topic(TOPICS.partsRequestEvents.name);
  const notifications = topic(TOPICS.notificationRequests.name);
  const surveyResponses = topic(TOPICS.surveyResponseEvents.name);
  const surveyInvitations = topic(TOPICS.surveyInvitationEvents.name);
  const complaints = topic(TOPICS.claimsServiceComplaintEvents.name);
  const deadLetters = system.deadLetterTopics();
  const technicianId = `tech-${randomUUID().slice(0, 8)}`;

  /** Which service published a message: the owner of its topic. */
  const publisher: Record<string, string> = { [cases]: 'intake', [workOrders]: 'dispatch', [partsRequests]: 'parts', [surveyResponses]: 'survey', [surveyInvitations]: 'survey', [complaints]: 'claims' };
  const traceIdOf = (message: ReceivedMessage) => message.headers.traceparent?.split('-')[1];

  beforeAll(async () => {
    await system.start([cases, workOrders, partsRequests, notifications, surveyResponses, surveyInvitations, complaints, ...deadLetters]);
    await registerTechnician(system, technicianId, 'Zhou Min');
  }, 600_000);

  afterAll(() => system.stop());

  const surveyLink = (caseId: string) => system.surveyLink(caseId);
  const answer = (link: string, levels: Record<string, number>) => system.answerSurvey(link, levels);

  /** Every message of the case on the watched topics, and the trace it was registered in. */
  async function caseTrace(caseId: string): Promise<{ trace: string | undefined; messages: ReceivedMessage[] }> {
    const [registered] = await system.probe.waitFor((m) => m.topic === cases && m.headers.ce_caseid === caseId && m.headers.ce_type === SERVICE_REQUEST_REGISTERED_V1);
    return { trace: traceIdOf(registered), messages: system.probe.messages.filter((m) => m.headers.ce_caseid === caseId) };
  }

  it('story 1: CRM request → acknowledged → assigned → seal reserved, shipped, delivered → verified → survey 4/4 → case closed, one trace id through all five services', async () => {
    const seal = `SEAL-${randomUUID().slice(0, 8)}`;
    const clerk = (method: string, url: string, body?: unknown) => system.call(system.parts, method, url, ['parts_clerk'], body);
    expect((await clerk('PUT', `/parts/${seal}`, { name: 'Mechanical seal', specification: '22 mm', material: 'SiC/carbon', unit: 'pcs', standardCost: 180 })).status).toBe(200);
    expect((await clerk('POST', `/warehouses/central/stock/${seal}/receipts`, { receiptId: `GR-${randomUUID()}`, quantity: 2 })).status).toBe(200);

    const serial = await pumpUnderWarranty(system);
    const caseId = await warrantyCaseFromCrm(system, serial);
    await system.probe.waitFor((m) => m.topic === cases && m.headers.ce_caseid === caseId && m.headers.ce_type === SERVICE_REQUEST_ACKNOWLEDGED_V1, { timeoutMs: 30_000 });
    await system.probe.waitFor((m) => m.topic === notifications && m.headers.ce_caseid === caseId && JSON.parse(m.value ?? '{}').purpose === 'acknowledgement', { timeoutMs: 30_000 });
    const order = await assignedOrder(system, caseId);
    expect(order.technicianId).toBe(technicianId);

    // On site the seal is needed: parts reserves it from the central stock; the warehouse ships it.
    await startOnSite(system, order);
    await technicianStep(system, order, 'await-parts', { parts: [{ partNo: seal, quantity: 1, description: 'Mechanical seal 22 mm' }] });
    const [requested] = await system.probe.waitFor((m) => m.topic === partsRequests && m.headers.ce_caseid === caseId && m.headers.ce_type === PARTS_REQUEST_REQUESTED_V1, { timeoutMs: 60_000 });
    const requestId = requested.key!;
    const warehouse = (step: string, body?: unknown) => system.call(system.parts, 'POST', `/parts-requests/${requestId}/${step}`, ['warehouse'], body);
    await until(async () => (await clerk('GET', `/parts-requests/${requestId}`)).body.status === 'reserved', 30_000, 'the seal was not reserved');
    expect((await warehouse('pick')).status).toBe(200);
    expect((await warehouse('pack')).status).toBe(200);
    expect((await warehouse('ship', { carrier: 'SF Express', trackingNo: `SF${randomUUID().slice(0, 6)}`, transportCost: 35 })).status).toBe(200);
    const delivered = await system.call(system.parts, 'POST', `/parts-requests/${requestId}/deliver`, ['technician'], { receivedBy: technicianId, lines: [{ partNo: seal, received: 1, damaged: 0 }] }, { subject: technicianId });
    expect(delivered.status).toBe(200);
    await system.probe.waitFor((m) => m.topic === workOrders && m.headers.ce_caseid === caseId && m.headers.ce_type === WORK_ORDER_RESUMED_V1, { timeoutMs: 60_000 });

    // Repaired with the delivered seal and verified: resolved in intake, the survey link goes out.
    await completeAndVerify(system, order, sealRepairReport({ partsReplaced: [{ partNo: seal, quantity: 1 }] }));
    await caseReaches(system, caseId, 'resolved');
    const link = await surveyLink(caseId);
    expect(link.startsWith(`${system.survey.baseUrl}/api/v1/s/`)).toBe(true);
    expect((await fetch(link)).status).toBe(200);
    expect((await answer(link, { attitude: 4, technical_skill: 4, arrival_time: 4, commitments_kept: 4 })).status).toBe(201);
    await caseReaches(system, caseId, 'closed');
    expect((await system.call(system.intake, 'GET', `/service-requests/${caseId}`, ['agent'])).body.closure).toMatchObject({ reason: 'survey_completed' });
    await system.probe.waitFor((m) => m.topic === cases && m.headers.ce_caseid === caseId && m.headers.ce_type === SERVICE_REQUEST_CLOSED_V1, { timeoutMs: 30_000 });
    await system.probe.waitFor((m) => m.topic === surveyResponses && m.headers.ce_caseid === caseId && m.headers.ce_type === SURVEY_RESPONSE_SUBMITTED_V1, { timeoutMs: 30_000 });

    // One trace: every message of the case, from each service that published one, in the case's trace.
    const { trace, messages } = await caseTrace(caseId);
    expect(trace).toMatch(/^[0-9a-f]{32}$/);
    expect(messages.filter((m) => traceIdOf(m) !== trace).map((m) => `${m.headers.ce_type} in ${traceIdOf(m)}`)).toEqual([]);
    expect(new Set(messages.map((m) => publisher[m.topic]).filter(Boolean))).toEqual(new Set(['intake', 'dispatch', 'parts', 'survey']));
    for (const type of [PARTS_REQUEST_SHIPPED_V1, PARTS_REQUEST_DELIVERED_V1]) expect(messages.map((m) => m.headers.ce_type)).toContain(type);
    expect(system.probe.messages.filter((m) => deadLetters.includes(m.topic))).toEqual([]);
  });

  it('story 3: 1/4 on arrival time → claims opens the follow-up complaint → the case is reopened, in the case trace (claims included)', async () => {
    const serial = await pumpUnderWarranty(system);
    const caseId = await warrantyCase(system, serial);
    const order: AssignedOrder = await assignedOrder(system, caseId);
    // The technician fits a seal from the van, which parts counts (the van holds two).
    const clerk = (method: string, url: string, body?: unknown) => system.call(system.parts, method, url, ['parts_clerk'], body);
    const vanSeals = `/warehouses/van-${order.technicianId}/stock/SEAL-CP200-01`;
    expect((await clerk('PUT', '/parts/SEAL-CP200-01', { name: 'Shaft seal CP-200', specification: '22 mm', material: 'SiC/carbon', unit: 'pcs', standardCost: 120 })).status).toBe(200);
    expect((await clerk('POST', `${vanSeals}/counts`, { onHand: 2 })).status).toBe(200);
    await startOnSite(system, order);
    await completeAndVerify(system, order);
    await until(async () => (await clerk('GET', vanSeals)).body.onHand === 1, 30_000, 'the seal was not taken from the van');
    await caseReaches(system, caseId, 'resolved');
    const link = await surveyLink(caseId);
    expect((await answer(link, { attitude: 4, technical_skill: 4, arrival_time: 1, commitments_kept: 4 })).status).toBe(201);

    const [lowScore] = await system.probe.waitFor((m) => m.topic === surveyResponses && m.headers.ce_caseid === caseId && m.headers.ce_type === SURVEY_RESPONSE_LOW_SCORE_RECEIVED_V1, { timeoutMs: 60_000 });
    expect(assertValidEvent<{ workOrderId: string; technicianId: string }>(lowScore).data).toMatchObject({ workOrderId: order.workOrderId, technicianId: order.technicianId });
    const [opened] = await system.probe.waitFor((m) => m.topic === complaints && m.headers.ce_caseid === caseId && m.headers.ce_type === SERVICE_COMPLAINT_OPENED_V1, { timeoutMs: 60_000 });
    expect(assertValidEvent<{ caseId: string }>(opened).data.caseId).toBe(caseId);
    await caseReaches(system, caseId, 'reopened');
    await system.probe.waitFor((m) => m.topic === cases && m.headers.ce_caseid === caseId && m.headers.ce_type === SERVICE_REQUEST_REOPENED_V1, { timeoutMs: 30_000 });

    const { trace, messages } = await caseTrace(caseId);
    expect(messages.filter((m) => traceIdOf(m) !== trace).map((m) => `${m.headers.ce_type} in ${traceIdOf(m)}`)).toEqual([]);
    expect(new Set(messages.map((m) => publisher[m.topic]).filter(Boolean))).toEqual(new Set(['intake', 'dispatch', 'survey', 'claims']));
    expect(messages.filter((m) => m.topic === complaints && m.headers.ce_type === SERVICE_COMPLAINT_OPENED_V1)).toHaveLength(1);
    expect(system.probe.messages.filter((m) => deadLetters.includes(m.topic))).toEqual([]);
  });
});
