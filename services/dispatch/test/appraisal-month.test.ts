/**
 * The monthly appraisal against the real stack (issues 12 and 13): claims' confirmed complaints
 * fill its complaints column, and every column counts the tenant's month (its registered time
 * zone). Complaints are produced with a plain kafkajs producer, as claims would publish them;
 * past steps of an order are replayed with chosen instants (`at`), never by sleeping.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import {
  EXAMPLES_DIR,
  SERVICE_COMPLAINT_CLOSED_V1,
  SERVICE_COMPLAINT_OPENED_V1,
  SURVEY_RESPONSE_SUBMITTED_V1,
  TOPICS,
  WORK_ORDER_CREATED_V1,
  consumerGroup,
  deadLetterTopicOf,
} from '@aftercare/contracts';
import { FAILURE_HEADERS } from '@aftercare/messaging';
import { TenantRegistry } from '@aftercare/tenancy';
import { testEnvironment, until } from '@aftercare/testing';
import type { MonthlyAppraisalView, TechnicianAppraisalView } from '../src/appraisal/appraisal.view';
import { WorkOrderCommands, type Actor } from '../src/work-order/application/work-order-commands';
import { routedCase, seedTechnicians, startDispatch, stopDispatch, type DispatchTestApp } from './support/dispatch-app';

jest.setTimeout(180_000);

const COMPLAINTS = TOPICS.claimsServiceComplaintEvents.name;
const RESPONSES = TOPICS.surveyResponseEvents.name;
const EVENTS = TOPICS.dispatchWorkOrderEvents.name;
const DLT = deadLetterTopicOf(consumerGroup('dispatch', 'main'));

/** 22:00 on 30 November in New York, 11:00 on 1 December in Shanghai. */
const INSTANT = '2026-12-01T03:00:00.000Z';

const suffix = randomUUID().slice(0, 8);
const NEW_YORK = `nyc-${suffix}`;
const SHANGHAI = `sha-${suffix}`;

let h: DispatchTestApp;
let producer: Producer;

beforeAll(async () => {
  // The deadline scanner's timer would check past orders at the real now; nothing here needs it.
  h = await startDispatch('appraisal-month', { watch: [COMPLAINTS, RESPONSES, EVENTS, DLT], env: { DEADLINE_SCAN_INTERVAL_MS: '3600000' } });
  const tenants = h.app.get(TenantRegistry);
  await tenants.register({ id: NEW_YORK, name: 'New York Pumps', timeZone: 'America/New_York' }, 'test-operator');
  await tenants.register({ id: SHANGHAI, name: 'Shanghai Pumps', timeZone: 'Asia/Shanghai' }, 'test-operator');
  producer = new Kafka({ clientId: `claims-like-${suffix}`, brokers: testEnvironment().kafkaBrokers, logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
}, 120_000);

afterAll(async () => {
  await producer?.disconnect();
  await stopDispatch(h);
});

async function appraisal(tenant: string, month: string): Promise<MonthlyAppraisalView> {
  const response = await h.request('GET', `/appraisals?month=${month}`, { tenant, roles: ['manager'] });
  expect(response.status).toBe(200);
  return (await response.json()) as MonthlyAppraisalView;
}

/** An event as its owner publishes it, with a plain kafkajs producer: CloudEvents headers written out by hand. */
async function produce(topic: string, type: string, data: Record<string, unknown>, options: { key: string; id?: string; ceTenant?: string }): Promise<string> {
  const id = options.id ?? randomUUID();
  await producer.send({
    topic: h.topic(topic),
    messages: [
      {
        key: options.key,
        value: JSON.stringify(data),
        headers: {
          ce_specversion: '1.0',
          ce_id: id,
          ce_type: type,
          ce_source: '/aftercare/test',
          ce_time: new Date().toISOString(),
          ce_subject: options.key,
          ce_tenantid: options.ceTenant ?? String(data.tenantId),
          'content-type': 'application/json',
        },
      },
    ],
  });
  return id;
}

const row = (view: MonthlyAppraisalView, technicianId: string): TechnicianAppraisalView | undefined => view.technicians.find((t) => t.technicianId === technicianId);

describe("claims' confirmed complaints in the appraisal", () => {
  /** One key for all of them, so one partition: handled in the order sent, the marker last. */
  const KEY = `complaints-${suffix}`;

  const send = (type: string, data: Record<string, unknown>, options: { id?: string; ceTenant?: string } = {}) => produce(COMPLAINTS, type, data, { key: KEY, ...options });

  const opened = (tenantId: string, complaintId: string, technicianId: string | null, receivedAt: string) =>
    send(SERVICE_COMPLAINT_OPENED_V1, {
      complaintId,
      caseId: null,
      tenantId,
      channel: 'phone',
      level: 'ordinary',
      complainant: 'Li Wei',
      content: 'The technician left without testing the pump',
      technicianId,
      receivedAt,
      firstResponseDueAt: new Date(Date.parse(receivedAt) + 86_400_000).toISOString(),
      preliminaryCheckDueAt: new Date(Date.parse(receivedAt) + 3 * 86_400_000).toISOString(),
    });

  const closedEvent = (tenantId: string, complaintId: string, technicianId: string | null, confirmed: boolean, closedAt: string) => ({
    complaintId,
    caseId: null,
    tenantId,
    level: 'ordinary',
    confirmed,
    technicianId,
    result: confirmed ? 'Confirmed; the technician was coached' : 'Not confirmed: the test was done and recorded',
    approvedBy: null,
    closedAt,
  });

  it('counts a confirmed complaint once, in the month claims received it in the tenant’s zone; unconfirmed, about no one, another tenant’s or malformed count nothing', async () => {
    const techA = `tech-a-${suffix}`;
    const techB = `tech-b-${suffix}`;
    const marker = `tech-m-${suffix}`;
    const closedAt = '2026-12-03T02:00:00.000Z';

    // Confirmed, received 30 November in New York: delivered twice, then closed a second time.
    await opened(NEW_YORK, `sc-1-${suffix}`, techA, INSTANT);
    const first = closedEvent(NEW_YORK, `sc-1-${suffix}`, techA, true, closedAt);
    const firstId = await send(SERVICE_COMPLAINT_CLOSED_V1, first);
    await send(SERVICE_COMPLAINT_CLOSED_V1, first, { id: firstId });
    await send(SERVICE_COMPLAINT_CLOSED_V1, { ...first, closedAt: '2026-12-04T02:00:00.000Z' });
    // Not confirmed; about no technician.
    await opened(NEW_YORK, `sc-2-${suffix}`, techA, INSTANT);
    await send(SERVICE_COMPLAINT_CLOSED_V1, closedEvent(NEW_YORK, `sc-2-${suffix}`, techA, false, closedAt));
    await opened(NEW_YORK, `sc-3-${suffix}`, null, INSTANT);
    await send(SERVICE_COMPLAINT_CLOSED_V1, closedEvent(NEW_YORK, `sc-3-${suffix}`, null, true, closedAt));
    // The Shanghai tenant's complaint about a technician of the same id, received at the same instant.
    await opened(SHANGHAI, `sc-4-${suffix}`, techA, INSTANT);
    await send(SERVICE_COMPLAINT_CLOSED_V1, closedEvent(SHANGHAI, `sc-4-${suffix}`, techA, true, closedAt));
    // Its message says New York, its data Shanghai: dead-lettered with the reason, counted nowhere.
    const mismatchId = await send(SERVICE_COMPLAINT_CLOSED_V1, closedEvent(SHANGHAI, `sc-5-${suffix}`, techA, true, closedAt), { ceTenant: NEW_YORK });
    // Closed without its opening ever seen: counted in the month it was closed (New York's November).
    await send(SERVICE_COMPLAINT_CLOSED_V1, closedEvent(NEW_YORK, `sc-6-${suffix}`, techB, true, '2026-11-20T12:00:00.000Z'));
    // The marker, last on the partition: once it counts, everything before it was handled.
    await opened(NEW_YORK, `sc-7-${suffix}`, marker, INSTANT);
    await send(SERVICE_COMPLAINT_CLOSED_V1, closedEvent(NEW_YORK, `sc-7-${suffix}`, marker, true, closedAt));

    let november: MonthlyAppraisalView | undefined;
    await until(
      async () => {
        november = await appraisal(NEW_YORK, '2026-11');
        return row(november, marker) !== undefined;
      },
      60_000,
      "the marker complaint in New York's November",
    );
    expect(november!.timeZone).toBe('America/New_York');
    // sc-1 once (three closes, one redelivery); sc-2 unconfirmed, sc-3 about no one, sc-4 Shanghai's, sc-5 dead-lettered.
    expect(row(november!, techA)).toMatchObject({ complaints: 1, jobs: 0, surveyAverage: null });
    expect(row(november!, techB)).toMatchObject({ complaints: 1 });
    expect(row(november!, marker)).toMatchObject({ complaints: 1 });
    expect(november!.technicians).toHaveLength(3);
    expect((await appraisal(NEW_YORK, '2026-12')).technicians).toEqual([]);

    // The same instant is December in Shanghai; its November has nothing.
    expect((await appraisal(SHANGHAI, '2026-12')).technicians).toEqual([expect.objectContaining({ technicianId: techA, complaints: 1 })]);
    expect((await appraisal(SHANGHAI, '2026-11')).technicians).toEqual([]);

    const [dead] = await h.probe.waitFor((m) => m.topic === h.topic(DLT) && m.headers.ce_id === mismatchId);
    expect(dead.headers[FAILURE_HEADERS.errorCode]).toBe('TENANT_MISMATCH');
  });
});

describe("the appraisal's month is the tenant's", () => {
  /** Routes a case for the tenant and completes its order at `completedAt`, as the tenant's own technician. */
  async function jobCompletedAt(tenantId: string, technicianId: string, completedAt: Date): Promise<void> {
    const at = (minutesBefore: number) => new Date(completedAt.getTime() - minutesBefore * 60_000);
    const routed = routedCase({ tenantId, routedAt: at(120).toISOString(), site: { address: '88 Riverside Road', zone: 'city' } });
    await h.publishRouted(routed);
    const [created] = await h.probe.waitFor((m) => m.topic === h.topic(EVENTS) && m.headers.ce_type === WORK_ORDER_CREATED_V1 && m.headers.ce_caseid === routed.caseId);
    const id = created.key as string;
    const commands = h.app.get(WorkOrderCommands);
    const technician: Actor = { tenantId, subject: technicianId, roles: ['technician'] };
    await commands.accept(technician, id, { at: at(110) });
    await commands.schedule(technician, id, { windowStart: at(90), windowEnd: at(30), at: at(100) });
    await commands.depart(technician, id, { at: at(95) });
    await commands.arrive(technician, id, { at: at(80) });
    await commands.start(technician, id, { at: at(75) });
    const done = await commands.complete(technician, id, {
      at: completedAt,
      report: {
        faultCause: 'Shaft seal worn',
        faultCategory: 'seal',
        resolution: 'Replaced the seal',
        partsReplaced: [{ partNo: 'SEAL-CP200-01', quantity: 1 }],
        labourHours: 1,
        travelHours: 1,
        personTimes: 1,
        customerAcceptance: { name: 'Li Wei', signedAt: completedAt, signatureRef: 'sig://pumps/li-wei.png' },
      },
    });
    expect(done).toMatchObject({ status: 'completed', technicianId });
  }

  const surveyAnswered = (tenantId: string, technicianId: string, levels: number[], submittedAt: string) => {
    const example = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${SURVEY_RESPONSE_SUBMITTED_V1}.json`), 'utf8')) as Record<string, unknown>;
    const criteria = ['attitude', 'technical_skill', 'arrival_time', 'commitments_kept'];
    const ratings = criteria.map((criterion, i) => ({ criterion, level: levels[i], levels: 4, satisfied: levels[i] >= 3 }));
    const responseId = `resp-${randomUUID()}`;
    return produce(RESPONSES, SURVEY_RESPONSE_SUBMITTED_V1, { ...example, responseId, tenantId, technicianId, ratings, submittedAt }, { key: responseId });
  };

  it('counts a job completed and a survey answered at 2026-12-01T03:00Z in November for a New York tenant and in December for a Shanghai one', async () => {
    const nycTech = `tech-nyc-${suffix}`;
    const shaTech = `tech-sha-${suffix}`;
    await seedTechnicians(h, [{ id: nycTech, zones: ['city'] }], NEW_YORK);
    await seedTechnicians(h, [{ id: shaTech, zones: ['city'] }], SHANGHAI);
    await jobCompletedAt(NEW_YORK, nycTech, new Date(INSTANT));
    await jobCompletedAt(SHANGHAI, shaTech, new Date(INSTANT));
    await surveyAnswered(NEW_YORK, nycTech, [4, 4, 4, 3], INSTANT);
    await surveyAnswered(SHANGHAI, shaTech, [3, 3, 3, 2], INSTANT);

    let nycNovember: MonthlyAppraisalView | undefined;
    await until(
      async () => {
        nycNovember = await appraisal(NEW_YORK, '2026-11');
        return typeof row(nycNovember, nycTech)?.surveyAverage === 'number';
      },
      60_000,
      "the New York answer in its November",
    );
    expect(row(nycNovember!, nycTech)).toMatchObject({ jobs: 1, period: '2026-11', surveyAverage: 3.75 });
    expect(nycNovember!.costs.field_service.orders).toBe(1);
    expect(row(await appraisal(NEW_YORK, '2026-12'), nycTech)).toBeUndefined();

    let shaDecember: MonthlyAppraisalView | undefined;
    await until(
      async () => {
        shaDecember = await appraisal(SHANGHAI, '2026-12');
        return typeof row(shaDecember, shaTech)?.surveyAverage === 'number';
      },
      60_000,
      'the Shanghai answer in its December',
    );
    expect(shaDecember!.timeZone).toBe('Asia/Shanghai');
    expect(row(shaDecember!, shaTech)).toMatchObject({ jobs: 1, period: '2026-12', surveyAverage: 2.75, complaints: 0 });
    expect(row(await appraisal(SHANGHAI, '2026-11'), shaTech)).toBeUndefined();
  });
});
