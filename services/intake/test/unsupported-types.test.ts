/**
 * No message is silently lost: a well-formed message of a `ce_type` intake does not handle,
 * produced by a plain kafkajs client as an outside system would, against the real broker and
 * store. On an inbound integration topic and on intake's own topic it is dead-lettered with
 * UNSUPPORTED_TYPE; on dispatch's public topic it is counted and skipped. Either way the next
 * message of the same key is still processed.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CRM_SERVICE_REQUEST_RAISED_V1,
  EXAMPLES_DIR,
  SERVICE_REQUEST_REGISTERED_V1,
  SERVICE_REQUEST_ROUTED_V1,
  TOPICS,
  WORK_ORDER_ASSIGNED_V1,
  type CrmServiceRequestRaisedV1,
} from '@aftercare/contracts';
import { FAILURE_HEADERS, KafkaClient, UNSUPPORTED_TYPE, listDeadLetters } from '@aftercare/messaging';
import { ceHeaders, testEnvironment, until, type ReceivedMessage } from '@aftercare/testing';
import { InstalledBaseStore } from '../src/installed-base/installed-base.store';
import { RegisterCase } from '../src/service-request/application/register-case';
import { ServiceRequestRepository } from '../src/service-request/infrastructure/service-request.repository';
import { startIntake, stopIntake, type IntakeTestApp } from './support/intake-app';

const TENANT = 'acme';
const DLT = 'intake.main.dlt';
const CASE_EVENTS = TOPICS.intakeServiceRequestEvents.name;

/** A version no schema exists for yet: what a newer producer sends before intake supports it. */
const newerVersionOf = (type: string) => type.replace(/\.v\d+$/, '.v99');
const example = <T>(type: string): T => JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${type}.json`), 'utf8'));

let intake: IntakeTestApp;

beforeAll(async () => {
  intake = await startIntake('unsupported-types', { watch: [CASE_EVENTS, DLT] });
}, 120_000);

afterAll(() => stopIntake(intake));

/** CloudEvents headers as a CRM's own Kafka client writes them, for the test's tenant. */
const headers = (type: string, source: string, subject: string, extra: Record<string, string> = {}) => ceHeaders(type, source, subject, TENANT, extra);

async function deadLetterOf(ceId: string): Promise<ReceivedMessage> {
  const [message] = await intake.probe.waitFor((m) => m.topic === intake.topic(DLT) && m.headers.ce_id === ceId);
  return message;
}

describe('a message of a type intake does not handle', () => {
  it('is dead-lettered with UNSUPPORTED_TYPE on an inbound integration topic, and the next CRM message is registered', async () => {
    const key = `CRM-REQ-${randomUUID()}`;
    const newer = headers(newerVersionOf(CRM_SERVICE_REQUEST_RAISED_V1), '/crm', key);
    const topic = intake.topic(TOPICS.crmServiceRequests.name);
    await intake.probe.send(topic, { key, value: JSON.stringify({ requestId: key, shape: 'of a version intake does not know' }), headers: newer });
    const good: CrmServiceRequestRaisedV1 = {
      ...example<CrmServiceRequestRaisedV1>(CRM_SERVICE_REQUEST_RAISED_V1),
      requestId: `CRM-REQ-${randomUUID()}`,
      raisedAt: new Date(Date.now() - 60_000).toISOString(),
    };
    // The same key: the same partition, handled after the unsupported one.
    await intake.probe.send(topic, { key, value: JSON.stringify(good), headers: headers(CRM_SERVICE_REQUEST_RAISED_V1, '/crm', good.requestId) });

    const dead = await deadLetterOf(newer.ce_id);
    expect(dead.headers).toMatchObject({
      [FAILURE_HEADERS.errorCode]: UNSUPPORTED_TYPE,
      [FAILURE_HEADERS.group]: intake.names.groupId,
      [FAILURE_HEADERS.originalTopic]: topic,
      [FAILURE_HEADERS.attempts]: '1',
      ce_type: newer.ce_type,
    });
    expect(dead.headers[FAILURE_HEADERS.errorMessage]).toContain('inbound integration topic');
    expect(dead.key).toBe(key);

    await intake.probe.waitFor(
      (m) =>
        m.topic === intake.topic(CASE_EVENTS) &&
        m.headers.ce_type === SERVICE_REQUEST_REGISTERED_V1 &&
        (JSON.parse(m.value ?? '{}') as { externalRef?: string }).externalRef === good.requestId,
    );
  });

  it("is dead-lettered with UNSUPPORTED_TYPE on intake's own topic when the contracts do not declare it there", async () => {
    const caseId = `case-${randomUUID()}`;
    const stranger = headers(newerVersionOf(SERVICE_REQUEST_ROUTED_V1), '/aftercare/intake', caseId, { ce_caseid: caseId });
    await intake.probe.send(intake.topic(CASE_EVENTS), { key: caseId, value: JSON.stringify({ caseId }), headers: stranger });

    const dead = await deadLetterOf(stranger.ce_id);
    expect(dead.headers[FAILURE_HEADERS.errorCode]).toBe(UNSUPPORTED_TYPE);
    expect(dead.headers[FAILURE_HEADERS.errorMessage]).toContain('a topic intake owns');
  });

  it("is counted in messaging_messages_ignored_total on dispatch's public topic, not dead-lettered, and the next work order event is applied", async () => {
    const caseId = await routedRepairCase();
    const workOrderId = `wo-${randomUUID()}`;
    const topic = intake.topic(TOPICS.dispatchWorkOrderEvents.name);
    const unknownType = newerVersionOf(WORK_ORDER_ASSIGNED_V1);
    const newer = headers(unknownType, '/aftercare/dispatch', workOrderId, { ce_caseid: caseId });
    await intake.probe.send(topic, { key: workOrderId, value: JSON.stringify({ caseId, workOrderId }), headers: newer });
    const assigned = { ...example<Record<string, unknown>>(WORK_ORDER_ASSIGNED_V1), caseId, workOrderId, tenantId: TENANT };
    await intake.probe.send(topic, {
      key: workOrderId,
      value: JSON.stringify(assigned),
      headers: headers(WORK_ORDER_ASSIGNED_V1, '/aftercare/dispatch', workOrderId, { ce_caseid: caseId }),
    });

    await until(async () => (await cases().findById(TENANT, caseId))?.status === 'in_progress', 20_000, 'the assigned event after the unknown one was not applied');
    // Same key, so the unknown message was done with before the assigned one started.
    expect(await ignoredCount(topic, unknownType)).toBe(1);
    const client = new KafkaClient('unsupported-types-test', testEnvironment().kafkaBrokers);
    try {
      const letters = await listDeadLetters(client, intake.names);
      expect(letters.filter((l) => l.id === newer.ce_id)).toEqual([]);
    } finally {
      await client.close();
    }
  });
});

const cases = () => intake.app.get(ServiceRequestRepository);

async function routedRepairCase(): Promise<string> {
  const serialNumber = `SN-${randomUUID()}`;
  await intake.app.get(InstalledBaseStore).upsert({
    tenantId: TENANT,
    serialNumber,
    productModel: 'CP-200',
    purchaseDate: '2026-01-10',
    warrantyEnd: '2028-01-09',
    serviceContract: null,
    sourceTime: new Date(),
  });
  const { serviceRequest } = await intake.app.get(RegisterCase).execute({
    tenantId: TENANT,
    channel: 'phone',
    customer: { customerId: `c-${randomUUID()}`, name: 'Li Wei', phone: '+86 21 5555 0101', address: '1 Pump Road, Shanghai', zone: 'city' },
    product: { model: 'CP-200', serialNumber },
    problemDescription: 'Pump leaks at the seal',
    requestedType: 'repair',
    severity: 'major',
    urgency: 'high',
  });
  expect(serviceRequest.routing?.target).toBe('dispatch');
  return serviceRequest.id;
}

/** The counter's value for the topic and type, as /metrics shows it (0 when absent). */
async function ignoredCount(topic: string, type: string): Promise<number> {
  const text = await (await fetch(`${intake.baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('messaging_messages_ignored_total{') && l.includes(`topic="${topic}"`) && l.includes(`type="${type}"`));
  return line ? Number(line.split(' ').pop()) : 0;
}
