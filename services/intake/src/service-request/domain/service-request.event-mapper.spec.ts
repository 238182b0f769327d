import { contractsRegistry } from '@aftercare/contracts';
import { serviceRequestEventOf } from './service-request.event-mapper';
import { SERVICE_REQUEST_EVENT_TYPES as EVENTS } from './service-request.events';
import type { ServiceRequestFact, ServiceRequestFactKind } from './service-request.facts';
import type { ServiceRequestState } from './service-request.state';
import { IN_WARRANTY, T0, hours, inProgress, minutes, received, registered, reopened, resolved, routed, stateOf } from './testing/service-request.builders';

/** An internal-work case (fee class D) routed: its routed and resolved go out as v2. */
function internalRouted(): ServiceRequestState {
  const c = received({ requestedType: 'maintenance' });
  c.register({ severity: 'minor', urgency: 'normal', entitlement: IN_WARRANTY, internalWork: true, at: minutes(1) });
  c.acknowledge({ at: minutes(2) });
  c.route({ at: minutes(3) });
  return stateOf(c);
}

/** The facts whose event type depends on the case: the v2 variants (ADR 0044). */
const VARIANTS = {
  routedV2: { state: internalRouted, fact: { kind: 'routed', at: minutes(3), target: 'dispatch', reroute: false } as ServiceRequestFact, type: EVENTS.routedV2 },
  resolvedV2: { state: internalRouted, fact: { kind: 'resolved', at: hours(5), summary: 'Tooling inspected' } as ServiceRequestFact, type: EVENTS.resolvedV2 },
};

/** One fact of every kind, with a state it can happen in. */
const SAMPLES: Record<ServiceRequestFactKind, { state: () => ServiceRequestState; fact: ServiceRequestFact; type: string }> = {
  registered: {
    state: () => stateOf(registered()),
    fact: { kind: 'registered', at: minutes(1), classification: { severity: 'major', urgency: 'high', priority: 'P1' }, entitlement: { ...IN_WARRANTY, decidedAt: minutes(1) } },
    type: EVENTS.registered,
  },
  acknowledged: { state: () => stateOf(routed()), fact: { kind: 'acknowledged', at: minutes(2) }, type: EVENTS.acknowledged },
  routed: { state: () => stateOf(routed()), fact: { kind: 'routed', at: minutes(3), target: 'dispatch', reroute: false }, type: EVENTS.routed },
  workStarted: { state: () => stateOf(inProgress()), fact: { kind: 'workStarted', at: minutes(30), work: { kind: 'work_order', reference: 'wo-1' } }, type: EVENTS.updated },
  workCompleted: { state: () => stateOf(resolved()), fact: { kind: 'workCompleted', at: hours(5), work: { kind: 'work_order', reference: 'wo-1' } }, type: EVENTS.updated },
  resolved: { state: () => stateOf(resolved()), fact: { kind: 'resolved', at: hours(5), summary: 'Seal replaced' }, type: EVENTS.resolved },
  confirmed: { state: () => stateOf(resolved()), fact: { kind: 'confirmed', at: hours(6), by: 'customer' }, type: EVENTS.confirmed },
  closed: { state: () => stateOf(resolved()), fact: { kind: 'closed', at: hours(7), reason: 'manual' }, type: EVENTS.closed },
  reopened: {
    state: () => stateOf(reopened()),
    fact: { kind: 'reopened', at: hours(8), reason: 'customer_dispute', note: null, previousStatus: 'resolved' },
    type: EVENTS.reopened,
  },
  cancelled: {
    state: () => stateOf(inProgress()),
    fact: { kind: 'cancelled', at: hours(1), reason: 'Machine sold', by: 'customer', previousStatus: 'in_progress' },
    type: EVENTS.cancelled,
  },
  rejected: {
    state: () => stateOf(received()),
    fact: { kind: 'rejected', at: minutes(1), reason: 'duplicate', duplicateOf: 'case-0', note: null, previousStatus: 'received' },
    type: EVENTS.rejected,
  },
  duplicateLinked: {
    state: () => stateOf(routed()),
    fact: {
      kind: 'duplicateLinked',
      at: hours(2),
      duplicate: { id: 'case-2', tenantId: 'tenant-a', channel: 'email', externalRef: null, receivedAt: hours(2), problemDescription: null, attachments: [] },
    },
    type: EVENTS.duplicateLinked,
  },
  detailsChanged: { state: () => stateOf(routed()), fact: { kind: 'detailsChanged', at: hours(1), changed: ['externalRef'] }, type: EVENTS.updated },
  informationAdded: {
    state: () => stateOf(routed()),
    fact: { kind: 'informationAdded', at: hours(1), note: { text: 'x', attachmentIds: [], addedBy: null, addedAt: hours(1), sourceCaseId: null }, attachmentCount: 0 },
    type: EVENTS.updated,
  },
  reclassified: {
    state: () => stateOf(routed()),
    fact: { kind: 'reclassified', at: hours(1), classification: { severity: 'minor', urgency: 'low', priority: 'P4' } },
    type: EVENTS.updated,
  },
  entitlementChanged: {
    state: () => stateOf(routed()),
    fact: { kind: 'entitlementChanged', at: hours(1), entitlement: { ...IN_WARRANTY, decidedAt: minutes(1) } },
    type: EVENTS.updated,
  },
  misuseFlagged: { state: () => stateOf(received()), fact: { kind: 'misuseFlagged', at: minutes(1), entitlementCharged: false }, type: EVENTS.updated },
  escalated: {
    state: () => stateOf(inProgress()),
    fact: { kind: 'escalated', at: hours(6), level: 1, previousLevel: 0, reason: 'manual', note: null },
    type: EVENTS.escalated,
  },
  qualityProblemFlagged: {
    state: () => stateOf(routed()),
    fact: { kind: 'qualityProblemFlagged', at: hours(1), source: 'agent', routed: true },
    type: EVENTS.qualityProblemFlagged,
  },
  slaBreached: { state: () => stateOf(received()), fact: { kind: 'slaBreached', at: hours(24), clock: 'reply', dueAt: hours(24) }, type: EVENTS.slaBreached },
};

describe('service-request event mapper', () => {
  it.each([...Object.entries(SAMPLES), ...Object.entries(VARIANTS)])('maps %s to its contract type, for this case, at the time of the fact', (_kind, sample) => {
    const state = sample.state();
    const event = serviceRequestEventOf(sample.fact, state);
    expect(event).toMatchObject({ type: sample.type, caseId: 'case-1', occurredAt: sample.fact.at });
    expect(event.data).toMatchObject({ caseId: 'case-1', tenantId: 'tenant-a' });
    expect(() => contractsRegistry().assertValid(event.type, JSON.parse(JSON.stringify(event.data)))).not.toThrow();
  });

  it('every public event type but clock-escalated is produced by some fact', () => {
    // clock-escalated is no fact of the case: the reply clock's scheduler publishes it in the case's write (sla/application/clock-escalated.ts).
    const produced = new Set([...Object.values(SAMPLES), ...Object.values(VARIANTS)].map((s) => s.type));
    expect([...produced].sort()).toEqual(Object.values(EVENTS).filter((type) => type !== EVENTS.clockEscalated).sort());
  });

  it('work facts become updated events with the whole work list and the status', () => {
    const state = stateOf(inProgress());
    expect(serviceRequestEventOf(SAMPLES.workStarted.fact, state).data).toEqual({
      caseId: 'case-1',
      tenantId: 'tenant-a',
      updatedAt: minutes(30).toISOString(),
      status: 'in_progress',
      changedFields: ['work'],
      work: [{ kind: 'work_order', reference: 'wo-1', startedAt: minutes(30).toISOString(), completedAt: null }],
    });
  });

  it('details changes carry exactly the changed groups, in the order they are named', () => {
    const state = stateOf(routed());
    const event = serviceRequestEventOf({ kind: 'detailsChanged', at: hours(1), changed: ['customer', 'preferredTime', 'requestedType'] }, state);
    expect(event.data).toEqual({
      caseId: 'case-1',
      tenantId: 'tenant-a',
      updatedAt: hours(1).toISOString(),
      status: 'acknowledged',
      changedFields: ['customer', 'preferredTime', 'requestedType'],
      customer: state.customer,
      preferredTime: { from: '2025-03-11T01:00:00.000Z', to: '2025-03-11T09:00:00.000Z' },
      requestedType: 'repair',
    });
  });

  it('added information names attachments only when some came with it', () => {
    const state = stateOf(routed());
    const note = { text: null, attachmentIds: ['att-1'], addedBy: 'agent-1', addedAt: hours(1), sourceCaseId: null };
    const withFile = serviceRequestEventOf({ kind: 'informationAdded', at: hours(1), note, attachmentCount: 1 }, state);
    expect(withFile.data).toMatchObject({ changedFields: ['information', 'attachments'], attachments: [expect.objectContaining({ id: 'att-1' })] });
    const textOnly = serviceRequestEventOf({ kind: 'informationAdded', at: hours(1), note: { ...note, text: 'x', attachmentIds: [] }, attachmentCount: 0 }, state);
    expect(textOnly.data).toMatchObject({ changedFields: ['information'] });
    expect(textOnly.data).not.toHaveProperty('attachments');
  });

  it('misuse carries the entitlement whenever one is decided, and names it only when it changed', () => {
    expect(serviceRequestEventOf(SAMPLES.misuseFlagged.fact, stateOf(received())).data).toEqual(
      expect.not.objectContaining({ entitlement: expect.anything() }),
    );
    const state = { ...stateOf(registered()), misuse: true };
    const unchanged = serviceRequestEventOf({ kind: 'misuseFlagged', at: hours(1), entitlementCharged: false }, state);
    expect(unchanged.data).toMatchObject({ changedFields: ['misuse'], misuse: true, entitlement: { misuse: true } });
    const charged = serviceRequestEventOf({ kind: 'misuseFlagged', at: hours(1), entitlementCharged: true }, state);
    expect(charged.data).toMatchObject({ changedFields: ['misuse', 'entitlement'] });
  });

  it('registered before a name is known still sends a string name; drafts in updated keep null', () => {
    const state = stateOf(registered());
    state.customer.name = null;
    expect(serviceRequestEventOf(SAMPLES.registered.fact, state).data).toMatchObject({ customer: { name: '' } });
    expect(serviceRequestEventOf({ kind: 'detailsChanged', at: T0, changed: ['customer'] }, state).data).toMatchObject({ customer: { name: null } });
  });

  it('copies what it reads: changing the state afterwards does not change the event', () => {
    const state = stateOf(routed());
    const event = serviceRequestEventOf(SAMPLES.routed.fact, state);
    const before = JSON.stringify(event.data);
    state.customer.address = 'elsewhere';
    state.attachments[0].name = 'renamed';
    state.entitlement!.feeClass = 'A';
    expect(JSON.stringify(event.data)).toBe(before);
  });

  it('refuses facts that need a registered case when the case is not registered', () => {
    expect(() => serviceRequestEventOf({ kind: 'acknowledged', at: T0 }, stateOf(received({ requestedType: null })))).toThrow('has no requested type');
    expect(() => serviceRequestEventOf({ kind: 'acknowledged', at: T0 }, stateOf(received()))).toThrow('is not classified');
    expect(() => serviceRequestEventOf({ kind: 'confirmed', at: T0, by: 'agent' }, stateOf(registered()))).toThrow('without a resolution');
  });
});
