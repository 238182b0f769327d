/**
 * The case's service agreement, its quality-problem flag, the agent's own work (consultation
 * answers, suggestion reviews) and commands addressed to a merged duplicate, against the real
 * Kafka and store: the installed base arrives on the ERP topic, cases come from CRM and HTTP, and
 * the reply clock is read as the scheduler stores it, with exact instants.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CRM_SERVICE_REQUEST_RAISED_V1,
  ERP_INSTALLED_BASE_ASSET_UPSERTED_V1,
  EXAMPLES_DIR,
  SERVICE_REQUEST_QUALITY_PROBLEM_FLAGGED_V1,
  SERVICE_REQUEST_REGISTERED_V1,
  SERVICE_REQUEST_REJECTED_V1,
  SERVICE_REQUEST_RESOLVED_V1,
  SERVICE_REQUEST_ROUTED_V1,
  TOPICS,
  type CrmServiceRequestRaisedV1,
  type ErpInstalledBaseAssetUpsertedV1,
  type ServiceRequestRoutedV1,
} from '@aftercare/contracts';
import { assertValidEvent, until, type ReceivedMessage } from '@aftercare/testing';
import { InstalledBaseStore } from '../src/installed-base/installed-base.store';
import { SlaClockStore, type SlaClockDocument } from '../src/sla/infrastructure/sla-clock.store';
import { startIntake, stopIntake, type IntakeTestApp } from './support/intake-app';

const TENANT = 'acme';
const CASE_EVENTS = TOPICS.intakeServiceRequestEvents.name;
const H = 3_600_000;

let harness: IntakeTestApp;

beforeAll(async () => {
  harness = await startIntake('agreements', { watch: [CASE_EVENTS], tenants: [TENANT] });
}, 120_000);

afterAll(async () => {
  await stopIntake(harness);
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (response: Response): Promise<any> => response.json();

describe('the service agreement selects the reply clock', () => {
  it('a premium-contract asset\'s CRM case is due for reply 8 h after receipt; routed carries receivedAt, the agreement and the quality flag', async () => {
    const asset = await storeAsset({ id: `SC-P-${randomUUID()}`, validFrom: day(-30), validTo: day(300), level: 'premium' });
    const raisedAt = new Date(Math.floor((Date.now() - 5 * 60_000) / 1000) * 1000);
    // An ordinary repair (major, normal urgency): the CRM example's major × high is a P1, whose own
    // 2 h reply outranks the agreement (ADR 0044).
    const request = crmRequest(asset, { raisedAt: raisedAt.toISOString(), qualityProblem: true, severity: 'major', urgency: 'normal' });
    await harness.probe.send(harness.topic(TOPICS.crmServiceRequests.name), {
      key: request.requestId,
      value: JSON.stringify(request),
      headers: ceHeaders(CRM_SERVICE_REQUEST_RAISED_V1, '/crm', request.requestId),
    });

    const [registered] = await harness.probe.waitFor(
      (m) => m.headers.ce_type === SERVICE_REQUEST_REGISTERED_V1 && dataOf(m).externalRef === request.requestId,
      { timeoutMs: 30_000 },
    );
    const caseId = registered.key!;
    const routed = await eventOf(SERVICE_REQUEST_ROUTED_V1, caseId);
    assertValidEvent(routed);
    const contract = asset.serviceContract!;
    expect(dataOf<ServiceRequestRoutedV1>(routed)).toMatchObject({
      receivedAt: raisedAt.toISOString(),
      serviceAgreement: { id: contract.id, level: 'premium', validFrom: contract.validFrom, validTo: contract.validTo },
      qualityProblem: true,
      target: 'dispatch',
    });

    const clock = await replyClockOf(caseId);
    expect(clock.clock.deadline).toEqual(new Date(raisedAt.getTime() + 8 * H));
    expect(clock.clock.policyId).toBe('default-premium-reply');
    expect(clock.criteria).toMatchObject({ agreement: 'premium' });
  });

  it('a standard-contract asset\'s case (no level sent by the ERP) is due for reply 24 h after receipt', async () => {
    const asset = await storeAsset({ id: `SC-S-${randomUUID()}`, validFrom: day(-30), validTo: day(300) });
    const response = await harness.request('POST', '/api/v1/service-requests', { body: httpCase(asset) });
    expect(response.status).toBe(201);
    const view = await json(response);
    expect(view.serviceAgreement).toEqual({ id: asset.serviceContract!.id, level: 'standard', validFrom: day(-30), validTo: day(300) });
    expect(view.qualityProblem).toBe(false);

    const clock = await replyClockOf(view.id);
    expect(clock.clock.deadline).toEqual(new Date(new Date(view.receivedAt).getTime() + 24 * H));
    expect(clock.clock.policyId).toBe('default');
    const routed = dataOf<ServiceRequestRoutedV1>(await eventOf(SERVICE_REQUEST_ROUTED_V1, view.id));
    expect(routed).toMatchObject({ receivedAt: view.receivedAt, serviceAgreement: { level: 'standard' }, qualityProblem: false });
  });

  it('an asset whose contract has ended has no agreement: routed says null and the reply is due in 24 h', async () => {
    const asset = await storeAsset({ id: `SC-X-${randomUUID()}`, validFrom: day(-400), validTo: day(-1), level: 'premium' });
    const view = await json(await harness.request('POST', '/api/v1/service-requests', { body: httpCase(asset) }));
    expect(view.serviceAgreement).toBeNull();
    const clock = await replyClockOf(view.id);
    expect(clock.clock.deadline).toEqual(new Date(new Date(view.receivedAt).getTime() + 24 * H));
    expect(dataOf<ServiceRequestRoutedV1>(await eventOf(SERVICE_REQUEST_ROUTED_V1, view.id)).serviceAgreement).toBeNull();
  });
});

describe('the quality-problem flag', () => {
  it('the agent flags a routed repair later: one quality-problem-flagged event naming the routing round', async () => {
    const asset = await storeAsset(null);
    const view = await json(await harness.request('POST', '/api/v1/service-requests', { body: httpCase(asset) }));
    const flagged = await harness.request('POST', `/api/v1/service-requests/${view.id}/quality-problem`, { body: {} });
    expect(flagged.status).toBe(200);
    expect((await json(flagged)).qualityProblem).toBe(true);
    const event = await eventOf(SERVICE_REQUEST_QUALITY_PROBLEM_FLAGGED_V1, view.id);
    assertValidEvent(event);
    expect(dataOf(event)).toMatchObject({ source: 'agent', routing: { target: 'dispatch', round: 1, routedAt: view.routing.routedAt } });
  });

  it('is refused for a case that sends no technician (422), at registration and later', async () => {
    const body = { ...consultationCase(), qualityProblem: true };
    const refused = await harness.request('POST', '/api/v1/service-requests', { body });
    expect(refused.status).toBe(422);
    expect((await json(refused)).code).toBe('SERVICE_REQUEST_QUALITY_PROBLEM_NOT_FIELD_SERVICE');
    const consultation = await json(await harness.request('POST', '/api/v1/service-requests', { body: consultationCase() }));
    const later = await harness.request('POST', `/api/v1/service-requests/${consultation.id}/quality-problem`, { body: {} });
    expect(later.status).toBe(422);
  });
});

describe('consultations and suggestions can finish', () => {
  it('an answered consultation is resolved with the answer, and its reply clock stops', async () => {
    const consultation = await json(await harness.request('POST', '/api/v1/service-requests', { body: consultationCase() }));
    expect(consultation.routing.target).toBe('agent');
    const answered = await harness.request('POST', `/api/v1/service-requests/${consultation.id}/answer`, {
      body: { answer: 'Hold RESET for 5 seconds to clear alarm E-31.' },
      headers: { 'if-match': `"${consultation.version}"` },
    });
    expect(answered.status).toBe(200);
    const view = await json(answered);
    expect(view).toMatchObject({ status: 'resolved', resolution: { summary: 'Hold RESET for 5 seconds to clear alarm E-31.' } });
    expect(view.answer).toMatchObject({ text: 'Hold RESET for 5 seconds to clear alarm E-31.', answeredBy: 'tester' });
    const resolved = await eventOf(SERVICE_REQUEST_RESOLVED_V1, consultation.id);
    expect(dataOf(resolved)).toMatchObject({ summary: 'Hold RESET for 5 seconds to clear alarm E-31.', work: [{ kind: 'agent', reference: 'answer-1' }] });
    const clock = await replyClockOf(consultation.id, (d) => d.clock.stoppedAt !== null);
    expect(clock.clock.stoppedAt).toEqual(new Date(view.answer.answeredAt));
  });

  it('a suggestion goes to review with owner and date, and the reply resolves it', async () => {
    const body = { ...consultationCase(), requestedType: 'suggestion', problemDescription: 'A larger display would help' };
    const suggestion = await json(await harness.request('POST', '/api/v1/service-requests', { body }));
    expect(suggestion.routing.target).toBe('review');
    const reviewing = await harness.request('POST', `/api/v1/service-requests/${suggestion.id}/review`, {
      roles: ['manager'],
      body: { owner: 'Product management', reviewDate: '2027-01-15' },
    });
    expect(reviewing.status).toBe(200);
    expect(await json(reviewing)).toMatchObject({ status: 'in_progress', review: { owner: 'Product management', reviewDate: '2027-01-15', reply: null } });
    const replied = await json(
      await harness.request('POST', `/api/v1/service-requests/${suggestion.id}/review/reply`, { body: { reply: 'Adopted for the 2027 model' } }),
    );
    expect(replied).toMatchObject({ status: 'resolved', review: { reply: 'Adopted for the 2027 model', repliedBy: 'tester' } });
    expect(dataOf(await eventOf(SERVICE_REQUEST_RESOLVED_V1, suggestion.id))).toMatchObject({ summary: 'Adopted for the 2027 model' });
  });

  it('answering a repair is refused (422) and changes nothing', async () => {
    const repair = await json(await harness.request('POST', '/api/v1/service-requests', { body: httpCase(await storeAsset(null)) }));
    const refused = await harness.request('POST', `/api/v1/service-requests/${repair.id}/answer`, { body: { answer: 'x' } });
    expect(refused.status).toBe(422);
    expect((await json(refused)).code).toBe('SERVICE_REQUEST_WRONG_TYPE');
    expect((await json(await harness.request('GET', `/api/v1/service-requests/${repair.id}`))).version).toBe(repair.version);
  });
});

describe('a command addressed to a merged duplicate reaches the surviving case', () => {
  it('information and cancel sent to the duplicate change the survivor; the duplicate stays rejected', async () => {
    const first = consultationCase();
    const survivor = await json(await harness.request('POST', '/api/v1/service-requests', { body: first }));
    const duplicate = await json(
      await harness.request('POST', '/api/v1/service-requests', { body: { ...first, channel: 'email', problemDescription: 'Alarm E-31 again' } }),
    );
    expect(duplicate).toMatchObject({ status: 'rejected', duplicateOf: survivor.id });

    const informed = await harness.request('POST', `/api/v1/service-requests/${duplicate.id}/information`, {
      body: { text: 'It happens after every restart' },
      headers: { 'if-match': `"${duplicate.version}"` },
    });
    expect(informed.status).toBe(200);
    // Not the survivor's version: If-Match addressed the duplicate.
    expect(informed.headers.get('etag')).not.toMatch(/^"\d+"$/);
    expect((await json(informed)).id).toBe(survivor.id);

    const cancelled = await harness.request('POST', `/api/v1/service-requests/${duplicate.id}/cancel`, { body: { reason: 'customer found the manual' } });
    expect(cancelled.status).toBe(200);
    expect(await json(cancelled)).toMatchObject({ id: survivor.id, status: 'cancelled', cancellation: { reason: 'customer found the manual', by: 'agent' } });

    const stored = await json(await harness.request('GET', `/api/v1/service-requests/${survivor.id}`));
    expect(stored.notes.map((n: { text: string }) => n.text)).toContain('It happens after every restart');
    expect((await json(await harness.request('GET', `/api/v1/service-requests/${duplicate.id}`))).status).toBe('rejected');
  });

  it('a CRM update of a request merged as a duplicate reaches the survivor (Kafka); a plain redelivery adds nothing', async () => {
    const asset = await storeAsset(null);
    const first = crmRequest(asset, {});
    await sendCrm(first);
    const survivorId = (await registeredFor(first.requestId)).key!;
    const second = crmRequest(asset, { customer: first.customer, problemDescription: 'The leak is worse today' });
    await sendCrm(second);
    const duplicateId = (await registeredFor(second.requestId, 'rejected')).key!;
    expect((await json(await harness.request('GET', `/api/v1/service-requests/${duplicateId}`))).duplicateOf).toBe(survivorId);

    const video = { id: `att-${randomUUID()}`, name: 'leak.mp4', uri: 'https://files.example/leak.mp4', contentType: 'video/mp4' };
    const update = { ...second, attachments: [...second.attachments, video] };
    await sendCrm(update);
    await sendCrm(update); // CRM sends the update twice
    const marker = crmRequest(await storeAsset(null), {});
    await sendCrm(marker); // a later message: once it is registered, the updates before it were handled
    await registeredFor(marker.requestId);

    const survivor = await json(await harness.request('GET', `/api/v1/service-requests/${survivorId}`));
    expect(survivor.attachments.map((a: { id: string }) => a.id)).toContain(video.id);
    const fromCrm = survivor.notes.filter((n: { addedBy: string | null }) => n.addedBy === `crm:${second.requestId}`);
    expect(fromCrm).toEqual([expect.objectContaining({ text: null, attachmentIds: [video.id], sourceCaseId: null })]);
  });

  it('a stale If-Match on the duplicate is 412 and changes neither case', async () => {
    const first = consultationCase();
    const survivor = await json(await harness.request('POST', '/api/v1/service-requests', { body: first }));
    const duplicate = await json(await harness.request('POST', '/api/v1/service-requests', { body: { ...first, channel: 'email' } }));
    const stale = await harness.request('POST', `/api/v1/service-requests/${duplicate.id}/cancel`, {
      body: { reason: 'x' },
      headers: { 'if-match': `"${duplicate.version + 5}"` },
    });
    expect(stale.status).toBe(412);
    expect((await json(await harness.request('GET', `/api/v1/service-requests/${survivor.id}`))).status).toBe('acknowledged');
  });
});

// ---------------------------------------------------------------------------------------------

async function sendCrm(request: CrmServiceRequestRaisedV1): Promise<void> {
  await harness.probe.send(harness.topic(TOPICS.crmServiceRequests.name), {
    key: request.requestId,
    value: JSON.stringify(request),
    headers: ceHeaders(CRM_SERVICE_REQUEST_RAISED_V1, '/crm', request.requestId),
  });
}

/** The registered event (or, for a merged duplicate, the rejected one) of the CRM request. */
async function registeredFor(requestId: string, as: 'registered' | 'rejected' = 'registered'): Promise<ReceivedMessage> {
  const type = as === 'registered' ? SERVICE_REQUEST_REGISTERED_V1 : SERVICE_REQUEST_REJECTED_V1;
  const [found] = await harness.probe.waitFor((m) => m.headers.ce_type === type && dataOf(m).externalRef === requestId, { timeoutMs: 30_000 });
  return found;
}

function dataOf<T = Record<string, unknown>>(message: ReceivedMessage): T {
  return JSON.parse(message.value ?? 'null') as T;
}

/** The one event of the type for the case (fails on a second one). */
async function eventOf(type: string, caseId: string): Promise<ReceivedMessage> {
  const found = await harness.probe.waitFor((m) => m.topic === harness.topic(CASE_EVENTS) && m.headers.ce_type === type && m.key === caseId, {
    timeoutMs: 30_000,
  });
  expect(found).toHaveLength(1);
  return found[0];
}

async function replyClockOf(caseId: string, ready: (d: SlaClockDocument) => boolean = () => true): Promise<SlaClockDocument> {
  let document: SlaClockDocument | null = null;
  await until(
    async () => !!(document = await harness.app.get(SlaClockStore).documents.findOne({ _id: `${caseId}:reply` })) && ready(document),
    30_000,
    () => `reply clock of ${caseId}: ${JSON.stringify(document)}`,
  );
  return document!;
}

function example<T>(type: string): T {
  return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${type}.json`), 'utf8')) as T;
}

/** Sends an asset of its own serial through the ERP topic and waits until intake stored it. */
async function storeAsset(serviceContract: ErpInstalledBaseAssetUpsertedV1['serviceContract']): Promise<ErpInstalledBaseAssetUpsertedV1> {
  const asset: ErpInstalledBaseAssetUpsertedV1 = {
    ...example<ErpInstalledBaseAssetUpsertedV1>(ERP_INSTALLED_BASE_ASSET_UPSERTED_V1),
    serialNumber: `SN-${randomUUID()}`,
    purchaseDate: day(-400),
    warrantyEnd: day(-35),
    serviceContract,
    updatedAt: new Date().toISOString(),
  };
  await harness.probe.send(harness.topic(TOPICS.erpInstalledBase.name), {
    key: asset.serialNumber,
    value: JSON.stringify(asset),
    headers: ceHeaders(ERP_INSTALLED_BASE_ASSET_UPSERTED_V1, '/erp', asset.serialNumber),
  });
  await until(async () => (await harness.app.get(InstalledBaseStore).find(TENANT, asset.serialNumber)) !== null, 30_000, 'asset not stored');
  return asset;
}

function crmRequest(asset: ErpInstalledBaseAssetUpsertedV1, overrides: Partial<CrmServiceRequestRaisedV1>): CrmServiceRequestRaisedV1 {
  const base = example<CrmServiceRequestRaisedV1>(CRM_SERVICE_REQUEST_RAISED_V1);
  return {
    ...base,
    requestId: `CRM-REQ-${randomUUID()}`,
    customer: { ...base.customer, customerId: `CRM-C-${randomUUID()}` },
    product: { model: asset.productModel, serialNumber: asset.serialNumber, purchaseDate: asset.purchaseDate },
    preferredTime: null,
    ...overrides,
  };
}

/** A repair for the asset, by a customer of its own (so no duplicate check links it). */
function httpCase(asset: ErpInstalledBaseAssetUpsertedV1) {
  return {
    channel: 'phone',
    customer: { customerId: `C-${randomUUID()}`, name: 'Donghai Water Works', phone: '+86 21 5555 0101', address: '88 Riverside Road', zone: 'city' },
    product: { model: asset.productModel, serialNumber: asset.serialNumber },
    problemDescription: 'Pump leaks at the shaft seal',
    requestedType: 'repair',
    severity: 'major',
    urgency: 'normal',
  };
}

/** A consultation of a customer of its own: registered without an installed-base record and routed to the agent. */
function consultationCase() {
  return {
    channel: 'phone',
    customer: { customerId: `C-${randomUUID()}`, name: 'Shanghai Precision Tools', phone: '+86 21 5555 0102' },
    product: { model: 'CP-200', serialNumber: `SN-${randomUUID()}` },
    problemDescription: 'How do I reset alarm E-31?',
    requestedType: 'consultation',
    severity: 'minor',
    urgency: 'normal',
  };
}

/** A calendar day relative to today (UTC). */
function day(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

function ceHeaders(type: string, source: string, subject: string): Record<string, string> {
  return {
    ce_specversion: '1.0',
    ce_id: randomUUID(),
    ce_type: type,
    ce_source: source,
    ce_time: new Date().toISOString(),
    ce_subject: subject,
    ce_tenantid: TENANT,
    'content-type': 'application/json',
  };
}
