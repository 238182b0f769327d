import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  EXAMPLES_DIR,
  SERVICE_REQUEST_CLOSED_V1,
  SERVICE_REQUEST_REOPENED_V1,
  SURVEY_RESPONSE_LOW_SCORE_RECEIVED_V1,
  SURVEY_RESPONSE_SUBMITTED_V1,
  TOPICS,
  WORK_ORDER_ASSIGNED_V1,
  WORK_ORDER_VERIFIED_V1,
  toKafkaHeaders,
} from '@aftercare/contracts';
import { FAILURE_HEADERS } from '@aftercare/messaging';
import { assertValidEvent, until } from '@aftercare/testing';
import { InstalledBaseStore } from '../src/installed-base/installed-base.store';
import { RegisterCase } from '../src/service-request/application/register-case';
import { ServiceRequestRepository } from '../src/service-request/infrastructure/service-request.repository';
import { startIntake, stopIntake, type IntakeTestApp } from './support/intake-app';

const example = (type: string) => JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${type}.json`), 'utf8'));

const DLT = 'intake.main.dlt';

describe('intake follows the survey of a case', () => {
  let intake: IntakeTestApp;
  const caseTopic = () => intake.topic(TOPICS.intakeServiceRequestEvents.name);
  const load = (caseId: string) => intake.app.get(ServiceRequestRepository).findById('acme', caseId);

  beforeAll(async () => {
    intake = await startIntake('survey-feedback', { watch: [TOPICS.intakeServiceRequestEvents.name, DLT] });
  });
  afterAll(() => stopIntake(intake));

  async function send(topic: string, type: string, source: string, subject: string, caseId: string, data: Record<string, unknown>, id: string = randomUUID()): Promise<void> {
    await intake.probe.send(intake.topic(topic), {
      key: subject,
      value: JSON.stringify(data),
      headers: toKafkaHeaders({ id, type, source, time: new Date().toISOString(), subject, tenantId: 'acme', caseId, data }),
    });
  }

  /** A repair case whose work order was verified: resolved, waiting for the customer. */
  async function resolvedCase(): Promise<{ caseId: string; workOrderId: string }> {
    await intake.app.get(InstalledBaseStore).upsert({
      tenantId: 'acme',
      serialNumber: 'PUMP-0042',
      productModel: 'CP-200',
      purchaseDate: '2026-01-10',
      warrantyEnd: '2028-01-09',
      serviceContract: null,
      sourceTime: new Date(),
    });
    const { serviceRequest } = await intake.app.get(RegisterCase).execute({
      tenantId: 'acme',
      channel: 'phone',
      customer: { customerId: `c-${randomUUID()}`, name: 'Li Wei', phone: '+86 21 5555 0101', address: '1 Pump Road, Shanghai', zone: 'city' },
      product: { model: 'CP-200', serialNumber: 'PUMP-0042' },
      problemDescription: 'Pump leaks at the seal',
      requestedType: 'repair',
      severity: 'major',
      urgency: 'high',
    });
    const caseId = serviceRequest.id;
    const workOrderId = `wo-${randomUUID()}`;
    for (const type of [WORK_ORDER_ASSIGNED_V1, WORK_ORDER_VERIFIED_V1]) {
      await send(TOPICS.dispatchWorkOrderEvents.name, type, '/aftercare/dispatch', workOrderId, caseId, { ...example(type), caseId, workOrderId, tenantId: 'acme' });
    }
    await until(async () => (await load(caseId))?.status === 'resolved', 20_000, 'case not resolved');
    return { caseId, workOrderId };
  }

  const surveyNews = (type: string, caseId: string, workOrderId: string, extra: Record<string, unknown>, id?: string) => {
    const responseId = `resp-job-${workOrderId}`;
    return send(TOPICS.surveyResponseEvents.name, type, '/aftercare/survey', responseId, caseId, { ...example(type), caseId, workOrderId, responseId, tenantId: 'acme', ...extra }, id);
  };

  it('a response to a resolved case confirms and closes it (survey_completed), once under redelivery', async () => {
    const { caseId, workOrderId } = await resolvedCase();
    const id = randomUUID();
    await surveyNews(SURVEY_RESPONSE_SUBMITTED_V1, caseId, workOrderId, { lowScore: false }, id);
    await surveyNews(SURVEY_RESPONSE_SUBMITTED_V1, caseId, workOrderId, { lowScore: false }, id);
    const [closed] = await intake.probe.waitFor((m) => m.topic === caseTopic() && m.key === caseId && m.headers.ce_type === SERVICE_REQUEST_CLOSED_V1);
    expect(assertValidEvent(closed).data).toMatchObject({ reason: 'survey_completed' });
    const stored = await load(caseId);
    expect(stored?.status).toBe('closed');
    expect(stored?.confirmation).toMatchObject({ by: 'survey' });
    // A later message of the same response (same partition) is handled after the redelivery: by then one close, no more.
    await surveyNews(SURVEY_RESPONSE_LOW_SCORE_RECEIVED_V1, caseId, workOrderId, { lowCriteria: [{ criterion: 'attitude', level: 1, threshold: 2 }] });
    await intake.probe.waitFor((m) => m.topic === caseTopic() && m.key === caseId && m.headers.ce_type === SERVICE_REQUEST_REOPENED_V1);
    expect(intake.probe.on(caseTopic()).filter((m) => m.key === caseId && m.headers.ce_type === SERVICE_REQUEST_CLOSED_V1)).toHaveLength(1);
  });

  it('a low score reopens the case (low_survey_score); the response itself does not close it', async () => {
    const { caseId, workOrderId } = await resolvedCase();
    await surveyNews(SURVEY_RESPONSE_SUBMITTED_V1, caseId, workOrderId, { lowScore: true });
    await surveyNews(SURVEY_RESPONSE_LOW_SCORE_RECEIVED_V1, caseId, workOrderId, { lowCriteria: [{ criterion: 'arrival_time', level: 1, threshold: 2 }] });
    const [reopened] = await intake.probe.waitFor((m) => m.topic === caseTopic() && m.key === caseId && m.headers.ce_type === SERVICE_REQUEST_REOPENED_V1);
    expect(assertValidEvent(reopened).data).toMatchObject({ reason: 'low_survey_score', previousStatus: 'resolved' });
    const stored = await load(caseId);
    expect(stored?.status).toBe('reopened');
    expect(stored?.reopenings[0].note).toContain('arrival_time 1 (below 2)');
    expect(intake.probe.on(caseTopic()).filter((m) => m.key === caseId && m.headers.ce_type === SERVICE_REQUEST_CLOSED_V1)).toHaveLength(0);
  });

  it('dead-letters news about a case the tenant does not have (a survey response, a work order event), and carries on', async () => {
    const unknownCaseId = `sr-${randomUUID()}`;
    const [responseId, orderEventId] = [randomUUID(), randomUUID()];
    await surveyNews(SURVEY_RESPONSE_SUBMITTED_V1, unknownCaseId, `wo-${randomUUID()}`, { lowScore: false }, responseId);
    const workOrderId = `wo-${randomUUID()}`;
    await send(TOPICS.dispatchWorkOrderEvents.name, WORK_ORDER_ASSIGNED_V1, '/aftercare/dispatch', workOrderId, unknownCaseId, { ...example(WORK_ORDER_ASSIGNED_V1), caseId: unknownCaseId, workOrderId, tenantId: 'acme' }, orderEventId);
    for (const id of [responseId, orderEventId]) {
      const [dead] = await intake.probe.waitFor((m) => m.topic === intake.topic(DLT) && m.headers.ce_id === id, { timeoutMs: 30_000 });
      expect(dead!.headers[FAILURE_HEADERS.errorCode]).toBe('CASE_UNKNOWN');
      expect(dead!.headers[FAILURE_HEADERS.errorMessage]).toContain(`case ${unknownCaseId}, which tenant acme does not have`);
    }
    // The consumer goes on: the next case is followed as before.
    await resolvedCase();
  });

  it("dead-letters a message whose data names another tenant than its header (TENANT_MISMATCH): the case is not touched", async () => {
    const { caseId, workOrderId } = await resolvedCase();
    const id = randomUUID();
    await surveyNews(SURVEY_RESPONSE_SUBMITTED_V1, caseId, workOrderId, { lowScore: false, tenantId: 'globex' }, id);
    const [dead] = await intake.probe.waitFor((m) => m.topic === intake.topic(DLT) && m.headers.ce_id === id, { timeoutMs: 30_000 });
    expect(dead!.headers[FAILURE_HEADERS.errorCode]).toBe('TENANT_MISMATCH');
    expect(dead!.headers[FAILURE_HEADERS.errorMessage]).toBe('ce_tenantid acme differs from data.tenantId globex');
    expect((await load(caseId))?.status).toBe('resolved');
  });
});
