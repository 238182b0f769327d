import { CATALOG, channelCarries, TOPICS } from '@aftercare/contracts';
import { SERVICE_REQUEST_EVENT_TYPES, SERVICE_REQUEST_EVENT_TYPES as EVENTS } from './service-request.events';
import {
  T0,
  UNDER_CONTRACT,
  days,
  eventTypes,
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

const CUSTOMER = {
  customerId: 'cust-7',
  name: 'Acme Pumps Ltd',
  contactPerson: 'Li Wei',
  phone: '+86 21 5555 0101',
  email: 'li.wei@acme.example',
  address: '12 Harbour Road, Shanghai',
  zone: 'city',
};
const PRODUCT = { model: 'P-200', serialNumber: 'SN-0001', purchaseDate: '2024-06-01' };
const ATTACHMENTS = [{ id: 'att-1', name: 'leak.jpg', uri: 'https://files.example/att-1', contentType: 'image/jpeg' }];
const PREFERRED = { from: '2025-03-11T01:00:00.000Z', to: '2025-03-11T09:00:00.000Z' };
const ENTITLEMENT = {
  entitlement: 'in_warranty',
  feeClass: 'C',
  reason: 'warranty_valid',
  contractId: null,
  misuse: false,
  decidedAt: minutes(1).toISOString(),
};
const BASE = { caseId: 'case-1', tenantId: 'tenant-a' };

describe('ServiceRequest events', () => {
  it('records only types of its own channel in the contract catalogue', () => {
    const channel = CATALOG.find((entry) => entry.topic === TOPICS.intakeServiceRequestEvents);
    expect(channel?.producers).toEqual(['intake']);
    for (const type of Object.values(SERVICE_REQUEST_EVENT_TYPES)) expect(channelCarries(channel!, type)).toBe(true);
  });

  it('a full life cycle records each fact once, in order, all for this case', () => {
    const c = resolved();
    c.close({ reason: 'survey_completed', at: days(2) });
    expect(eventTypes(c)).toEqual(['registered', 'acknowledged', 'routed', 'updated', 'updated', 'resolved', 'confirmed', 'closed']);
    expect(c.pendingFacts.map((f) => f.kind)).toEqual(['registered', 'acknowledged', 'routed', 'workStarted', 'workCompleted', 'resolved', 'confirmed', 'closed']);
    for (const event of c.pendingEvents) {
      expect(event.caseId).toBe('case-1');
      expect(event.data).toMatchObject(BASE);
    }
    expect(c.pendingEvents.map((e) => e.occurredAt)).toEqual([minutes(1), minutes(2), minutes(3), minutes(30), hours(5), hours(5), days(2), days(2)]);
  });

  it('registered carries the whole case', () => {
    expect(registered().pendingEvents[0]).toEqual({
      type: EVENTS.registered,
      caseId: 'case-1',
      occurredAt: minutes(1),
      data: {
        ...BASE,
        channel: 'crm',
        externalRef: 'CRM-4711',
        receivedAt: T0.toISOString(),
        registeredAt: minutes(1).toISOString(),
        requestedType: 'repair',
        customer: CUSTOMER,
        product: PRODUCT,
        problemDescription: 'Pump leaks at the shaft seal',
        attachments: ATTACHMENTS,
        preferredTime: PREFERRED,
        classification: { severity: 'major', urgency: 'high', priority: 'P1' },
        entitlement: ENTITLEMENT,
        serviceAgreement: null,
        qualityProblem: false,
      },
    });
  });

  it('acknowledged carries what the notification needs', () => {
    const c = routed();
    expect(c.pendingEvents[1].data).toEqual({
      ...BASE,
      acknowledgedAt: minutes(2).toISOString(),
      channel: 'crm',
      externalRef: 'CRM-4711',
      requestedType: 'repair',
      priority: 'P1',
      customer: CUSTOMER,
    });
  });

  it('routed carries everything dispatch needs to open a work order without calling back', () => {
    const c = routed();
    expect(c.pendingEvents[2]).toEqual({
      type: EVENTS.routed,
      caseId: 'case-1',
      occurredAt: minutes(3),
      data: {
        ...BASE,
        routedAt: minutes(3).toISOString(),
        target: 'dispatch',
        reroute: false,
        channel: 'crm',
        externalRef: 'CRM-4711',
        requestedType: 'repair',
        classification: { severity: 'major', urgency: 'high', priority: 'P1' },
        priority: 'P1',
        site: { address: '12 Harbour Road, Shanghai', zone: 'city' },
        customer: CUSTOMER,
        product: PRODUCT,
        problemDescription: 'Pump leaks at the shaft seal',
        attachments: ATTACHMENTS,
        preferredTime: PREFERRED,
        entitlement: ENTITLEMENT,
        feeClass: 'C',
        receivedAt: T0.toISOString(),
        serviceAgreement: null,
        qualityProblem: false,
      },
    });
  });

  it('registered and routed carry the service agreement the registration found', () => {
    const c = received();
    const agreement = { id: 'SC-9', level: 'premium', validFrom: '2025-01-01', validTo: '2025-12-31' };
    c.register({ severity: 'major', urgency: 'high', entitlement: UNDER_CONTRACT, serviceAgreement: agreement, at: minutes(1) });
    c.acknowledge({ at: minutes(2) });
    c.route({ at: minutes(3) });
    expect(c.serviceAgreement).toEqual(agreement);
    expect(c.pendingEvents[0].data).toMatchObject({ serviceAgreement: agreement });
    expect(c.pendingEvents[2].data).toMatchObject({ serviceAgreement: agreement, receivedAt: T0.toISOString() });
  });

  it('routed for a contract case names the contract and class B', () => {
    const c = registered({}, UNDER_CONTRACT);
    c.acknowledge();
    c.route();
    expect(lastEvent(c).data).toMatchObject({ feeClass: 'B', entitlement: { entitlement: 'contract', contractId: 'SC-9' } });
  });

  it('work progress is an updated event with the work list and the new status', () => {
    const c = inProgress();
    expect(lastEvent(c).data).toEqual({
      ...BASE,
      updatedAt: minutes(30).toISOString(),
      status: 'in_progress',
      changedFields: ['work'],
      work: [{ kind: 'work_order', reference: 'wo-1', startedAt: minutes(30).toISOString(), completedAt: null }],
    });
  });

  it('resolved, confirmed and closed', () => {
    const c = resolved();
    expect(lastEvent(c).data).toEqual({
      ...BASE,
      resolvedAt: hours(5).toISOString(),
      summary: 'Seal replaced',
      requestedType: 'repair',
      work: [{ kind: 'work_order', reference: 'wo-1', startedAt: minutes(30).toISOString(), completedAt: hours(5).toISOString() }],
      feeClass: 'C',
      reopenCount: 0,
    });
    c.confirm({ at: hours(6) });
    expect(lastEvent(c).data).toEqual({ ...BASE, confirmedAt: hours(6).toISOString(), confirmedBy: 'customer', resolvedAt: hours(5).toISOString() });
    c.close({ reason: 'survey_completed', at: days(2) });
    expect(lastEvent(c).data).toEqual({ ...BASE, closedAt: days(2).toISOString(), reason: 'survey_completed', requestedType: 'repair', reopenCount: 0 });
  });

  it('reopened', () => {
    expect(lastEvent(reopened()).data).toEqual({
      ...BASE,
      reopenedAt: hours(8).toISOString(),
      reason: 'customer_dispute',
      note: 'Still leaking',
      previousStatus: 'resolved',
      reopenCount: 1,
      requestedType: 'repair',
      priority: 'P1',
      routeTarget: 'dispatch',
    });
  });

  it('cancelled', () => {
    const c = registered();
    c.cancel({ reason: 'Customer fixed it', cancelledBy: 'customer', at: minutes(9) });
    expect(lastEvent(c)).toMatchObject({ type: EVENTS.cancelled });
    expect(lastEvent(c).data).toEqual({
      ...BASE,
      cancelledAt: minutes(9).toISOString(),
      reason: 'Customer fixed it',
      cancelledBy: 'customer',
      previousStatus: 'registered',
      externalRef: 'CRM-4711',
      openWork: [],
      routing: null,
    });
  });

  it('cancelled after routing names the routing round (dispatch finds the round’s work order by it)', () => {
    const c = inProgress();
    c.cancel({ reason: 'Machine sold', cancelledBy: 'agent', at: hours(1) });
    expect(lastEvent(c).data).toMatchObject({
      openWork: [{ kind: 'work_order', reference: 'wo-1', startedAt: minutes(30).toISOString(), completedAt: null }],
      routing: { target: 'dispatch', routedAt: minutes(3).toISOString(), round: 1 },
    });
  });

  it('rejected (invalid) and rejected (duplicate) + duplicate-linked on the survivor', () => {
    const invalid = received();
    invalid.reject({ note: 'Not our product', at: minutes(4) });
    expect(lastEvent(invalid)).toMatchObject({ type: EVENTS.rejected, caseId: 'case-1' });
    expect(lastEvent(invalid).data).toEqual({
      ...BASE,
      rejectedAt: minutes(4).toISOString(),
      reason: 'invalid',
      duplicateOf: null,
      note: 'Not our product',
      previousStatus: 'received',
      channel: 'crm',
      externalRef: 'CRM-4711',
    });

    const survivor = routed();
    const duplicate = received({ id: 'case-2', channel: 'email', externalRef: null, receivedAt: hours(2), attachments: [] });
    duplicate.markDuplicateOf({ survivor, at: hours(2) });
    expect(lastEvent(duplicate)).toMatchObject({ caseId: 'case-2', data: { caseId: 'case-2', reason: 'duplicate', duplicateOf: 'case-1' } });
    survivor.linkDuplicate({ duplicate, at: hours(2) });
    expect(lastEvent(survivor)).toEqual({
      type: EVENTS.duplicateLinked,
      caseId: 'case-1',
      occurredAt: hours(2),
      data: {
        ...BASE,
        linkedAt: hours(2).toISOString(),
        duplicateCaseId: 'case-2',
        duplicateChannel: 'email',
        duplicateExternalRef: null,
        duplicateReceivedAt: hours(2).toISOString(),
        duplicateProblemDescription: 'Pump leaks at the shaft seal',
        duplicateAttachments: [],
      },
    });
  });

  it('sla-breached and escalated', () => {
    const c = inProgress();
    c.recordSlaBreach({ clock: 'arrival', dueAt: hours(6), at: hours(6) });
    expect(lastEvent(c)).toMatchObject({ type: EVENTS.slaBreached });
    expect(lastEvent(c).data).toEqual({
      ...BASE,
      clock: 'arrival',
      dueAt: hours(6).toISOString(),
      breachedAt: hours(6).toISOString(),
      status: 'in_progress',
      priority: 'P1',
    });
    c.escalate({ level: 1, reason: 'sla_breach', note: 'Arrival missed', at: hours(6) });
    expect(lastEvent(c)).toMatchObject({ type: EVENTS.escalated });
    expect(lastEvent(c).data).toEqual({
      ...BASE,
      escalatedAt: hours(6).toISOString(),
      level: 1,
      previousLevel: 0,
      reason: 'sla_breach',
      note: 'Arrival missed',
      status: 'in_progress',
      priority: 'P1',
    });
  });

  it('a breach before registration has no priority yet', () => {
    const c = received();
    c.recordSlaBreach({ clock: 'reply', dueAt: hours(24), at: hours(24) });
    expect(lastEvent(c).data).toMatchObject({ status: 'received', priority: null });
  });

  it('updated names the changed groups and carries their new values only', () => {
    const c = routed();
    c.updateDetails({ product: { serialNumber: 'SN-0001-B' }, preferredTime: null, at: hours(1) });
    expect(lastEvent(c).data).toEqual({
      ...BASE,
      updatedAt: hours(1).toISOString(),
      status: 'acknowledged',
      changedFields: ['product', 'preferredTime'],
      product: { ...PRODUCT, serialNumber: 'SN-0001-B' },
      preferredTime: null,
    });
  });

  it('event data is a copy: later changes do not alter recorded events', () => {
    const c = routed();
    const routedData = JSON.stringify(c.pendingEvents[2].data);
    c.updateDetails({ customer: { address: '1 New Street' }, at: hours(1) });
    expect(JSON.stringify(c.pendingEvents[2].data)).toBe(routedData);
  });
});
