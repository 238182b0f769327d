import { DomainError } from '@aftercare/ddd';
import { priorityMatrix } from './classification';
import { decideEntitlement } from './entitlement';
import { findDuplicate } from './duplicates';
import { ServiceRequest } from './service-request';
import {
  IN_WARRANTY,
  T0,
  UNDER_CONTRACT,
  UNKNOWN,
  acknowledged,
  closed,
  confirmed,
  days,
  factKinds,
  hours,
  inProgress,
  lastEvent,
  minutes,
  received,
  registered,
  reopened,
  resolved,
  routed,
} from './testing/service-request.builders';

function captured(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

/** Only plain objects, arrays, primitives, null and Dates: what a document store keeps as is. */
function isPlainData(value: unknown): boolean {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return true;
  if (value instanceof Date) return true;
  if (Array.isArray(value)) return value.every(isPlainData);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.values(value).every(isPlainData);
  return false;
}

describe('ServiceRequest', () => {
  describe('receive', () => {
    it('takes a request from a channel in status received, recording nothing', () => {
      const c = received();
      expect(c.status).toBe('received');
      expect(c.id).toBe('case-1');
      expect(c.tenantId).toBe('tenant-a');
      expect(c.version).toBe(0);
      expect(c.channel).toBe('crm');
      expect(c.externalRef).toBe('CRM-4711');
      expect(c.receivedAt).toEqual(T0);
      expect(c.pendingEvents).toHaveLength(0);
      expect(c.escalated).toBe(false);
      expect(c.missingForRegistration).toEqual([]);
    });

    it('accepts an incomplete request (e.g. a CTI call with only a phone number)', () => {
      const c = ServiceRequest.receive({ id: 'c-9', tenantId: 't', channel: 'cti', customer: { phone: '+86 10 1234' } });
      expect(c.status).toBe('received');
      expect(c.missingForRegistration).toEqual(['customer.name', 'problemDescription', 'requestedType']);
      expect(c.customer).toEqual({ customerId: null, name: null, contactPerson: null, phone: '+86 10 1234', email: null, address: null, zone: null });
    });

    it('trims text and turns blanks into null', () => {
      const c = received({ externalRef: '  ', problemDescription: '  Leaks  ', customer: { name: ' Acme ', phone: '1', email: '' } });
      expect(c.externalRef).toBeNull();
      expect(c.problemDescription).toBe('Leaks');
      expect(c.customer.name).toBe('Acme');
      expect(c.customer.email).toBeNull();
    });

    it('reports every malformed field at once (a repeated attachment id is a rule, checked after them)', () => {
      const error = captured(() =>
        ServiceRequest.receive({
          id: '',
          tenantId: 'tenant-a',
          channel: 'pigeon' as 'phone',
          receivedAt: new Date('invalid'),
          customer: { name: 'A', email: 'not-an-email', zone: 'downtown' as 'city' },
          product: { purchaseDate: '2024-02-30' },
          requestedType: 'miracle' as 'repair',
          attachments: [
            { id: 'a', name: 'x', uri: 'u' },
            { id: 'a', name: '', uri: 'u' },
          ],
          preferredTime: { from: new Date('2025-03-12T00:00:00Z'), to: new Date('2025-03-11T00:00:00Z') },
        }),
      );
      expect(error.code).toBe('SERVICE_REQUEST_INVALID');
      expect(error.kind).toBe('invalid');
      expect(error.fieldErrors.map((e) => e.field)).toEqual([
        'id',
        'channel',
        'receivedAt',
        'customer.email',
        'customer.zone',
        'product.purchaseDate',
        'attachments[1].name',
        'requestedType',
      ]);
    });

    it('defaults receivedAt to now', () => {
      const before = Date.now();
      const c = ServiceRequest.receive({ id: 'c', tenantId: 't', channel: 'walk_in' });
      expect(c.receivedAt.getTime()).toBeGreaterThanOrEqual(before);
    });
  });

  describe('register', () => {
    it('classifies, stores the entitlement and records registered', () => {
      const c = registered();
      expect(c.status).toBe('registered');
      expect(c.registeredAt).toEqual(minutes(1));
      expect(c.classification).toEqual({ severity: 'major', urgency: 'high', priority: 'P1' });
      expect(c.priority).toBe('P1');
      expect(c.entitlement).toEqual({ ...IN_WARRANTY, decidedAt: minutes(1) });
      expect(factKinds(c)).toEqual(['registered']);
    });

    it('uses the tenant matrix', () => {
      const c = received();
      c.register({ severity: 'major', urgency: 'high', entitlement: IN_WARRANTY, priorityMatrix: priorityMatrix({ major: { high: 'P3' } }) });
      expect(c.priority).toBe('P3');
    });

    it('names the missing registration fields', () => {
      const c = received({ customer: { name: 'Acme' }, problemDescription: null, product: {} });
      const error = captured(() => c.register({ severity: 'minor', urgency: 'low', entitlement: UNKNOWN }));
      expect(error).toMatchObject({ code: 'SERVICE_REQUEST_INCOMPLETE', kind: 'rule' });
      expect(error.details.missing).toEqual([
        'customer.phone|customer.email',
        'problemDescription',
        'customer.address',
        'customer.zone',
        'product.model',
      ]);
      // Each field error names a real field of the request; an alternative is said in the message.
      expect(error.fieldErrors.slice(0, 2)).toEqual([
        { field: 'customer.phone', message: 'is required (or customer.email)' },
        { field: 'problemDescription', message: 'is required' },
      ]);
      expect(c.status).toBe('received');
      expect(c.pendingEvents).toHaveLength(0);
    });

    it('needs a site only for field service and a model only for product types', () => {
      const consultation = received({ requestedType: 'consultation', customer: { name: 'A', email: 'a@b.example' }, product: {} });
      expect(consultation.missingForRegistration).toEqual([]);
      const complaint = received({ requestedType: 'quality_complaint', customer: { name: 'A', phone: '1' }, product: {} });
      expect(complaint.missingForRegistration).toEqual(['product.model']);
      const training = received({ requestedType: 'training', customer: { name: 'A', phone: '1' }, product: {} });
      expect(training.missingForRegistration).toEqual(['customer.address', 'customer.zone']);
    });

    it('rejects an impossible entitlement decision and leaves the case untouched', () => {
      const c = received();
      const error = captured(() =>
        c.register({ severity: 'major', urgency: 'high', entitlement: { entitlement: 'in_warranty', feeClass: 'B', reason: 'warranty_valid', contractId: null } }),
      );
      expect(error.code).toBe('SERVICE_REQUEST_INVALID_ENTITLEMENT');
      expect(c.status).toBe('received');
      expect(c.classification).toBeNull();
    });

    it('an unknown entitlement flags the case for the agent', () => {
      expect(registered({}, UNKNOWN).needsEntitlementReview).toBe(true);
      expect(registered().needsEntitlementReview).toBe(false);
    });
  });

  describe('route', () => {
    it('routes by type without changing the status, once', () => {
      const c = acknowledged();
      expect(c.route({ at: minutes(3) })).toBe('dispatch');
      expect(c.status).toBe('acknowledged');
      expect(c.routing).toEqual({ target: 'dispatch', routedAt: minutes(3), round: 1 });
      expect(captured(() => c.route()).code).toBe('SERVICE_REQUEST_ALREADY_ROUTED');
    });

    it.each([
      ['repair', 'dispatch'],
      ['return_exchange', 'claims'],
      ['consultation', 'agent'],
      ['suggestion', 'review'],
    ] as const)('a %s case goes to %s', (requestedType, target) => {
      expect(acknowledged({ requestedType }).route()).toBe(target);
    });

    it('applies tenant routing overrides', () => {
      expect(acknowledged({ requestedType: 'service_complaint' }).route({ routing: { service_complaint: 'agent' } })).toBe('agent');
    });

    it('field-service and claim cases need a decided entitlement', () => {
      for (const requestedType of ['repair', 'quality_complaint'] as const) {
        const c = acknowledged({ requestedType }, UNKNOWN);
        expect(captured(() => c.route())).toMatchObject({ code: 'SERVICE_REQUEST_ENTITLEMENT_UNRESOLVED', kind: 'rule' });
        expect(c.routing).toBeNull();
      }
    });

    it('a consultation or suggestion is routed even with an unknown entitlement', () => {
      expect(acknowledged({ requestedType: 'consultation' }, UNKNOWN).route()).toBe('agent');
      expect(acknowledged({ requestedType: 'suggestion' }, UNKNOWN).route()).toBe('review');
    });

    it('once the agent settles the entitlement the case can be routed', () => {
      const c = acknowledged({}, UNKNOWN);
      c.setEntitlement({ entitlement: { entitlement: 'out_of_warranty', feeClass: 'A', reason: 'agent_decision', contractId: null } });
      expect(c.route()).toBe('dispatch');
      expect(lastEvent(c).data).toMatchObject({ feeClass: 'A', entitlement: { reason: 'agent_decision' } });
    });

    it('a reopened case can be routed again, once per reopening', () => {
      const c = reopened();
      c.route({ at: hours(9) });
      expect(c.routing).toEqual({ target: 'dispatch', routedAt: hours(9), round: 2 });
      expect(lastEvent(c).data).toMatchObject({ reroute: true });
      expect(captured(() => c.route()).code).toBe('SERVICE_REQUEST_ALREADY_ROUTED');
    });
  });

  describe('downstream work', () => {
    it('the first work item moves the case to in_progress', () => {
      const c = routed();
      expect(c.startWork({ kind: 'work_order', reference: 'wo-1', at: minutes(30) })).toBe(true);
      expect(c.status).toBe('in_progress');
      expect(c.work).toEqual([{ kind: 'work_order', reference: 'wo-1', startedAt: minutes(30), completedAt: null }]);
      expect(c.hasOpenWork).toBe(true);
      expect(lastEvent(c).data).toMatchObject({ status: 'in_progress', changedFields: ['work'] });
    });

    it('cannot start before routing', () => {
      expect(captured(() => acknowledged().startWork({ kind: 'work_order', reference: 'wo-1' }))).toMatchObject({
        code: 'SERVICE_REQUEST_NOT_ROUTED',
        kind: 'conflict',
      });
    });

    it('a redelivered work start changes nothing', () => {
      const c = inProgress();
      const events = c.pendingEvents.length;
      expect(c.startWork({ kind: 'work_order', reference: 'wo-1', at: hours(2) })).toBe(false);
      expect(c.pendingEvents).toHaveLength(events);
      expect(c.work).toHaveLength(1);
    });

    it('resolves only when all work is done (a claim opened next to the work order)', () => {
      const c = inProgress();
      c.startWork({ kind: 'claim', reference: 'qc-1', at: hours(1) });
      c.completeWork({ reference: 'wo-1', at: hours(2) });
      const error = captured(() => c.resolve({ at: hours(3) }));
      expect(error).toMatchObject({ code: 'SERVICE_REQUEST_WORK_OUTSTANDING', kind: 'conflict', details: { openWork: [{ kind: 'claim', reference: 'qc-1' }] } });
      expect(c.completeWork({ reference: 'qc-1', kind: 'claim', at: hours(4) })).toBe(true);
      expect(c.completeWork({ reference: 'qc-1', kind: 'claim', at: hours(5) })).toBe(false);
      c.resolve({ summary: 'Seal replaced; supplier batch blocked', at: hours(6) });
      expect(c.status).toBe('resolved');
      expect(c.resolvedAt).toEqual(hours(6));
    });

    it('completing unknown work is not found', () => {
      expect(captured(() => inProgress().completeWork({ reference: 'wo-404' }))).toMatchObject({
        code: 'SERVICE_REQUEST_WORK_ITEM_NOT_FOUND',
        kind: 'not_found',
      });
      expect(captured(() => inProgress().completeWork({ reference: 'wo-1', kind: 'claim' })).code).toBe('SERVICE_REQUEST_WORK_ITEM_NOT_FOUND');
    });
  });

  describe('confirmation and closing', () => {
    it('the customer confirms', () => {
      const c = resolved();
      c.confirm({ at: hours(6) });
      expect(c.status).toBe('confirmed');
      expect(c.confirmation).toEqual({ by: 'customer', at: hours(6) });
    });

    it('silence confirms only after 7 days by default', () => {
      const c = resolved(); // resolved at hours(5)
      const tooEarly = new Date(hours(5).getTime() + 7 * 86_400_000 - 1);
      const error = captured(() => c.confirm({ bySilence: true, at: tooEarly }));
      expect(error).toMatchObject({ code: 'SERVICE_REQUEST_CONFIRMATION_NOT_DUE', kind: 'rule', details: { dueAt: '2025-03-17T13:00:00.000Z' } });
      expect(c.status).toBe('resolved');
      c.confirm({ bySilence: true, at: new Date('2025-03-17T13:00:00.000Z') });
      expect(c.confirmation).toEqual({ by: 'silence', at: new Date('2025-03-17T13:00:00.000Z') });
      expect(lastEvent(c).data).toMatchObject({ confirmedBy: 'silence', resolvedAt: hours(5).toISOString() });
    });

    it('silence uses the configured number of days', () => {
      const c = resolved();
      c.confirm({ bySilence: true, silenceDays: 2, at: new Date(hours(5).getTime() + 2 * 86_400_000) });
      expect(c.status).toBe('confirmed');
    });

    it("silence fixed on the resolution (the tenant's) wins over the job's value and the default", () => {
      const c = resolved(); // resolved at hours(5)
      expect(c.confirmationSilenceDays).toBeNull();
      expect(c.fixConfirmationSilence(3)).toBe(true);
      expect(c.confirmationSilenceDays).toBe(3);
      expect(c.resolution).toMatchObject({ resolvedAt: hours(5), silenceDays: 3 });
      const threeDays = new Date(hours(5).getTime() + 3 * 86_400_000);
      const error = captured(() => c.confirm({ bySilence: true, silenceDays: 7, at: new Date(threeDays.getTime() - 1) }));
      expect(error).toMatchObject({ code: 'SERVICE_REQUEST_CONFIRMATION_NOT_DUE', details: { dueAt: threeDays.toISOString() } });
      c.confirm({ bySilence: true, silenceDays: 7, at: threeDays });
      expect(c.confirmation).toEqual({ by: 'silence', at: threeDays });
    });

    it('fixes the silence once per resolution, only on a resolved case; a new resolution takes the setting of its time', () => {
      const c = resolved();
      c.fixConfirmationSilence(3);
      expect(c.fixConfirmationSilence(10)).toBe(false);
      expect(c.confirmationSilenceDays).toBe(3);
      c.reopen({ reason: 'customer_dispute', at: hours(8) });
      expect(c.confirmationSilenceDays).toBeNull();
      expect(c.fixConfirmationSilence(10)).toBe(false);
      expect(inProgress().fixConfirmationSilence(3)).toBe(false);
      expect(confirmed().fixConfirmationSilence(3)).toBe(false);
    });

    it('refuses a negative or non-numeric silence to fix', () => {
      expect(captured(() => resolved().fixConfirmationSilence(-1)).code).toBe('SERVICE_REQUEST_INVALID');
      expect(captured(() => resolved().fixConfirmationSilence(Number.NaN)).code).toBe('SERVICE_REQUEST_INVALID');
    });

    it('closes after the survey', () => {
      const c = confirmed();
      c.close({ reason: 'survey_completed', at: days(2) });
      expect(c.status).toBe('closed');
      expect(c.closure).toEqual({ reason: 'survey_completed', at: days(2) });
    });

    it('closing a resolved case confirms it implicitly (survey answered before any confirmation)', () => {
      const c = resolved();
      const from = c.pendingFacts.length;
      c.close({ reason: 'survey_completed', at: days(1) });
      expect(c.confirmation).toEqual({ by: 'survey', at: days(1) });
      expect(c.pendingFacts.slice(from)).toEqual([
        { kind: 'confirmed', at: days(1), by: 'survey' },
        { kind: 'closed', at: days(1), reason: 'survey_completed' },
      ]);
      const manual = resolved();
      manual.close({ reason: 'manual', at: days(1) });
      expect(manual.confirmation?.by).toBe('agent');
    });

    it('rejects an unknown close reason', () => {
      expect(captured(() => confirmed().close({ reason: 'bored' as 'manual' })).code).toBe('SERVICE_REQUEST_INVALID');
    });
  });

  describe('reopen rules', () => {
    it.each([
      ['resolved', resolved],
      ['confirmed', confirmed],
      ['closed', closed],
    ] as const)('a %s case reopens for a customer dispute or a low survey score', (previousStatus, make) => {
      for (const reason of ['customer_dispute', 'low_survey_score'] as const) {
        const c = make();
        c.reopen({ reason, note: 'Pump still leaks', at: days(3) });
        expect(c.status).toBe('reopened');
        expect(c.reopenCount).toBe(1);
        expect(c.reopenings).toEqual([{ reason, note: 'Pump still leaks', at: days(3), previousStatus, previousResolutionSummary: 'Seal replaced' }]);
        expect(c.resolution).toBeNull();
        expect(c.confirmation).toBeNull();
        expect(c.closure).toBeNull();
        expect(lastEvent(c).data).toMatchObject({ reason, previousStatus, reopenCount: 1, routeTarget: 'dispatch', priority: 'P1' });
      }
    });

    it('a closed case reopens only within 30 days of closing (inclusive)', () => {
      const c = closed(); // closed at days(2)
      c.reopen({ reason: 'low_survey_score', at: days(32) });
      expect(c.status).toBe('reopened');
      const late = closed();
      const error = captured(() => late.reopen({ reason: 'customer_dispute', at: new Date(days(32).getTime() + 1) }));
      expect(error).toMatchObject({ code: 'SERVICE_REQUEST_REOPEN_WINDOW_EXPIRED', kind: 'rule' });
      expect(late.status).toBe('closed');
    });

    it('the reopen window is configurable', () => {
      expect(captured(() => closed().reopen({ reason: 'customer_dispute', windowDays: 5, at: days(8) })).code).toBe(
        'SERVICE_REQUEST_REOPEN_WINDOW_EXPIRED',
      );
      const c = closed();
      c.reopen({ reason: 'customer_dispute', windowDays: 90, at: days(80) });
      expect(c.status).toBe('reopened');
    });

    it('a resolved or confirmed case has no window', () => {
      const c = confirmed();
      c.reopen({ reason: 'customer_dispute', at: days(365) });
      expect(c.status).toBe('reopened');
    });

    it('a reopened case goes back to work and can be resolved again', () => {
      const c = reopened();
      c.startWork({ kind: 'work_order', reference: 'wo-2', at: hours(9) });
      c.completeWork({ reference: 'wo-2', at: hours(12) });
      c.resolve({ summary: 'Shaft replaced', at: hours(12) });
      expect(c.status).toBe('resolved');
      expect(lastEvent(c).data).toMatchObject({ reopenCount: 1, summary: 'Shaft replaced' });
      c.reopen({ reason: 'low_survey_score', at: days(1) });
      expect(c.reopenCount).toBe(2);
    });

    it('rejects an unknown reason', () => {
      expect(captured(() => resolved().reopen({ reason: 'whim' as 'customer_dispute' })).code).toBe('SERVICE_REQUEST_INVALID');
    });
  });

  describe('cancel and reject', () => {
    it('cancelling names the open downstream work', () => {
      const c = inProgress();
      c.cancel({ reason: 'Machine sold', cancelledBy: 'customer', at: hours(1) });
      expect(c.status).toBe('cancelled');
      expect(c.cancellation).toEqual({ reason: 'Machine sold', by: 'customer', at: hours(1), previousStatus: 'in_progress' });
      expect(lastEvent(c).data).toMatchObject({
        cancelledBy: 'customer',
        openWork: [{ kind: 'work_order', reference: 'wo-1', startedAt: minutes(30).toISOString(), completedAt: null }],
      });
    });

    it('cancelling needs a reason; cancelledBy defaults to the agent', () => {
      expect(captured(() => registered().cancel({ reason: ' ' })).details).toMatchObject({ fieldErrors: [{ field: 'reason', message: 'is required' }] });
      const c = registered();
      c.cancel({ reason: 'Duplicate call' });
      expect(c.cancellation?.by).toBe('agent');
    });

    it('an invalid request is rejected with a note', () => {
      const c = registered();
      c.reject({ note: 'Not our product', at: minutes(5) });
      expect(c.rejection).toEqual({ reason: 'invalid', duplicateOf: null, note: 'Not our product', at: minutes(5), previousStatus: 'registered' });
      expect(captured(() => registered().reject({ note: '' })).code).toBe('SERVICE_REQUEST_INVALID');
    });
  });

  describe('duplicates', () => {
    it('the new case is rejected as a duplicate and the open one absorbs it', () => {
      const open = routed();
      const candidate = received({
        id: 'case-2',
        channel: 'phone',
        externalRef: null,
        receivedAt: hours(30),
        problemDescription: 'Same pump, now leaking oil',
        attachments: [{ id: 'att-9', name: 'oil.jpg', uri: 'https://files.example/att-9' }],
      });
      const survivor = findDuplicate(candidate.duplicateProbe, [open.duplicateProbe]);
      expect(survivor?.id).toBe(open.id);

      candidate.markDuplicateOf({ survivor: open, at: hours(30) });
      expect(candidate.status).toBe('rejected');
      expect(candidate.duplicateOf).toBe('case-1');
      expect(lastEvent(candidate).data).toMatchObject({ reason: 'duplicate', duplicateOf: 'case-1', previousStatus: 'received' });

      expect(open.linkDuplicate({ duplicate: candidate, at: hours(30) })).toBe(true);
      expect(open.status).toBe('acknowledged');
      expect(open.linkedDuplicates).toEqual([{ caseId: 'case-2', channel: 'phone', externalRef: null, receivedAt: hours(30), linkedAt: hours(30) }]);
      expect(open.attachments.map((a) => a.id)).toEqual(['att-1', 'att-9']);
      expect(open.notes).toEqual([
        { text: 'Same pump, now leaking oil', attachmentIds: ['att-9'], addedBy: null, addedAt: hours(30), sourceCaseId: 'case-2' },
      ]);
      expect(open.linkDuplicate({ duplicate: candidate, at: hours(31) })).toBe(false);
    });

    it('never merges a case into itself or across tenants', () => {
      const c = registered();
      expect(captured(() => c.markDuplicateOf({ survivor: c })).code).toBe('SERVICE_REQUEST_DUPLICATE_INVALID');
      expect(captured(() => c.markDuplicateOf({ survivor: { id: 'x', tenantId: 'tenant-b' } })).code).toBe('SERVICE_REQUEST_DUPLICATE_INVALID');
      expect(captured(() => c.linkDuplicate({ duplicate: received({ id: 'x', tenantId: 'tenant-b' }) })).code).toBe('SERVICE_REQUEST_DUPLICATE_INVALID');
    });
  });

  describe('updates and added information', () => {
    it('records only what changed', () => {
      const c = routed();
      const from = c.pendingEvents.length;
      expect(c.updateDetails({ customer: { phone: '+86 21 5555 0199' }, at: hours(1) })).toBe(true);
      expect(c.customer.phone).toBe('+86 21 5555 0199');
      expect(c.customer.name).toBe('Acme Pumps Ltd');
      expect(c.pendingEvents.slice(from).map((e) => e.data)).toEqual([
        expect.objectContaining({ changedFields: ['customer'], customer: expect.objectContaining({ phone: '+86 21 5555 0199' }) }),
      ]);
      expect(lastEvent(c).data).not.toHaveProperty('product');
      expect(c.updateDetails({ customer: { phone: '+86 21 5555 0199' } })).toBe(false);
      expect(c.pendingEvents).toHaveLength(from + 1);
    });

    it('a registered case must stay complete', () => {
      const c = registered();
      expect(captured(() => c.updateDetails({ customer: { address: null } })).details.missing).toEqual(['customer.address']);
      expect(c.customer.address).toBe('12 Harbour Road, Shanghai');
    });

    it('a received case can be completed step by step, then registered', () => {
      const c = ServiceRequest.receive({ id: 'c-9', tenantId: 't', channel: 'cti', externalRef: 'call-1', customer: { phone: '1' }, receivedAt: T0 });
      c.updateDetails({ customer: { name: 'Acme' }, problemDescription: 'How do I descale?', requestedType: 'consultation', at: minutes(2) });
      expect(lastEvent(c).data).toMatchObject({ status: 'received', changedFields: ['customer', 'problemDescription', 'requestedType'] });
      c.register({ severity: 'minor', urgency: 'normal', entitlement: UNKNOWN, at: minutes(3) });
      expect(c.status).toBe('registered');
    });

    it('the type is locked once routed', () => {
      expect(acknowledged().updateDetails({ requestedType: 'maintenance' })).toBe(true);
      expect(captured(() => routed().updateDetails({ requestedType: 'maintenance' }))).toMatchObject({ code: 'SERVICE_REQUEST_TYPE_LOCKED', kind: 'conflict' });
    });

    it('adds notes and attachments', () => {
      const c = inProgress();
      c.addInformation({
        text: 'Nameplate photo',
        attachments: [{ id: 'att-2', name: 'plate.png', uri: 'https://files.example/att-2', contentType: 'image/png' }],
        addedBy: 'agent-3',
        at: hours(1),
      });
      expect(c.notes).toEqual([{ text: 'Nameplate photo', attachmentIds: ['att-2'], addedBy: 'agent-3', addedAt: hours(1), sourceCaseId: null }]);
      expect(c.attachments.map((a) => a.id)).toEqual(['att-1', 'att-2']);
      expect(lastEvent(c).data).toMatchObject({
        changedFields: ['information', 'attachments'],
        addedInformation: { text: 'Nameplate photo', attachmentIds: ['att-2'], addedBy: 'agent-3', addedAt: hours(1).toISOString() },
      });
    });

    it('information needs text or an attachment, and attachment ids stay unique', () => {
      expect(captured(() => inProgress().addInformation({ text: ' ' })).code).toBe('SERVICE_REQUEST_INVALID');
      expect(captured(() => inProgress().addInformation({ attachments: [{ id: 'att-1', name: 'again', uri: 'u' }] }))).toMatchObject({
        code: 'SERVICE_REQUEST_ATTACHMENT_ID_TAKEN',
        details: { fieldErrors: [{ field: 'attachments[0].id', message: 'the case already holds attachment att-1' }] },
      });
    });
  });

  describe('classification, entitlement and misuse after registration', () => {
    it('reclassifies and reports a priority change', () => {
      const c = inProgress();
      expect(c.reclassify({ severity: 'critical', urgency: 'high', at: hours(1) })).toBe(true);
      expect(c.priority).toBe('P1');
      expect(lastEvent(c).data).toMatchObject({ changedFields: ['classification'], classification: { severity: 'critical', urgency: 'high', priority: 'P1' } });
      expect(c.reclassify({ severity: 'critical', urgency: 'high' })).toBe(false);
    });

    it('misuse turns a free case into a charged one and keeps it charged', () => {
      const c = inProgress();
      expect(c.flagMisuse({ at: hours(2) })).toBe(true);
      expect(c.misuse).toBe(true);
      expect(c.entitlement).toEqual({ entitlement: 'in_warranty', feeClass: 'A', reason: 'misuse_charged', contractId: null, decidedAt: hours(2) });
      expect(lastEvent(c).data).toMatchObject({ changedFields: ['misuse', 'entitlement'], misuse: true, entitlement: { feeClass: 'A', misuse: true } });
      expect(c.flagMisuse()).toBe(false);
      // a later installed-base update cannot make it free again
      c.setEntitlement({ entitlement: UNDER_CONTRACT, at: hours(3) });
      expect(c.entitlement).toMatchObject({ entitlement: 'contract', feeClass: 'A', reason: 'misuse_charged', contractId: 'SC-9' });
    });

    it('misuse flagged before registration applies at registration', () => {
      const c = received();
      c.flagMisuse({ at: minutes(1) });
      expect(lastEvent(c).data).toMatchObject({ changedFields: ['misuse'], misuse: true });
      c.register({ severity: 'minor', urgency: 'low', entitlement: decideEntitlement({ installedBase: null, caseDate: T0 }) });
      expect(c.entitlement?.entitlement).toBe('unknown');
      const d = received();
      d.flagMisuse();
      d.register({ severity: 'minor', urgency: 'low', entitlement: IN_WARRANTY });
      expect(d.entitlement?.feeClass).toBe('A');
    });

    it('an unchanged entitlement records nothing', () => {
      const c = registered();
      expect(c.setEntitlement({ entitlement: IN_WARRANTY })).toBe(false);
      expect(c.pendingEvents).toHaveLength(1);
    });
  });

  describe('escalation and SLA breaches', () => {
    it('escalation is a flag with a level that only goes up', () => {
      const c = inProgress();
      expect(c.escalate({ level: 1, reason: 'sla_breach', at: hours(7) })).toBe(true);
      expect(c.escalated).toBe(true);
      expect(c.status).toBe('in_progress');
      expect(c.escalate({ level: 1, reason: 'manual' })).toBe(false);
      expect(c.escalate({ level: 2, reason: 'customer_request', note: 'Production stopped', at: hours(8) })).toBe(true);
      expect(c.escalation).toEqual({ level: 2, reason: 'customer_request', note: 'Production stopped', at: hours(8) });
      expect(lastEvent(c).data).toMatchObject({ level: 2, previousLevel: 1, status: 'in_progress', priority: 'P1' });
      expect(c.escalate({ level: 1, reason: 'manual' })).toBe(false);
    });

    it('rejects a level below 1 or not an integer', () => {
      expect(captured(() => inProgress().escalate({ level: 0, reason: 'manual' })).code).toBe('SERVICE_REQUEST_INVALID');
      expect(captured(() => inProgress().escalate({ level: 1.5, reason: 'manual' })).code).toBe('SERVICE_REQUEST_INVALID');
    });

    it('records each breach once per clock and due time', () => {
      const c = registered();
      expect(c.recordSlaBreach({ clock: 'reply', dueAt: hours(24), at: hours(24) })).toBe(true);
      expect(c.recordSlaBreach({ clock: 'reply', dueAt: hours(24), at: hours(25) })).toBe(false);
      expect(c.recordSlaBreach({ clock: 'technician_arranged', dueAt: hours(24), at: hours(24) })).toBe(true);
      expect(c.slaBreaches).toEqual([
        { clock: 'reply', dueAt: hours(24), breachedAt: hours(24) },
        { clock: 'technician_arranged', dueAt: hours(24), breachedAt: hours(24) },
      ]);
      expect(captured(() => c.recordSlaBreach({ clock: 'Reply Clock', dueAt: hours(1) })).code).toBe('SERVICE_REQUEST_INVALID');
    });
  });

  describe('snapshot', () => {
    it('round-trips every field as plain data', () => {
      const c = reopened();
      c.escalate({ level: 1, reason: 'manual', at: hours(9) });
      c.recordSlaBreach({ clock: 'arrival', dueAt: hours(6), at: hours(9) });
      c.addInformation({ text: 'note', at: hours(9) });
      c.markHandled('msg-1');
      c.markPersisted(7);
      const snapshot = c.toSnapshot();
      expect(snapshot).toMatchObject({ id: 'case-1', tenantId: 'tenant-a', version: 7, handledMessageIds: ['msg-1'], status: 'reopened' });
      expect(isPlainData(snapshot)).toBe(true);
      const back = ServiceRequest.fromSnapshot(snapshot);
      expect(back.toSnapshot()).toEqual(snapshot);
      expect(back.version).toBe(7);
      expect(back.hasHandled('msg-1')).toBe(true);
      expect(back.pendingEvents).toHaveLength(0);
      expect(back.escalationLevel).toBe(1);
      // and it keeps working
      back.startWork({ kind: 'work_order', reference: 'wo-2', at: hours(10) });
      expect(back.status).toBe('in_progress');
    });

    it('is a copy: changing it does not change the aggregate, and vice versa', () => {
      const c = registered();
      const snapshot = c.toSnapshot();
      snapshot.customer.name = 'Mallory';
      snapshot.receivedAt.setFullYear(1999);
      expect(c.customer.name).toBe('Acme Pumps Ltd');
      expect(c.receivedAt).toEqual(T0);
      const back = ServiceRequest.fromSnapshot(c.toSnapshot());
      const source = c.toSnapshot();
      back.acknowledge();
      expect(source.status).toBe('registered');
    });

    it('getters hand out copies', () => {
      const c = inProgress();
      (c.work[0] as { completedAt: Date | null }).completedAt = new Date();
      (c.customer as { name: string | null }).name = 'x';
      expect(c.hasOpenWork).toBe(true);
      expect(c.customer.name).toBe('Acme Pumps Ltd');
    });

    it('refuses an unknown stored status', () => {
      const snapshot = { ...registered().toSnapshot(), status: 'lost' as 'received' };
      expect(captured(() => ServiceRequest.fromSnapshot(snapshot)).code).toBe('SERVICE_REQUEST_INVALID');
    });

    it('the snapshot shape is stable (repository contract)', () => {
      expect(Object.keys(registered().toSnapshot()).sort()).toEqual(
        [
          'id',
          'tenantId',
          'version',
          'handledMessageIds',
          'status',
          'channel',
          'externalRef',
          'receivedAt',
          'registeredAt',
          'acknowledgedAt',
          'customer',
          'product',
          'problemDescription',
          'attachments',
          'requestedType',
          'preferredTime',
          'classification',
          'entitlement',
          'misuse',
          'routing',
          'work',
          'resolution',
          'confirmation',
          'closure',
          'cancellation',
          'rejection',
          'escalation',
          'slaBreaches',
          'duplicates',
          'notes',
          'reopenings',
          'serviceAgreement',
          'qualityProblem',
          'internalWork',
          'answer',
          'review',
        ].sort(),
      );
    });
  });
});
