import { randomUUID } from 'node:crypto';
import { SERVICE_REQUEST_EVENT_TYPES, TOPICS } from '@aftercare/contracts';
import { assertValidEvent, mentionsAny, outboxEmptied, storeCommandsDuring, until } from '@aftercare/testing';
import { ConfirmBySilence } from '../src/service-request/application/confirm-by-silence';
import { TIMELINE_COLLECTION } from '../src/timeline/timeline.topics';
import { RegisterCase } from '../src/service-request/application/register-case';
import type { CommandStartedEvent } from 'mongodb';
import { AGGREGATE_UNIQUE_INDEXES, MONGO_CONNECTION, servedByUniqueIndex, type UniqueIndex } from '@aftercare/persistence';
import type { Connection } from 'mongoose';
import { INSTALLED_BASE_UNIQUE_INDEXES, InstalledBaseStore } from '../src/installed-base/installed-base.store';
import { CUSTOMER_UNIQUE_INDEXES, CustomerDirectory } from '../src/integration/customer-directory.store';
import { CaseCommands } from '../src/service-request/application/case-commands';
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

    describe('the store commands a registration sends', () => {
      /** The per-case collections of a registration; commands naming none of `mentions` (another case's) are left out. */
      const REGISTRATION_COLLECTIONS = ['service_requests', OPEN_CASE_KEYS_COLLECTION, 'installed_base'];
      const commandsDuring = <T>(mentions: string[], work: () => Promise<T>) =>
        storeCommandsDuring(
          intake.app.get<symbol, Connection>(MONGO_CONNECTION).getClient(),
          (sent) => REGISTRATION_COLLECTIONS.includes(sent.collection) && mentionsAny(sent.command, mentions),
          work,
        );
      /** Waits until the relay has published the case's events and emptied its outbox, so no acknowledgement falls into the next window. */
      const published = (caseId: string) => outboxEmptied(intake.app.get(ServiceRequestRepository).documents, caseId);
      const fromCrm = (token: string, extra: Record<string, unknown> = {}) => ({
        ...body(`c-${token}`, `SN-${token}`),
        tenantId: 'acme',
        channel: 'crm',
        externalRef: `CRM-${token}`,
        ...extra,
      });

      it('registers a new case with four: its listing under the duplicate key, the look-up there, the installed base, the insert', async () => {
        const token = randomUUID();
        const { result, sent } = await commandsDuring([token], () => intake.app.get(RegisterCase).execute(fromCrm(token) as never));
        expect(result.created).toBe(true);
        expect(sent).toEqual([`${OPEN_CASE_KEYS_COLLECTION} update`, `${OPEN_CASE_KEYS_COLLECTION} find`, 'installed_base find', 'service_requests insert']);
        expect((await keys().listed(keyOf(`c-${token}`, `SN-${token}`))).map((l) => l.caseId)).toEqual([result.serviceRequest.id]);
      });

      it('lists and looks up the new cases of the moment in shared commands, where each took a findAndModify of its own', async () => {
        const tokens = Array.from({ length: 10 }, () => randomUUID());
        const { result, sent } = await commandsDuring(tokens, () => Promise.all(tokens.map((token) => intake.app.get(RegisterCase).execute(fromCrm(token) as never))));
        expect(result.every((r) => r.created)).toBe(true);
        const count = (command: string) => sent.filter((c) => c === `${OPEN_CASE_KEYS_COLLECTION} ${command}`).length;
        expect(count('findAndModify')).toBe(0);
        expect(count('update')).toBeGreaterThan(0);
        expect(count('update')).toBeLessThan(tokens.length);
        expect(count('find')).toBeLessThan(tokens.length);
        for (const [i, token] of tokens.entries()) {
          expect((await keys().listed(keyOf(`c-${token}`, `SN-${token}`))).map((l) => l.caseId)).toEqual([result[i].serviceRequest.id]);
        }
      });

      it('recognises a redelivered external request among the cases listed under its key, without an external-key look-up', async () => {
        const token = randomUUID();
        const first = (await intake.app.get(RegisterCase).execute(fromCrm(token) as never)).serviceRequest;
        await published(first.id);
        const { result, sent } = await commandsDuring([token, first.id], () => intake.app.get(RegisterCase).execute(fromCrm(token) as never));
        expect(result).toMatchObject({ created: false, serviceRequest: { id: first.id } });
        expect(sent).toEqual([`${OPEN_CASE_KEYS_COLLECTION} update`, `${OPEN_CASE_KEYS_COLLECTION} find`, 'service_requests find']);
        expect(await intake.app.get(ServiceRequestRepository).documents.countDocuments({ externalRef: `CRM-${token}` })).toBe(1);
      });

      it('adds what a re-send brings to its case, also when that case is no longer listed under the key (the external key refuses the insert)', async () => {
        const token = randomUUID();
        const cases = intake.app.get(ServiceRequestRepository);
        const listed = (await intake.app.get(RegisterCase).execute(fromCrm(token) as never)).serviceRequest;
        const rewritten = await intake.app.get(RegisterCase).execute(fromCrm(token, { problemDescription: 'Motor overheats after ten minutes' }) as never);
        expect(rewritten).toMatchObject({ created: false, updated: listed.id });

        const other = randomUUID();
        const unlisted = (await intake.app.get(RegisterCase).execute(fromCrm(other) as never)).serviceRequest;
        await intake.app.get<symbol, Connection>(MONGO_CONNECTION).db!.collection(OPEN_CASE_KEYS_COLLECTION).deleteOne({ _id: keyOf(`c-${other}`, `SN-${other}`) } as never);
        const resent = await intake.app.get(RegisterCase).execute(fromCrm(other, { problemDescription: 'Motor overheats and smells of burning' }) as never);
        expect(resent).toMatchObject({ created: false, updated: unlisted.id });
        expect((await cases.findById('acme', unlisted.id))!.notes.map((n) => n.text)).toEqual([expect.stringContaining('smells of burning')]);
        expect(await cases.documents.countDocuments({ externalRef: `CRM-${other}` })).toBe(1);
      });
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

  describe('every query of the per-message and per-request paths is answered from an index on the embedded store', () => {
    /** intake's own collections and the unique indexes declared for them; a filter matching none of them scans. */
    const DECLARED: Record<string, readonly UniqueIndex[]> = {
      service_requests: [...AGGREGATE_UNIQUE_INDEXES, ...SERVICE_REQUEST_UNIQUE_INDEXES],
      [OPEN_CASE_KEYS_COLLECTION]: [],
      [TIMELINE_COLLECTION]: [],
      installed_base: INSTALLED_BASE_UNIQUE_INDEXES,
      customers: CUSTOMER_UNIQUE_INDEXES,
      sla_policies: [],
      sla_calendars: [],
    };
    /** The outbox relay's periodic choice of candidates: a documented background scan (docs/local-stack.md, rule 5). */
    const isRelaySweep = (filter: Record<string, unknown>) => '_outboxPending' in filter;
    /**
     * Known and left as they are (see the intake README): the reply clock reads the tenant's and
     * the default SLA policies and calendars with `{ tenantId }`, a scan of the configuration
     * collections, whose size does not grow with the cases. Any other shape on them fails.
     */
    const isConfigurationList = (q: SentQuery) =>
      ['sla_policies', 'sla_calendars'].includes(q.collection) && q.command === 'find' && q.filter !== null && Object.keys(q.filter).join() === 'tenantId';

    interface SentQuery {
      collection: string;
      command: string;
      filter: Record<string, unknown> | null;
    }

    function queriesOf(event: CommandStartedEvent): SentQuery[] {
      const command = event.command as Record<string, unknown> & { updates?: Array<{ q: Record<string, unknown> }>; deletes?: Array<{ q: Record<string, unknown> }> };
      const collection = String(command[event.commandName] ?? '');
      switch (event.commandName) {
        case 'find':
          return [{ collection, command: 'find', filter: (command.filter as Record<string, unknown>) ?? {} }];
        case 'update':
          return (command.updates ?? []).map((u) => ({ collection, command: 'update', filter: u.q }));
        case 'delete':
          return (command.deletes ?? []).map((d) => ({ collection, command: 'delete', filter: d.q }));
        case 'findAndModify':
          return [{ collection, command: 'findAndModify', filter: (command.query as Record<string, unknown>) ?? {} }];
        case 'count':
        case 'aggregate':
        case 'distinct':
          return [{ collection, command: event.commandName, filter: null }];
        default:
          return [];
      }
    }

    it('registers, deduplicates, reads, changes and projects cases, and keeps the ERP and CRM copies, without a scan', async () => {
      const connection = intake.app.get<symbol, Connection>(MONGO_CONNECTION);
      const sent: SentQuery[] = [];
      const listener = (event: CommandStartedEvent) => sent.push(...queriesOf(event));
      connection.getClient().on('commandStarted', listener);
      try {
        const serial = `SN-${randomUUID()}`;
        const customerId = `c-${randomUUID()}`;
        const asset = { tenantId: 'acme', serialNumber: serial, productModel: 'CP-200', purchaseDate: '2024-06-01', warrantyEnd: '2099-12-31' };
        await intake.app.get(InstalledBaseStore).upsert({ ...asset, sourceTime: new Date(1_000) });
        await intake.app.get(InstalledBaseStore).upsert({ ...asset, sourceTime: new Date(2_000) });
        expect(await intake.app.get(InstalledBaseStore).upsert({ ...asset, sourceTime: new Date(1_500) })).toBe(false);
        const customer = { tenantId: 'acme', customerId, name: 'Zhang Min', contacts: [], address: null, zone: null };
        await intake.app.get(CustomerDirectory).upsert({ ...customer, updatedAt: new Date(1_000) });
        await intake.app.get(CustomerDirectory).upsert({ ...customer, updatedAt: new Date(2_000) });

        const first = await caseOf(await intake.request('POST', '/api/v1/service-requests', { body: body(customerId, serial) }));
        const second = await caseOf(await intake.request('POST', '/api/v1/service-requests', { body: body(customerId, serial) }));
        expect(second.duplicateOf).toBe(first.id);
        const crm = { ...body(`c-${randomUUID()}`, `SN-${randomUUID()}`), tenantId: 'acme', channel: 'crm', externalRef: `CRM-${randomUUID()}` };
        const fromCrm = await intake.app.get(RegisterCase).execute(crm as never);
        expect((await intake.app.get(RegisterCase).execute(crm as never)).created).toBe(false);
        expect((await intake.request('GET', `/api/v1/service-requests/${first.id}`)).status).toBe(200);
        await intake.app.get(CaseCommands).addInformation('acme', second.id, { text: 'it also rattles', addedBy: 'tester' });
        await intake.app.get(CaseCommands).cancel('acme', fromCrm.serviceRequest.id, { reason: 'solved by phone', cancelledBy: 'agent' });
        await until(
          async () => ((await (await intake.request('GET', `/api/v1/service-requests/${first.id}/timeline`)).json()) as { entries: unknown[] }).entries.length >= 4,
          20_000,
          'expected the registration events and the duplicate link on the timeline',
        );
      } finally {
        connection.getClient().off('commandStarted', listener);
      }

      const checked = sent.filter((q) => q.collection in DECLARED && !(q.filter && isRelaySweep(q.filter)) && !isConfigurationList(q));
      const scans = checked.filter((q) => !q.filter || !servedByUniqueIndex(q.filter, DECLARED[q.collection]!));
      expect(scans).toEqual([]);
      // The flows above did reach these collections (the SLA reads follow on the consumer, maybe later).
      expect([...new Set(checked.map((q) => q.collection))]).toEqual(
        expect.arrayContaining(['service_requests', OPEN_CASE_KEYS_COLLECTION, TIMELINE_COLLECTION, 'installed_base', 'customers']),
      );
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
