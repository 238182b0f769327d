import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { SERVICE_REQUEST_EVENT_TYPES, TOPICS } from '@aftercare/contracts';
import { MONGO_CONNECTION } from '@aftercare/persistence';
import { assertValidEvent, eventually, type ReceivedMessage } from '@aftercare/testing';
import { ServiceRequestRepository } from '../src/service-request/infrastructure/service-request.repository';
import { startIntake, stopIntake, type IntakeTestApp } from './support/intake-app';

jest.setTimeout(60_000);

const EVENTS = TOPICS.intakeServiceRequestEvents.name;
const NOTIFICATIONS = TOPICS.notificationRequests.name;
const TYPE = (name: keyof typeof SERVICE_REQUEST_EVENT_TYPES): string => SERVICE_REQUEST_EVENT_TYPES[name];

interface CaseBody {
  id: string;
  status: string;
  version: number;
  priority: string | null;
  requestedType: string;
  channel: string;
  customer: { customerId: string | null; name: string };
  product: { serialNumber: string | null };
  routing: { target: string } | null;
  entitlement: { entitlement: string; feeClass: string | null; reason: string } | null;
  needsEntitlementReview: boolean;
  notes: Array<{ text: string | null; attachmentIds: string[]; addedBy: string | null }>;
  attachments: Array<{ id: string }>;
  slaBreached: boolean;
  allowedActions: string[];
  cancellation: { reason: string; by: string } | null;
  receivedAt: string;
}

interface Problem {
  type: string;
  status: number;
  code: string;
  detail: string;
  errors?: Array<{ field: string; message: string }>;
}

const unique = () => randomUUID().slice(0, 8);

/** A complete phone registration of a consultation (routed to the agent, no entitlement needed). */
function registration(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    channel: 'phone',
    customer: {
      customerId: `C-${unique()}`,
      name: 'Shanghai Precision Tools Co.',
      contactPerson: 'Li Wei',
      phone: '+86 21 5555 0101',
      email: 'service@spt.example',
      address: '88 Zhangjiang Road, Pudong',
      zone: 'city',
    },
    product: { model: 'CNC-200', serialNumber: `SN-${unique()}`, purchaseDate: '2024-03-15' },
    problemDescription: 'Spindle stops after 10 minutes with alarm E-31',
    requestedType: 'consultation',
    severity: 'major',
    urgency: 'normal',
    ...overrides,
  };
}

describe('intake HTTP API: /api/v1/service-requests', () => {
  let intake: IntakeTestApp;

  beforeAll(async () => {
    intake = await startIntake('api', { watch: [EVENTS, NOTIFICATIONS] });
  });

  afterAll(async () => {
    await stopIntake(intake);
  });

  const eventsTopic = () => intake.topic(EVENTS);
  const notificationsTopic = () => intake.topic(NOTIFICATIONS);

  async function register(overrides: Record<string, unknown> = {}, options: { tenant?: string; headers?: Record<string, string> } = {}) {
    const response = await intake.request('POST', '/api/v1/service-requests', { body: registration(overrides), ...options });
    const body = (await response.json()) as CaseBody;
    if (response.status !== 201) throw new Error(`registration failed: ${response.status} ${JSON.stringify(body)}`);
    return body;
  }

  async function problemOf(response: Response, status: number): Promise<Problem> {
    const text = await response.text();
    expect({ status: response.status, text }).toEqual({ status, text: expect.any(String) });
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return JSON.parse(text) as Problem;
  }

  const eventsOf = (caseId: string, type?: string) => (m: ReceivedMessage) =>
    m.topic === eventsTopic() && m.key === caseId && (type === undefined || m.headers['ce_type'] === type);

  /** Drives a case to `resolved` the way downstream work would (dispatch started and finished the job). */
  async function resolveDirectly(tenantId: string, id: string) {
    const repository = intake.app.get(ServiceRequestRepository);
    const request = (await repository.findById(tenantId, id))!;
    request.startWork({ kind: 'agent', reference: `answer-${id}` });
    request.completeWork({ reference: `answer-${id}` });
    request.resolve({ summary: 'explained the alarm to the customer' });
    await repository.save(request);
  }

  // ------------------------------------------------------------------------------ registration

  describe('registration', () => {
    it('registers a case: 201 + Location, stored, registered/acknowledged/routed events and the acknowledgement notification', async () => {
      const response = await intake.request('POST', '/api/v1/service-requests', { body: registration() });
      expect(response.status).toBe(201);
      const created = (await response.json()) as CaseBody;
      expect(response.headers.get('location')).toBe(`/api/v1/service-requests/${created.id}`);
      expect(created).toMatchObject({ status: 'acknowledged', priority: 'P2', requestedType: 'consultation', routing: { target: 'agent' } });

      const read = await intake.request('GET', `/api/v1/service-requests/${created.id}`);
      expect(read.status).toBe(200);
      expect(await read.json()).toMatchObject({ id: created.id, status: 'acknowledged', channel: 'phone', version: 1 });

      const messages = await intake.probe.waitFor(eventsOf(created.id), { count: 3 });
      const types = messages.map((m) => m.headers['ce_type']);
      expect(types).toEqual([TYPE('registered'), TYPE('acknowledged'), TYPE('routed')]);
      for (const message of messages) {
        const envelope = assertValidEvent(message);
        expect(message.key).toBe(created.id);
        expect(message.headers['ce_caseid']).toBe(created.id);
        expect(envelope).toMatchObject({ subject: created.id, caseId: created.id, tenantId: 'acme', source: '/aftercare/intake' });
      }
      expect(assertValidEvent<{ target: string }>(messages[2]!).data.target).toBe('agent');

      const [notification] = await intake.probe.waitFor((m) => m.topic === notificationsTopic() && m.headers['ce_caseid'] === created.id);
      const request = assertValidEvent<{ purpose: string; caseId: string; recipient: { phone: string } }>(notification!);
      expect(request.data).toMatchObject({ purpose: 'acknowledgement', caseId: created.id, recipient: { phone: '+86 21 5555 0101' } });
    });

    it('answers 200 with the existing case when the same external reference is registered again', async () => {
      const externalRef = `CTI-${unique()}`;
      const first = await register({ channel: 'cti', externalRef });
      const again = await intake.request('POST', '/api/v1/service-requests', { body: registration({ channel: 'cti', externalRef }), roles: ['integration'] });
      expect(again.status).toBe(200);
      expect(((await again.json()) as CaseBody).id).toBe(first.id);
    });

    it('routes a repair only after the agent decided the unknown entitlement (PATCH …/entitlement)', async () => {
      const created = await register({ requestedType: 'repair', severity: 'critical', urgency: 'high' });
      expect(created).toMatchObject({ status: 'acknowledged', priority: 'P1', routing: null, needsEntitlementReview: true });

      const decided = await intake.request('PATCH', `/api/v1/service-requests/${created.id}/entitlement`, { body: { entitlement: 'in_warranty' } });
      expect(decided.status).toBe(200);
      expect(await decided.json()).toMatchObject({
        routing: { target: 'dispatch' },
        needsEntitlementReview: false,
        entitlement: { entitlement: 'in_warranty', feeClass: 'C', reason: 'agent_decision' },
      });
      const [routed] = await intake.probe.waitFor(eventsOf(created.id, TYPE('routed')));
      expect(assertValidEvent<{ target: string; feeClass: string }>(routed!).data).toMatchObject({ target: 'dispatch', feeClass: 'C' });

      const invalid = await intake.request('PATCH', `/api/v1/service-requests/${created.id}/entitlement`, {
        body: { entitlement: 'out_of_warranty', feeClass: 'C' },
      });
      expect((await problemOf(invalid, 422)).code).toBe('SERVICE_REQUEST_INVALID_ENTITLEMENT');
    });

    it('refuses an invalid body with 400 VALIDATION_FAILED naming every broken field', async () => {
      const response = await intake.request('POST', '/api/v1/service-requests', {
        body: registration({
          channel: 'pigeon',
          severity: 'apocalyptic',
          customer: { name: '', email: 'not-an-email' },
          product: { purchaseDate: '15.03.2024' },
          attachments: [{ id: 'a1', name: 'photo.jpg' }],
        }),
      });
      const problem = await problemOf(response, 400);
      expect(problem.code).toBe('VALIDATION_FAILED');
      const fields = problem.errors!.map((e) => e.field);
      expect(fields).toEqual(
        expect.arrayContaining(['channel', 'severity', 'customer.name', 'customer.email', 'product.purchaseDate', 'attachments.0.uri']),
      );
    });

    it('refuses unknown fields (also nested) with 400', async () => {
      const top = await intake.request('POST', '/api/v1/service-requests', { body: registration({ priority: 'P1' }) });
      expect((await problemOf(top, 400)).errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'priority' })]));
      const nested = registration();
      (nested['customer'] as Record<string, unknown>)['vip'] = true;
      const inner = await intake.request('POST', '/api/v1/service-requests', { body: nested });
      expect((await problemOf(inner, 400)).errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'customer.vip' })]));
    });

    it('answers 422 SERVICE_REQUEST_INCOMPLETE when the requested type needs fields that are missing', async () => {
      const response = await intake.request('POST', '/api/v1/service-requests', {
        body: registration({ requestedType: 'repair', customer: { name: 'No Address Ltd', phone: '123' } }),
      });
      const problem = await problemOf(response, 422);
      expect(problem.code).toBe('SERVICE_REQUEST_INCOMPLETE');
      expect(problem.detail).toMatch(/customer\.address/);
    });

    it('refuses a request without a token (401) and a role that may not register (403)', async () => {
      const anonymous = await fetch(`${intake.baseUrl}/api/v1/service-requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(registration()),
      });
      expect((await problemOf(anonymous, 401)).code).toBe('AUTH_TOKEN_MISSING');
      const technician = await intake.request('POST', '/api/v1/service-requests', { body: registration(), roles: ['technician'] });
      expect((await problemOf(technician, 403)).code).toBe('AUTH_ROLE_FORBIDDEN');
      const manager = await intake.request('POST', '/api/v1/service-requests/some-id/cancel', { body: { reason: 'x' }, roles: ['manager'] });
      expect(manager.status).toBe(403);
    });
  });

  // ------------------------------------------------------------------------------ idempotency

  describe('Idempotency-Key', () => {
    it('replays the first answer for a retry with the same key and body, and creates one case', async () => {
      const key = `idem-${unique()}`;
      const body = registration();
      const first = await intake.request('POST', '/api/v1/service-requests', { body, headers: { 'idempotency-key': key } });
      expect(first.status).toBe(201);
      const created = (await first.json()) as CaseBody;
      expect(first.headers.get('idempotency-replayed')).toBeNull();

      const retry = await intake.request('POST', '/api/v1/service-requests', { body, headers: { 'idempotency-key': key } });
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotency-replayed')).toBe('true');
      expect(retry.headers.get('location')).toBe(`/api/v1/service-requests/${created.id}`);
      expect(((await retry.json()) as CaseBody).id).toBe(created.id);

      const customerId = (body['customer'] as { customerId: string }).customerId;
      const list = await intake.request('GET', `/api/v1/service-requests?customerId=${customerId}`);
      expect(((await list.json()) as { items: CaseBody[] }).items.map((c) => c.id)).toEqual([created.id]);
    });

    it('answers 422 IDEMPOTENCY_KEY_REUSED for the same key with another body', async () => {
      const key = `idem-${unique()}`;
      await intake.request('POST', '/api/v1/service-requests', { body: registration(), headers: { 'idempotency-key': key } });
      const reused = await intake.request('POST', '/api/v1/service-requests', { body: registration(), headers: { 'idempotency-key': key } });
      expect((await problemOf(reused, 422)).code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('scopes keys per tenant and releases the key of a failed request', async () => {
      const key = `idem-${unique()}`;
      const body = registration();
      const a = await intake.request('POST', '/api/v1/service-requests', { body, headers: { 'idempotency-key': key } });
      const b = await intake.request('POST', '/api/v1/service-requests', { body, headers: { 'idempotency-key': key }, tenant: 'other-co' });
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(b.headers.get('idempotency-replayed')).toBeNull();
      expect(((await a.json()) as CaseBody).id).not.toBe(((await b.json()) as CaseBody).id);

      const failedKey = `idem-${unique()}`;
      const incomplete = registration({ requestedType: 'repair', customer: { name: 'X', phone: '1' } });
      const failed = await intake.request('POST', '/api/v1/service-requests', { body: incomplete, headers: { 'idempotency-key': failedKey } });
      expect(failed.status).toBe(422);
      const again = await intake.request('POST', '/api/v1/service-requests', { body: incomplete, headers: { 'idempotency-key': failedKey } });
      expect(again.status).toBe(422);
      expect(again.headers.get('idempotency-replayed')).toBeNull();
    });
  });

  // ------------------------------------------------------------------------------ life cycle

  describe('commands on a case', () => {
    it('adds information and attachment references', async () => {
      const created = await register();
      const response = await intake.request('POST', `/api/v1/service-requests/${created.id}/information`, {
        body: { text: 'alarm also appears at low speed', attachments: [{ id: 'att-1', name: 'alarm.jpg', uri: 's3://bucket/alarm.jpg', contentType: 'image/jpeg' }] },
      });
      expect(response.status).toBe(200);
      const updated = (await response.json()) as CaseBody;
      expect(updated.notes).toEqual([expect.objectContaining({ text: 'alarm also appears at low speed', attachmentIds: ['att-1'], addedBy: 'tester' })]);
      expect(updated.attachments.map((a) => a.id)).toEqual(['att-1']);
      const [event] = await intake.probe.waitFor(eventsOf(created.id, TYPE('updated')));
      assertValidEvent(event!);

      const empty = await intake.request('POST', `/api/v1/service-requests/${created.id}/information`, { body: {} });
      expect((await problemOf(empty, 422)).code).toBe('SERVICE_REQUEST_INVALID');
    });

    it('cancels a case; a second cancel and a confirm of an open case are 409 SERVICE_REQUEST_ILLEGAL_TRANSITION', async () => {
      const created = await register();
      const confirm = await intake.request('POST', `/api/v1/service-requests/${created.id}/confirm`);
      const illegalConfirm = await problemOf(confirm, 409);
      expect(illegalConfirm).toMatchObject({ code: 'SERVICE_REQUEST_ILLEGAL_TRANSITION', status: 409 });
      expect(illegalConfirm.type).toBe('https://aftercare.dev/problems/service-request-illegal-transition');

      const cancel = await intake.request('POST', `/api/v1/service-requests/${created.id}/cancel`, { body: { reason: 'customer solved it' } });
      expect(cancel.status).toBe(200);
      expect(await cancel.json()).toMatchObject({ status: 'cancelled', cancellation: { reason: 'customer solved it', by: 'agent' }, allowedActions: [] });
      const [event] = await intake.probe.waitFor(eventsOf(created.id, TYPE('cancelled')));
      expect(assertValidEvent<{ reason: string }>(event!).data.reason).toBe('customer solved it');

      const again = await intake.request('POST', `/api/v1/service-requests/${created.id}/cancel`, { body: { reason: 'again' } });
      expect((await problemOf(again, 409)).code).toBe('SERVICE_REQUEST_ILLEGAL_TRANSITION');
      const noReason = await intake.request('POST', `/api/v1/service-requests/${created.id}/cancel`, { body: {} });
      expect((await problemOf(noReason, 400)).code).toBe('VALIDATION_FAILED');
    });

    it('confirms, closes and reopens a resolved case', async () => {
      const created = await register();
      await resolveDirectly('acme', created.id);

      const confirmed = await intake.request('POST', `/api/v1/service-requests/${created.id}/confirm`);
      expect(confirmed.status).toBe(200);
      expect(await confirmed.json()).toMatchObject({ status: 'confirmed' });

      const badReason = await intake.request('POST', `/api/v1/service-requests/${created.id}/close`, { body: { reason: 'bored' } });
      expect((await problemOf(badReason, 400)).errors).toEqual([expect.objectContaining({ field: 'reason' })]);
      const closed = await intake.request('POST', `/api/v1/service-requests/${created.id}/close`, { body: { reason: 'manual' } });
      expect(closed.status).toBe(200);
      expect(await closed.json()).toMatchObject({ status: 'closed' });

      const reopened = await intake.request('POST', `/api/v1/service-requests/${created.id}/reopen`, {
        body: { reason: 'customer_dispute', note: 'alarm is back' },
      });
      expect(reopened.status).toBe(200);
      expect(await reopened.json()).toMatchObject({ status: 'reopened' });

      const reopenEvent = (await intake.probe.waitFor(eventsOf(created.id, TYPE('reopened'))))[0]!;
      expect(assertValidEvent<{ reason: string; note: string }>(reopenEvent).data).toMatchObject({ reason: 'customer_dispute', note: 'alarm is back' });
      const types = intake.probe.messages.filter(eventsOf(created.id)).map((m) => m.headers['ce_type']);
      expect(types.slice(-4)).toEqual([TYPE('resolved'), TYPE('confirmed'), TYPE('closed'), TYPE('reopened')]);

      const reopenAgain = await intake.request('POST', `/api/v1/service-requests/${created.id}/reopen`, { body: { reason: 'low_survey_score' } });
      expect((await problemOf(reopenAgain, 409)).code).toBe('SERVICE_REQUEST_ILLEGAL_TRANSITION');
    });

    it('answers 404 SERVICE_REQUEST_NOT_FOUND for an unknown id', async () => {
      const missing = await intake.request('GET', `/api/v1/service-requests/${randomUUID()}`);
      expect((await problemOf(missing, 404)).code).toBe('SERVICE_REQUEST_NOT_FOUND');
    });
  });

  // ------------------------------------------------------------------------------ list

  describe('list', () => {
    const tenant = 'paging-co';
    const created: CaseBody[] = [];
    const between = { from: '', to: '' };
    const sharedCustomer = `C-shared-${unique()}`;
    const sharedSerial = `SN-shared-${unique()}`;

    beforeAll(async () => {
      // 7 cases: 3 consultations (one by e-mail), 2 suggestions, 1 training, 1 more consultation later.
      const plan: Array<Record<string, unknown>> = [
        { requestedType: 'consultation', severity: 'minor', urgency: 'low' },
        { requestedType: 'consultation', channel: 'email' },
        { requestedType: 'suggestion', severity: 'critical', urgency: 'high' },
        { requestedType: 'suggestion', customer: { ...(registration()['customer'] as object), customerId: sharedCustomer } },
        { requestedType: 'training', product: { model: 'CNC-200', serialNumber: sharedSerial } },
        { requestedType: 'consultation', channel: 'web_form' },
        { requestedType: 'consultation', channel: 'wechat' },
      ];
      for (const [index, overrides] of plan.entries()) {
        if (index === 2) between.from = new Date().toISOString();
        const registered = await register(overrides, { tenant });
        created.push(registered);
        if (index === 4) between.to = new Date().toISOString();
        // The next case must be received at a later instant (newest-first order, time filters).
        const receivedAt = Date.parse(registered.receivedAt);
        await eventually(() => expect(Date.now()).toBeGreaterThan(receivedAt), { intervalMs: 1 });
      }
      // The last one is cancelled; the 6th breached its reply clock.
      await intake.request('POST', `/api/v1/service-requests/${created[6]!.id}/cancel`, { tenant, body: { reason: 'withdrawn' } });
      const repository = intake.app.get(ServiceRequestRepository);
      const breached = (await repository.findById(tenant, created[5]!.id))!;
      breached.recordSlaBreach({ clock: 'reply', dueAt: new Date(Date.now() - 60_000) });
      await repository.save(breached);
    });

    async function list(query: string): Promise<{ items: CaseBody[]; nextCursor: string | null }> {
      const response = await intake.request('GET', `/api/v1/service-requests${query}`, { tenant, roles: ['dispatcher'] });
      expect(response.status).toBe(200);
      return (await response.json()) as { items: CaseBody[]; nextCursor: string | null };
    }

    it('pages newest first with an opaque cursor over several pages', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { items: CaseBody[]; nextCursor: string | null } = await list(`?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((c) => c.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual([...created].reverse().map((c) => c.id));
      expect((await list('')).items).toHaveLength(7);
    });

    it('filters by status, type, priority, customer, serial, channel, SLA breach and received time', async () => {
      const ids = async (query: string) => (await list(query)).items.map((c) => c.id).sort();
      const id = (i: number) => created[i]!.id;
      expect(await ids('?status=cancelled')).toEqual([id(6)]);
      expect(await ids('?type=suggestion')).toEqual([id(2), id(3)].sort());
      expect(await ids('?priority=P1')).toEqual([id(2)]);
      expect(await ids('?priority=P4')).toEqual([id(0)]);
      expect(await ids(`?customerId=${sharedCustomer}`)).toEqual([id(3)]);
      expect(await ids(`?serial=${sharedSerial}`)).toEqual([id(4)]);
      expect(await ids('?channel=email')).toEqual([id(1)]);
      expect(await ids('?slaBreached=true')).toEqual([id(5)]);
      expect(await ids('?slaBreached=false')).toHaveLength(6);
      expect(await ids(`?createdFrom=${encodeURIComponent(between.from)}&createdTo=${encodeURIComponent(between.to)}`)).toEqual(
        [id(2), id(3), id(4)].sort(),
      );
      expect(await ids('?type=consultation&status=acknowledged&limit=100')).toEqual([id(0), id(1), id(5)].sort());
    });

    it('refuses bad filters, an unknown parameter and a cursor not of the cursor shape with 400', async () => {
      for (const query of ['?status=lost', '?limit=0', '?limit=101', '?slaBreached=maybe', '?createdFrom=yesterday', '?colour=red']) {
        const response = await intake.request('GET', `/api/v1/service-requests${query}`, { tenant });
        expect({ query, code: (await problemOf(response, 400)).code }).toEqual({ query, code: 'VALIDATION_FAILED' });
      }
      const forged = await intake.request('GET', '/api/v1/service-requests?cursor=bm90LWEtY3Vyc29y', { tenant });
      expect((await problemOf(forged, 400)).errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    });
  });

  // ------------------------------------------------------------------------------ archive

  describe('service archive', () => {
    it('needs a reason (400), logs every read (who, when, why) and shows the log to managers only', async () => {
      const customerId = `C-${unique()}`;
      const serial = `SN-${unique()}`;
      const customer = { ...(registration()['customer'] as object), customerId };
      const first = await register({ customer, product: { model: 'CNC-200', serialNumber: serial } });
      const second = await register({ customer, requestedType: 'suggestion', product: { model: 'CNC-200', serialNumber: `SN-${unique()}` } });

      const noReason = await intake.request('GET', `/api/v1/customers/${customerId}/archive`);
      const missing = await problemOf(noReason, 400);
      expect(missing.code).toBe('VALIDATION_FAILED');
      expect(new Set(missing.errors!.map((e) => e.field))).toEqual(new Set(['reason']));
      const emptyReason = await intake.request('GET', `/api/v1/assets/${serial}/archive?reason=`);
      expect(emptyReason.status).toBe(400);

      const byCustomer = await intake.request('GET', `/api/v1/customers/${customerId}/archive?reason=${encodeURIComponent('repeat fault call')}`);
      expect(byCustomer.status).toBe(200);
      expect(await byCustomer.json()).toMatchObject({ target: 'customer', key: customerId, items: [{ id: second.id }, { id: first.id }], nextCursor: null });

      const byAsset = await intake.request('GET', `/api/v1/assets/${serial}/archive?reason=warranty+question`, { roles: ['dispatcher'] });
      expect(byAsset.status).toBe(200);
      expect(((await byAsset.json()) as { items: CaseBody[] }).items.map((c) => c.id)).toEqual([first.id]);

      const log = await intake.request('GET', `/api/v1/archive-reads?limit=100`, { roles: ['manager'] });
      expect(log.status).toBe(200);
      const reads = ((await log.json()) as { items: Array<Record<string, unknown>> }).items;
      expect(reads).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ tenantId: 'acme', subject: 'tester', roles: ['agent'], target: 'customer', key: customerId, reason: 'repeat fault call' }),
          expect.objectContaining({ subject: 'tester', roles: ['dispatcher'], target: 'asset', key: serial, reason: 'warranty question' }),
        ]),
      );
      expect(reads.filter((r) => r['key'] === customerId || r['key'] === serial)).toHaveLength(2);
      expect(new Date(String(reads[0]!['at'])).getTime()).toBeGreaterThan(Date.now() - 60_000);

      // stored as the issue describes it
      const connection = intake.app.get<Connection>(MONGO_CONNECTION);
      const stored = await connection.collection('archive_reads').findOne({ key: customerId });
      expect(stored).toMatchObject({ tenantId: 'acme', subject: 'tester', target: 'customer', reason: 'repeat fault call', at: expect.any(Date) });

      const asAgent = await intake.request('GET', '/api/v1/archive-reads');
      expect(asAgent.status).toBe(403);
      const otherTenantLog = await intake.request('GET', '/api/v1/archive-reads', { roles: ['manager'], tenant: 'other-co' });
      const otherReads = ((await otherTenantLog.json()) as { items: Array<Record<string, unknown>> }).items;
      expect(otherReads.some((r) => r['key'] === customerId)).toBe(false);
    });
  });

  // ------------------------------------------------------------------------------ tenants

  describe('tenant isolation', () => {
    it("hides tenant A's case from tenant B on every route", async () => {
      const customerId = `C-${unique()}`;
      const serial = `SN-${unique()}`;
      const created = await register({ customer: { ...(registration()['customer'] as object), customerId }, product: { model: 'CNC-200', serialNumber: serial } });
      const base = `/api/v1/service-requests/${created.id}`;
      const asB = (method: string, url: string, body?: unknown, roles: Array<'agent' | 'manager'> = ['agent']) =>
        intake.request(method, url, { tenant: 'other-co', body, roles });

      const attempts: Array<[string, string, unknown?]> = [
        ['GET', base],
        ['POST', `${base}/information`, { text: 'hello' }],
        ['POST', `${base}/cancel`, { reason: 'not mine' }],
        ['POST', `${base}/confirm`],
        ['POST', `${base}/reopen`, { reason: 'customer_dispute' }],
        ['POST', `${base}/close`, { reason: 'manual' }],
        ['PATCH', `${base}/entitlement`, { entitlement: 'contract', contractId: 'K-1' }],
      ];
      for (const [method, url, body] of attempts) {
        const problem = await problemOf(await asB(method, url, body), 404);
        expect({ method, url, code: problem.code }).toEqual({ method, url, code: 'SERVICE_REQUEST_NOT_FOUND' });
      }

      const list = (await (await asB('GET', `/api/v1/service-requests?customerId=${customerId}`)).json()) as { items: unknown[] };
      expect(list.items).toEqual([]);
      const all = (await (await asB('GET', '/api/v1/service-requests?limit=100')).json()) as { items: CaseBody[] };
      expect(all.items.some((c) => c.id === created.id)).toBe(false);
      for (const url of [`/api/v1/customers/${customerId}/archive?reason=check`, `/api/v1/assets/${serial}/archive?reason=check`]) {
        const archive = await asB('GET', url);
        expect(archive.status).toBe(200);
        expect(((await archive.json()) as { items: unknown[] }).items).toEqual([]);
      }

      const mine = await intake.request('GET', base);
      expect(await mine.json()).toMatchObject({ id: created.id, status: 'acknowledged', notes: [], version: 1 });
    });
  });

  // ------------------------------------------------------------------------------ OpenAPI

  it('publishes the OpenAPI document with every route, without a token', async () => {
    const response = await fetch(`${intake.baseUrl}/api/docs/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
    const routes = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/v1/service-requests',
        'GET /api/v1/service-requests',
        'GET /api/v1/service-requests/{id}',
        'POST /api/v1/service-requests/{id}/information',
        'POST /api/v1/service-requests/{id}/cancel',
        'POST /api/v1/service-requests/{id}/confirm',
        'POST /api/v1/service-requests/{id}/reopen',
        'POST /api/v1/service-requests/{id}/close',
        'PATCH /api/v1/service-requests/{id}/entitlement',
        'GET /api/v1/customers/{customerId}/archive',
        'GET /api/v1/assets/{serial}/archive',
        'GET /api/v1/archive-reads',
      ]),
    );
    expect(document.components.schemas).toHaveProperty('RegisterServiceRequestDto');
    expect(document.components.schemas).toHaveProperty('ServiceRequestView');
  });
});
