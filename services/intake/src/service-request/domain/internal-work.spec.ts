import { IN_WARRANTY, UNKNOWN, codeOf, hours, lastEvent, minutes, received, routed } from './testing/service-request.builders';
import { SERVICE_REQUEST_EVENT_TYPES as EVENTS } from './service-request.events';
import type { ServiceRequest } from './service-request';
import { feeClassOf } from './internal-work';

/** A case registered as internal work (an inspection: maintenance) with the given coverage, acknowledged. */
function internal(entitlement = IN_WARRANTY): ServiceRequest {
  const c = received({ requestedType: 'maintenance' });
  c.register({ severity: 'minor', urgency: 'normal', entitlement, internalWork: true, at: minutes(1) });
  c.acknowledge({ at: minutes(2) });
  return c;
}

describe('internal work is fee class D (source 004 §5)', () => {
  it('is class D whatever the coverage, which the entitlement keeps naming', () => {
    const c = internal(IN_WARRANTY);
    expect(c.internalWork).toBe(true);
    expect(c.feeClass).toBe('D');
    expect(c.entitlement).toMatchObject({ entitlement: 'in_warranty', feeClass: 'C' });
  });

  it('goes out as routed.v2 with fee class D; the entitlement on it is the coverage', () => {
    const c = internal();
    c.route({ at: minutes(3) });
    expect(lastEvent(c)).toMatchObject({ type: EVENTS.routedV2, data: { feeClass: 'D', entitlement: { entitlement: 'in_warranty', feeClass: 'C' }, target: 'dispatch' } });
  });

  it('is routed without a decided entitlement: no customer fee to decide', () => {
    const c = internal(UNKNOWN);
    c.route({ at: minutes(3) });
    expect(lastEvent(c)).toMatchObject({ type: EVENTS.routedV2, data: { feeClass: 'D', entitlement: { entitlement: 'unknown', feeClass: null } } });
  });

  it('is resolved as resolved.v2 with fee class D', () => {
    const c = internal();
    c.route({ at: minutes(3) });
    c.startWork({ kind: 'work_order', reference: 'wo-1', at: minutes(30) });
    c.completeWork({ reference: 'wo-1', at: hours(2) });
    c.resolve({ summary: 'Tooling inspected', at: hours(2) });
    expect(lastEvent(c)).toMatchObject({ type: EVENTS.resolvedV2, data: { feeClass: 'D' } });
  });

  it('turns to class A when misuse is found: the one who caused it pays', () => {
    const c = internal();
    c.flagMisuse({ at: minutes(3) });
    expect(c.feeClass).toBe('A');
    c.route({ at: minutes(4) });
    expect(lastEvent(c)).toMatchObject({ type: EVENTS.routed, data: { feeClass: 'A' } });
  });

  it('is refused for a case that sends no technician, and nothing is recorded', () => {
    const c = received({ requestedType: 'consultation' });
    expect(codeOf(() => c.register({ severity: 'minor', urgency: 'normal', entitlement: IN_WARRANTY, internalWork: true }))).toBe(
      'SERVICE_REQUEST_INTERNAL_WORK_NOT_FIELD_SERVICE',
    );
    expect(c.status).toBe('received');
    expect(c.pendingFacts).toEqual([]);
  });

  it('a customer case keeps v1 and its entitlement’s class, and still needs a decided entitlement to be routed', () => {
    const c = routed();
    expect(c.internalWork).toBe(false);
    expect(lastEvent(c)).toMatchObject({ type: EVENTS.routed, data: { feeClass: 'C' } });
    const undecided = received();
    undecided.register({ severity: 'major', urgency: 'high', entitlement: UNKNOWN, at: minutes(1) });
    undecided.acknowledge({ at: minutes(2) });
    expect(codeOf(() => undecided.route({ at: minutes(3) }))).toBe('SERVICE_REQUEST_ENTITLEMENT_UNRESOLVED');
  });

  it('feeClassOf: D for internal work unless misuse charges it; else the entitlement’s, null while none', () => {
    const entitlement = { ...IN_WARRANTY, decidedAt: hours(0) };
    expect(feeClassOf({ internalWork: true, misuse: false, entitlement: null })).toBe('D');
    expect(feeClassOf({ internalWork: true, misuse: true, entitlement: { ...entitlement, feeClass: 'A', reason: 'misuse_charged' } })).toBe('A');
    expect(feeClassOf({ internalWork: false, misuse: false, entitlement })).toBe('C');
    expect(feeClassOf({ internalWork: false, misuse: false, entitlement: null })).toBeNull();
  });
});
