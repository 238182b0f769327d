/**
 * intake's inbound integration topics against the real local Kafka and store: CRM service
 * requests, CRM customers and the ERP installed base — registered, stored, and dead-lettered
 * with their reason when bad, without holding up the messages behind them.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import {
  CRM_CUSTOMER_UPSERTED_V1,
  CRM_SERVICE_REQUEST_RAISED_V1,
  ERP_INSTALLED_BASE_ASSET_UPSERTED_V1,
  EXAMPLES_DIR,
  NOTIFICATION_REQUESTED_V1,
  SERVICE_REQUEST_ACKNOWLEDGED_V1,
  SERVICE_REQUEST_REGISTERED_V1,
  TOPICS,
  type CrmCustomerUpsertedV1,
  type CrmServiceRequestRaisedV1,
  type ErpInstalledBaseAssetUpsertedV1,
  type NotificationRequestedV1,
  type ServiceRequestAcknowledgedV1,
  type ServiceRequestRegisteredV1,
} from '@aftercare/contracts';
import { FAILURE_HEADERS } from '@aftercare/messaging';
import { assertValidEvent, ceHeaders, testEnvironment, until, type ReceivedMessage } from '@aftercare/testing';
import { InstalledBaseStore } from '../src/installed-base/installed-base.store';
import { CustomerDirectory } from '../src/integration/customer-directory.store';
import { ServiceRequestRepository } from '../src/service-request/infrastructure/service-request.repository';
import { startIntake, stopIntake, type IntakeTestApp } from './support/intake-app';

const TENANT = 'acme-service';
const DLT = 'intake.main.dlt';
const CASE_EVENTS = TOPICS.intakeServiceRequestEvents.name;
const NOTIFICATIONS = TOPICS.notificationRequests.name;

let harness: IntakeTestApp;
let admin: Admin;

beforeAll(async () => {
  harness = await startIntake('integration-topics', { watch: [CASE_EVENTS, NOTIFICATIONS, DLT] });
  admin = new Kafka({ clientId: `admin-${randomUUID()}`, brokers: testEnvironment().kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
}, 120_000);

afterAll(async () => {
  await admin?.disconnect();
  await stopIntake(harness);
});

describe('crm.public.service-requests.v1', () => {
  it('registers and acknowledges a case from a CRM message (the producer example)', async () => {
    const request = crmRequest();
    await sendCrmRequest(request);

    const registered = await registeredFor(request.requestId);
    expect(registered.subject).toBe(registered.data.caseId);
    expect(registered.tenantId).toBe(TENANT);
    expect(registered.data).toMatchObject({
      tenantId: TENANT,
      channel: 'crm',
      externalRef: request.requestId,
      receivedAt: request.raisedAt,
      requestedType: 'repair',
      customer: request.customer,
      product: request.product,
      problemDescription: request.problemDescription,
      attachments: request.attachments,
      preferredTime: request.preferredTime,
      classification: { severity: 'major', urgency: 'high', priority: 'P1' },
    });

    const caseId = registered.data.caseId;
    const [ackMessage] = await harness.probe.waitFor(
      (m) => m.topic === harness.topic(CASE_EVENTS) && m.headers.ce_type === SERVICE_REQUEST_ACKNOWLEDGED_V1 && m.key === caseId,
    );
    const acknowledged = assertValidEvent<ServiceRequestAcknowledgedV1>(ackMessage);
    expect(acknowledged.data).toMatchObject({ caseId, channel: 'crm', externalRef: request.requestId, priority: 'P1' });

    const [notificationMessage] = await harness.probe.waitFor(
      (m) => m.topic === harness.topic(NOTIFICATIONS) && m.headers.ce_type === NOTIFICATION_REQUESTED_V1 && m.headers.ce_caseid === caseId,
    );
    const notification = assertValidEvent<NotificationRequestedV1>(notificationMessage);
    expect(notification.data).toMatchObject({
      caseId,
      tenantId: TENANT,
      purpose: 'acknowledgement',
      recipient: { name: request.customer.name, phone: request.customer.phone, email: request.customer.email },
    });

    const stored = await cases().findByExternalRef(TENANT, 'crm', request.requestId);
    expect(stored?.id).toBe(caseId);
    expect(stored?.status).toBe('acknowledged');
  });

  it('takes the channel from the message (a CTI call is registered as channel cti)', async () => {
    const request = crmRequest({ channel: 'cti', requestedType: 'consultation', severity: 'minor', urgency: 'low' });
    await sendCrmRequest(request);

    const registered = await registeredFor(request.requestId);
    expect(registered.data).toMatchObject({ channel: 'cti', requestedType: 'consultation', classification: { priority: 'P4' } });
    expect(await cases().findByExternalRef(TENANT, 'cti', request.requestId)).not.toBeNull();
  });

  it('registers one case for a CRM message delivered twice, or re-sent under a new ce_id', async () => {
    const request = crmRequest();
    const headers = crmHeaders(request.requestId);
    await sendCrmRequest(request, { headers });
    await sendCrmRequest(request, { headers }); // the same delivery again
    await sendCrmRequest(request); // CRM re-sends it: new ce_id, same request id
    await drained(TOPICS.crmServiceRequests.name);

    // A later case on the same partition: once its events are out, the copies' would be too.
    const marker = crmRequest();
    await sendCrmRequest(marker, { key: request.requestId });
    await registeredFor(marker.requestId);

    expect(registeredMessagesFor(request.requestId)).toHaveLength(1);
    const stored = await cases().documents.countDocuments({ tenantId: TENANT, externalRef: request.requestId });
    expect(stored).toBe(1);
  });

  it('dead-letters a schema-invalid CRM message with its reason and processes the next one', async () => {
    const bad = { ...crmRequest(), channel: 'fax', problemDescription: undefined };
    const badHeaders = crmHeaders(bad.requestId);
    await harness.probe.send(harness.topic(TOPICS.crmServiceRequests.name), {
      key: bad.requestId,
      value: JSON.stringify(bad),
      headers: badHeaders,
    });
    const next = crmRequest();
    await sendCrmRequest(next, { key: bad.requestId });

    const dead = await deadLetterOf(badHeaders.ce_id);
    expect(dead.headers[FAILURE_HEADERS.errorCode]).toBe('SCHEMA_INVALID');
    expect(dead.headers[FAILURE_HEADERS.errorMessage]).toContain('/problemDescription');
    expect(dead.headers[FAILURE_HEADERS.errorMessage]).toContain('/channel');
    expect(dead.headers[FAILURE_HEADERS.originalTopic]).toBe(harness.topic(TOPICS.crmServiceRequests.name));
    expect(dead.headers[FAILURE_HEADERS.attempts]).toBe('1');
    expect(JSON.parse(dead.value ?? 'null')).toEqual(JSON.parse(JSON.stringify(bad))); // nothing lost: replayable as sent

    await registeredFor(next.requestId);
    expect(await cases().documents.countDocuments({ tenantId: TENANT, externalRef: bad.requestId })).toBe(0);
  });

  it('dead-letters a case the domain refuses as incomplete at once, with the domain error code', async () => {
    const incomplete = crmRequest();
    incomplete.customer = { ...incomplete.customer, address: null, zone: null }; // a repair needs a site
    const headers = crmHeaders(incomplete.requestId);
    await sendCrmRequest(incomplete, { headers });
    const next = crmRequest();
    await sendCrmRequest(next, { key: incomplete.requestId });

    const dead = await deadLetterOf(headers.ce_id);
    expect(dead.headers[FAILURE_HEADERS.errorCode]).toBe('SERVICE_REQUEST_INCOMPLETE');
    expect(dead.headers[FAILURE_HEADERS.errorMessage]).toContain('customer.address');
    expect(dead.headers[FAILURE_HEADERS.attempts]).toBe('1'); // not retried
    await registeredFor(next.requestId);
    expect(await cases().findByExternalRef(TENANT, 'crm', incomplete.requestId)).toBeNull();
  });

  it('dead-letters a message without ce_tenantid as ENVELOPE_INVALID and processes the next one', async () => {
    const request = crmRequest();
    const { ce_tenantid: _dropped, ...headers } = crmHeaders(request.requestId);
    await sendCrmRequest(request, { headers });
    const next = crmRequest();
    await sendCrmRequest(next, { key: request.requestId });

    const dead = await deadLetterOf(headers.ce_id);
    expect(dead.headers[FAILURE_HEADERS.errorCode]).toBe('ENVELOPE_INVALID');
    expect(dead.headers[FAILURE_HEADERS.errorMessage]).toContain('ce_tenantid');
    await registeredFor(next.requestId);
    expect(await cases().documents.countDocuments({ externalRef: request.requestId })).toBe(0);
  });

  it('dead-letters an unparseable message as MESSAGE_UNPARSEABLE and processes the next one', async () => {
    const key = `CRM-REQ-${randomUUID()}`;
    const headers = crmHeaders(key);
    const garbage = '{"requestId": "CRM-REQ-1", "channel": "crm", ';
    await harness.probe.send(harness.topic(TOPICS.crmServiceRequests.name), { key, value: garbage, headers });
    const next = crmRequest();
    await sendCrmRequest(next, { key });

    const dead = await deadLetterOf(headers.ce_id);
    expect(dead.headers[FAILURE_HEADERS.errorCode]).toBe('MESSAGE_UNPARSEABLE');
    expect(dead.value).toBe(garbage);
    await registeredFor(next.requestId);
  });
});

describe('crm.public.customers.v1', () => {
  it('stores a customer and ignores an older update delivered after a newer one', async () => {
    const customerId = `CRM-C-${randomUUID()}`;
    const older = customerMessage({ customerId, name: 'Donghai Water Works', zone: 'suburb', updatedAt: '2025-03-01T06:30:00.000Z' });
    const newer = customerMessage({
      customerId,
      name: 'Donghai Water Works Co., Ltd.',
      address: '1 Harbour Street, Pudong, Shanghai',
      zone: 'city',
      updatedAt: '2025-03-05T09:00:00.000Z',
    });

    await sendCustomer(newer);
    await until(async () => (await directory().find(TENANT, customerId)) !== null, 20_000, `customer ${customerId} stored`);
    await sendCustomer(newer); // a redelivery changes nothing
    await sendCustomer(older); // nor does an older update arriving late
    await drained(TOPICS.crmCustomers.name);

    const stored = await directory().find(TENANT, customerId);
    expect(stored).toEqual({
      tenantId: TENANT,
      customerId,
      name: newer.name,
      contacts: newer.contacts,
      address: newer.address,
      zone: 'city',
      updatedAt: new Date(newer.updatedAt),
    });
    expect(await directory().find('another-tenant', customerId)).toBeNull();
  });

  it('dead-letters a schema-invalid customer message and stores the next one', async () => {
    const bad = { ...customerMessage(), contacts: [{ name: 'Li Wei' }] };
    const headers = customerHeaders(bad.customerId);
    await harness.probe.send(harness.topic(TOPICS.crmCustomers.name), { key: bad.customerId, value: JSON.stringify(bad), headers });
    const next = customerMessage();
    await sendCustomer(next, bad.customerId);

    const dead = await deadLetterOf(headers.ce_id);
    expect(dead.headers[FAILURE_HEADERS.errorCode]).toBe('SCHEMA_INVALID');
    expect(dead.headers[FAILURE_HEADERS.errorMessage]).toContain('/contacts/0');
    await until(async () => (await directory().find(TENANT, next.customerId)) !== null, 20_000, `customer ${next.customerId} stored`);
    expect(await directory().find(TENANT, bad.customerId)).toBeNull();
  });
});

describe('erp.public.installed-base.v1', () => {
  it('decides fee class C for a CRM case on an asset the ERP reports in warranty', async () => {
    const asset = assetMessage({ warrantyEnd: day(+365), serviceContract: null });
    await sendAsset(asset);
    await until(async () => (await installedBase().find(TENANT, asset.serialNumber)) !== null, 20_000, 'asset stored');

    const request = crmRequest({ product: { model: asset.productModel, serialNumber: asset.serialNumber, purchaseDate: asset.purchaseDate } });
    await sendCrmRequest(request);

    const registered = await registeredFor(request.requestId);
    expect(registered.data.entitlement).toMatchObject({ entitlement: 'in_warranty', feeClass: 'C', reason: 'warranty_valid', contractId: null });
  });

  it('decides fee class B from the newest ERP version: warranty over, service contract valid', async () => {
    const serialNumber = `SN-${randomUUID()}`;
    const contractId = `SC-${randomUUID()}`;
    const newest = assetMessage({
      serialNumber,
      warrantyEnd: day(-30),
      serviceContract: { id: contractId, validFrom: day(-29), validTo: day(+335), level: 'premium' },
      updatedAt: '2025-03-05T09:00:00.000Z',
    });
    // The same asset as it was before the warranty was corrected; delivered late, it must not win.
    const stale = { ...newest, warrantyEnd: day(+365), serviceContract: null, updatedAt: '2025-03-01T09:00:00.000Z' };
    await sendAsset(newest);
    await until(async () => (await installedBase().find(TENANT, serialNumber)) !== null, 20_000, 'asset stored');
    await sendAsset(stale);
    await drained(TOPICS.erpInstalledBase.name);

    const stored = await installedBase().find(TENANT, serialNumber);
    expect(stored).toMatchObject({
      productModel: newest.productModel,
      productLine: newest.productLine,
      customerId: newest.customerId,
      warrantyEnd: newest.warrantyEnd,
      serviceContract: newest.serviceContract,
      sourceTime: new Date(newest.updatedAt),
    });

    const request = crmRequest({ product: { model: newest.productModel, serialNumber, purchaseDate: null } });
    await sendCrmRequest(request);
    const registered = await registeredFor(request.requestId);
    expect(registered.data.entitlement).toMatchObject({ entitlement: 'contract', feeClass: 'B', reason: 'contract_valid', contractId });
  });

  it('dead-letters an asset whose service contract ends before it starts, and stores the next one', async () => {
    const bad = assetMessage({ serviceContract: { id: 'SC-BACKWARDS', validFrom: '2026-01-01', validTo: '2025-01-01' } });
    const headers = assetHeaders(bad.serialNumber);
    await sendAsset(bad, { headers });
    const next = assetMessage();
    await sendAsset(next, { key: bad.serialNumber });

    const dead = await deadLetterOf(headers.ce_id);
    expect(dead.headers[FAILURE_HEADERS.errorCode]).toBe('SERVICE_REQUEST_INVALID_INSTALLED_BASE');
    expect(dead.headers[FAILURE_HEADERS.attempts]).toBe('1');
    await until(async () => (await installedBase().find(TENANT, next.serialNumber)) !== null, 20_000, 'next asset stored');
    expect(await installedBase().find(TENANT, bad.serialNumber)).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// Messages, built from the producers' examples with ids of their own
// ---------------------------------------------------------------------------------------------

function example<T>(type: string): T {
  return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${type}.json`), 'utf8')) as T;
}

/** A complete CRM repair request for a customer and serial of its own (so no duplicate check links it). */
function crmRequest(overrides: Partial<CrmServiceRequestRaisedV1> = {}): CrmServiceRequestRaisedV1 {
  const base = example<CrmServiceRequestRaisedV1>(CRM_SERVICE_REQUEST_RAISED_V1);
  return {
    ...base,
    requestId: `CRM-REQ-${randomUUID()}`,
    customer: { ...base.customer, customerId: `CRM-C-${randomUUID()}` },
    product: { ...base.product, serialNumber: `SN-${randomUUID()}` },
    preferredTime: { from: new Date(Date.now() + 86_400_000).toISOString(), to: null },
    raisedAt: new Date(Date.now() - 60_000).toISOString(),
    ...overrides,
  };
}

function customerMessage(overrides: Partial<CrmCustomerUpsertedV1> = {}): CrmCustomerUpsertedV1 {
  return { ...example<CrmCustomerUpsertedV1>(CRM_CUSTOMER_UPSERTED_V1), customerId: `CRM-C-${randomUUID()}`, ...overrides };
}

function assetMessage(overrides: Partial<ErpInstalledBaseAssetUpsertedV1> = {}): ErpInstalledBaseAssetUpsertedV1 {
  return {
    ...example<ErpInstalledBaseAssetUpsertedV1>(ERP_INSTALLED_BASE_ASSET_UPSERTED_V1),
    serialNumber: `SN-${randomUUID()}`,
    purchaseDate: day(-400),
    ...overrides,
  };
}

/** A calendar day relative to today (UTC). */
function day(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

const crmHeaders = (requestId: string) => ceHeaders(CRM_SERVICE_REQUEST_RAISED_V1, '/crm', requestId, TENANT);
const customerHeaders = (customerId: string) => ceHeaders(CRM_CUSTOMER_UPSERTED_V1, '/crm', customerId, TENANT);
const assetHeaders = (serialNumber: string) => ceHeaders(ERP_INSTALLED_BASE_ASSET_UPSERTED_V1, '/erp', serialNumber, TENANT);

async function sendCrmRequest(
  request: CrmServiceRequestRaisedV1,
  { key = request.requestId, headers = crmHeaders(request.requestId) }: { key?: string; headers?: Record<string, string> } = {},
): Promise<void> {
  await harness.probe.send(harness.topic(TOPICS.crmServiceRequests.name), { key, value: JSON.stringify(request), headers });
}

async function sendCustomer(customer: CrmCustomerUpsertedV1, key = customer.customerId): Promise<void> {
  await harness.probe.send(harness.topic(TOPICS.crmCustomers.name), {
    key,
    value: JSON.stringify(customer),
    headers: customerHeaders(customer.customerId),
  });
}

async function sendAsset(
  asset: ErpInstalledBaseAssetUpsertedV1,
  { key = asset.serialNumber, headers = assetHeaders(asset.serialNumber) }: { key?: string; headers?: Record<string, string> } = {},
): Promise<void> {
  await harness.probe.send(harness.topic(TOPICS.erpInstalledBase.name), { key, value: JSON.stringify(asset), headers });
}

// ---------------------------------------------------------------------------------------------
// Observations
// ---------------------------------------------------------------------------------------------

const cases = () => harness.app.get(ServiceRequestRepository);
const directory = () => harness.app.get(CustomerDirectory);
const installedBase = () => harness.app.get(InstalledBaseStore);

function isRegisteredFor(requestId: string) {
  return (m: ReceivedMessage) =>
    m.topic === harness.topic(CASE_EVENTS) &&
    m.headers.ce_type === SERVICE_REQUEST_REGISTERED_V1 &&
    (JSON.parse(m.value ?? '{}') as { externalRef?: string }).externalRef === requestId;
}

function registeredMessagesFor(requestId: string): ReceivedMessage[] {
  return harness.probe.messages.filter(isRegisteredFor(requestId));
}

/** The case's registered event, checked against its schema and envelope rules. */
async function registeredFor(requestId: string) {
  const [message] = await harness.probe.waitFor(isRegisteredFor(requestId));
  return assertValidEvent<ServiceRequestRegisteredV1>(message);
}

async function deadLetterOf(ceId: string): Promise<ReceivedMessage> {
  const [message] = await harness.probe.waitFor((m) => m.topic === harness.topic(DLT) && m.headers.ce_id === ceId);
  expect(message.headers[FAILURE_HEADERS.group]).toBe(harness.names.groupId);
  return message;
}

/** Waits until intake's consumer group has committed every message on the topic so far. */
async function drained(logicalTopic: string): Promise<void> {
  const topic = harness.topic(logicalTopic);
  await until(
    async () => {
      const [ends, [committed]] = await Promise.all([
        admin.fetchTopicOffsets(topic),
        admin.fetchOffsets({ groupId: harness.names.groupId, topics: [topic] }),
      ]);
      return ends.every((end) => {
        const done = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
        return Number(end.high) === Number(end.low) || Number(done) >= Number(end.high);
      });
    },
    30_000,
    `${harness.names.groupId} to consume ${topic}`,
  );
}
