import { randomUUID } from 'node:crypto';
import { SERVICE_REQUEST_EVENT_TYPES, TOPICS } from '@aftercare/contracts';
import { assertValidEvent } from '@aftercare/testing';
import { ConfirmBySilence } from '../src/service-request/application/confirm-by-silence';
import { RegisterCase } from '../src/service-request/application/register-case';
import { AGGREGATE_UNIQUE_INDEXES, MONGO_CONNECTION } from '@aftercare/persistence';
import type { Connection } from 'mongoose';
import { duplicateKeyOf } from '../src/service-request/domain';
import { listOpenCases } from '../src/service-request/list-open-cases';
import { OPEN_CASE_KEYS_COLLECTION, OpenCaseKeys } from '../src/service-request/infrastructure/open-case-keys.store';
import { SERVICE_REQUEST_UNIQUE_INDEXES, ServiceRequestRepository } from '../src/service-request/infrastructure/service-request.repository';
import { startIntake, stopIntake, type IntakeTestApp } from './support/intake-app';

const DAY = 24 * 3_600_000;

interface CaseView {
  id: string;
  status: string;
  duplicateOf?: string | null;
  priority?: string | null;
}
const caseOf = async (response: Response): Promise<CaseView> => (await response.json()) as CaseView;
const EVENTS = TOPICS.intakeServiceRequestEvents.name;

describe('intake case rules against the real stack', () => {
  let intake: IntakeTestApp;
  const eventsOf = (caseId: string, type: keyof typeof SERVICE_REQUEST_EVENT_TYPES) =>
    intake.probe.on(intake.topic(EVENTS)).filter((m) => m.key === caseId && m.headers.ce_type === SERVICE_REQUEST_EVENT_TYPES[type]);

  beforeAll(async () => {
    intake = await startIntake('case-rules', {
      watch: [EVENTS],
      env: { PRIORITY_MATRIX: '{"minor":{"high":"P1"}}', CONFIRMATION_SCAN_INTERVAL_MS: '0' },
    });
  });
  afterAll(() => stopIntake(intake));

  const body = (customerId: string, serial: string) => ({
    channel: 'phone',
    customer: { customerId, name: 'Zhang Min', phone: '+86 10 5555 0199', address: '9 Mill Lane, Beijing', zone: 'suburb' },
    product: { model: 'CP-200', serialNumber: serial },
    problemDescription: 'Motor overheats after an hour',
    requestedType: 'repair',
    severity: 'minor',
    urgency: 'high',
  });

  it('links a second case for the same customer, serial and type to the open one instead of opening it twice', async () => {
    const customerId = `c-${randomUUID()}`;
    const first = await caseOf(await intake.request('POST', '/api/v1/service-requests', { body: body(customerId, 'SN-DUP-1') }));
    const second = await caseOf(await intake.request('POST', '/api/v1/service-requests', { body: body(customerId, 'SN-DUP-1') }));
    expect(second.id).not.toBe(first.id);
    expect(second).toMatchObject({ status: 'rejected', duplicateOf: first.id });
    const [linked] = await intake.probe.waitFor((m) => m.key === first.id && m.headers.ce_type === SERVICE_REQUEST_EVENT_TYPES.duplicateLinked);
    expect(assertValidEvent<{ duplicateCaseId: string }>(linked).data.duplicateCaseId).toBe(second.id);
    const [rejected] = await intake.probe.waitFor((m) => m.key === second.id && m.headers.ce_type === SERVICE_REQUEST_EVENT_TYPES.rejected);
    expect(assertValidEvent<{ reason: string; duplicateOf: string }>(rejected).data).toMatchObject({ reason: 'duplicate', duplicateOf: first.id });
    expect(eventsOf(second.id, 'routed')).toHaveLength(0);

    const otherSerial = await caseOf(await intake.request('POST', '/api/v1/service-requests', { body: body(customerId, 'SN-DUP-2') }));
    expect(otherSerial.status).not.toBe('rejected');
  });

  describe('duplicate look-up by exact key (open_case_keys)', () => {
    const register = (customerId: string, serial: string, extra: Record<string, unknown> = {}) =>
      intake.app.get(RegisterCase).execute({ ...body(customerId, serial), tenantId: 'acme', ...extra } as never);
    const keys = () =>
      new OpenCaseKeys(intake.app.get<symbol, Connection>(MONGO_CONNECTION).db!.collection(OPEN_CASE_KEYS_COLLECTION) as never);
    const keyOf = (customerId: string, serial: string) =>
      duplicateKeyOf({ tenantId: 'acme', customerId, serialNumber: serial, requestedType: 'repair' })!;

    it('ignores a finished case and a listing whose case was never saved, and removes both listings', async () => {
      const customerId = `c-${randomUUID()}`;
      const first = (await register(customerId, 'SN-FIN')).serviceRequest;
      const cases = intake.app.get(ServiceRequestRepository);
      const loaded = (await cases.findById('acme', first.id))!;
      loaded.cancel({ reason: 'fixed itself', cancelledBy: 'customer' });
      await cases.save(loaded);
      // What a crash between listing and saving leaves behind.
      const abandoned = { caseId: randomUUID(), listedAt: new Date(Date.now() - 3_600_000) };
      await keys().list(keyOf(customerId, 'SN-FIN'), 'acme', abandoned.caseId, abandoned.listedAt);

      const second = await register(customerId, 'SN-FIN');
      expect(second.duplicateOf).toBeUndefined();
      expect(second.serviceRequest.status).not.toBe('rejected');
      expect((await keys().listed(keyOf(customerId, 'SN-FIN'))).map((l) => l.caseId)).toEqual([second.serviceRequest.id]);
    });

    it('finds a case again once it is reopened, and a case whose serial was corrected under its new serial', async () => {
      const cases = intake.app.get(ServiceRequestRepository);
      const customerId = `c-${randomUUID()}`;
      // A consultation is routed without an installed-base record, so it can be worked on and resolved.
      const consultation = { requestedType: 'consultation' };
      const { serviceRequest } = await register(customerId, 'SN-REOPEN', consultation);
      const request = (await cases.findById('acme', serviceRequest.id))!;
      request.startWork({ kind: 'agent', reference: 'visit' });
      request.completeWork({ reference: 'visit' });
      request.resolve({ summary: 'replaced the seal' });
      request.close({ reason: 'manual' });
      await cases.save(request);
      expect((await register(customerId, 'SN-REOPEN', consultation)).duplicateOf).toBeUndefined();

      const closed = (await cases.findById('acme', serviceRequest.id))!;
      closed.reopen({ reason: 'customer_dispute' });
      await cases.save(closed);
      expect((await register(customerId, 'SN-REOPEN', consultation)).duplicateOf).toBe(serviceRequest.id);

      const mistyped = (await register(customerId, 'SN-TYPO')).serviceRequest;
      const corrected = (await cases.findById('acme', mistyped.id))!;
      corrected.updateDetails({ product: { model: 'CP-200', serialNumber: 'SN-RIGHT' } });
      await cases.save(corrected);
      expect((await register(customerId, ' sn-right ')).duplicateOf).toBe(mistyped.id);
    });

    it('lists the open cases of a deployment from before open_case_keys once, so their duplicates are found', async () => {
      const customerId = `c-${randomUUID()}`;
      const before = (await register(customerId, 'SN-LEGACY')).serviceRequest;
      const connection = intake.app.get<symbol, Connection>(MONGO_CONNECTION);
      await connection.db!.collection(OPEN_CASE_KEYS_COLLECTION).deleteOne({ _id: keyOf(customerId, 'SN-LEGACY') } as never);
      expect(await listOpenCases(connection)).toBeGreaterThanOrEqual(1);
      expect(await listOpenCases(connection)).toBe(0);
      expect((await register(customerId, 'SN-LEGACY')).duplicateOf).toBe(before.id);
    });

    it('declares on the store the unique indexes the hot-path filters are shaped for', async () => {
      const indexes = await intake.app.get(ServiceRequestRepository).documents.listIndexes().toArray();
      const unique = indexes.filter((index) => index.unique === true).map((index) => ({ name: index.name, key: index.key }));
      expect(unique).toEqual(
        expect.arrayContaining([...AGGREGATE_UNIQUE_INDEXES, ...SERVICE_REQUEST_UNIQUE_INDEXES].map((index) => ({ name: index.name, key: index.keys }))),
      );
      expect(indexes.find((index) => index.name === 'externalKey_1')).toMatchObject({ unique: true, sparse: true });
    });
  });

  it('classifies with the configured priority matrix', async () => {
    const created = await caseOf(await intake.request('POST', '/api/v1/service-requests', { body: body(`c-${randomUUID()}`, 'SN-MATRIX') }));
    expect(created.priority).toBe('P1');
  });

  it('confirms a resolved case after the customer stayed silent for the configured days, once', async () => {
    const { serviceRequest } = await intake.app.get(RegisterCase).execute({
      ...body(`c-${randomUUID()}`, 'SN-SILENT'),
      tenantId: 'acme',
      channel: 'phone',
      requestedType: 'consultation',
      severity: 'minor',
      urgency: 'low',
      receivedAt: new Date(Date.now() - 10 * DAY),
    } as never);
    const cases = intake.app.get(ServiceRequestRepository);
    const request = (await cases.findById('acme', serviceRequest.id))!;
    request.startWork({ kind: 'agent', reference: 'answered by phone', at: new Date(Date.now() - 9 * DAY) });
    request.completeWork({ reference: 'answered by phone', at: new Date(Date.now() - 8 * DAY) });
    request.resolve({ summary: 'explained the settings', at: new Date(Date.now() - 8 * DAY) });
    await cases.save(request);

    const fresh = (await intake.app.get(RegisterCase).execute({ ...body(`c-${randomUUID()}`, 'SN-RECENT'), tenantId: 'acme', requestedType: 'consultation' } as never)).serviceRequest;
    const recent = (await cases.findById('acme', fresh.id))!;
    recent.startWork({ kind: 'agent', reference: 'call' });
    recent.completeWork({ reference: 'call' });
    recent.resolve({ summary: 'done' });
    await cases.save(recent);

    const job = intake.app.get(ConfirmBySilence);
    expect(await job.scanOnce()).toBe(1);
    expect(await job.scanOnce()).toBe(0);
    const [confirmed] = await intake.probe.waitFor((m) => m.key === serviceRequest.id && m.headers.ce_type === SERVICE_REQUEST_EVENT_TYPES.confirmed);
    expect(assertValidEvent<{ confirmedBy: string }>(confirmed).data.confirmedBy).toBe('silence');
    expect((await cases.findById('acme', fresh.id))!.status).toBe('resolved');
  });
});

describe('intake configuration', () => {
  it('refuses a malformed priority matrix at start-up, naming the setting', async () => {
    await expect(startIntake('bad-matrix', { env: { PRIORITY_MATRIX: '{"minor":{"high":"P9"}}' } })).rejects.toThrow(/PRIORITY_MATRIX/);
  });
});
