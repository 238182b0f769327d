import { IN_WARRANTY, acknowledged, closed, codeOf, factKinds, hours, lastEvent, received, registered, resolved, routed } from './testing/service-request.builders';
import { SERVICE_REQUEST_EVENT_TYPES as EVENTS } from './service-request.events';

describe('quality problem flag', () => {
  it('comes with the registration of a field-service case and travels on registered and routed', () => {
    const c = received();
    c.register({ severity: 'major', urgency: 'high', entitlement: IN_WARRANTY, qualityProblem: true, at: hours(0) });
    c.acknowledge({ at: hours(0) });
    c.route({ at: hours(0) });
    expect(c.qualityProblem).toBe(true);
    expect(c.pendingEvents.find((e) => e.type === EVENTS.registered)?.data).toMatchObject({ qualityProblem: true });
    expect(lastEvent(c).data).toMatchObject({ qualityProblem: true });
  });

  it('is false on routed when nobody flagged it', () => {
    expect(lastEvent(routed()).data).toMatchObject({ qualityProblem: false });
  });

  it('is refused at registration for a case that sends no technician, and nothing is recorded', () => {
    const c = received({ requestedType: 'quality_complaint' });
    expect(codeOf(() => c.register({ severity: 'major', urgency: 'high', entitlement: IN_WARRANTY, qualityProblem: true }))).toBe(
      'SERVICE_REQUEST_QUALITY_PROBLEM_NOT_FIELD_SERVICE',
    );
    expect(c.status).toBe('received');
    expect(c.pendingFacts).toEqual([]);
  });

  it('is set by the agent later: one fact, naming the routing round dispatch must find the work order by', () => {
    const c = routed();
    expect(c.flagQualityProblem({ source: 'agent', at: hours(1) })).toBe(true);
    expect(factKinds(c).at(-1)).toBe('qualityProblemFlagged');
    expect(lastEvent(c)).toMatchObject({
      type: EVENTS.qualityProblemFlagged,
      data: { source: 'agent', status: 'acknowledged', requestedType: 'repair', routing: { target: 'dispatch', round: 1 } },
    });
  });

  it('flagged before routing, it has no routing round and rides on routed', () => {
    const c = acknowledged({}, { entitlement: 'unknown', feeClass: null, reason: 'no_installed_base_record', contractId: null });
    c.flagQualityProblem({ source: 'quality_complaint', at: hours(1) });
    expect(lastEvent(c).data).toMatchObject({ source: 'quality_complaint', routing: null });
  });

  it('is a no-op when already flagged (a redelivery)', () => {
    const c = registered();
    c.flagQualityProblem({ source: 'agent' });
    const before = c.pendingFacts.length;
    expect(c.flagQualityProblem({ source: 'agent' })).toBe(false);
    expect(c.pendingFacts).toHaveLength(before);
  });

  it('is refused for a non-field-service case and once the case is resolved or closed', () => {
    expect(codeOf(() => routed({ requestedType: 'consultation' }).flagQualityProblem({ source: 'agent' }))).toBe(
      'SERVICE_REQUEST_QUALITY_PROBLEM_NOT_FIELD_SERVICE',
    );
    expect(codeOf(() => resolved().flagQualityProblem({ source: 'agent' }))).toBe('SERVICE_REQUEST_ILLEGAL_TRANSITION');
    expect(codeOf(() => closed().flagQualityProblem({ source: 'agent' }))).toBe('SERVICE_REQUEST_ILLEGAL_TRANSITION');
    expect(codeOf(() => received().flagQualityProblem({ source: 'agent' }))).toBe('SERVICE_REQUEST_ILLEGAL_TRANSITION');
  });
});
