import { acknowledge, reclassify, register, route } from './registration';
import { IN_WARRANTY, UNKNOWN, acknowledged, hours, minutes, received, registered, reopened, routed, stateOf } from './testing/service-request.builders';

describe('registration and hand-over', () => {
  it('register classifies, decides the entitlement and records one fact carrying both', () => {
    const s = stateOf(received());
    expect(register(s, { severity: 'minor', urgency: 'normal', entitlement: IN_WARRANTY, at: minutes(1) })).toEqual([
      {
        kind: 'registered',
        at: minutes(1),
        classification: { severity: 'minor', urgency: 'normal', priority: 'P3' },
        entitlement: { ...IN_WARRANTY, decidedAt: minutes(1) },
      },
    ]);
    expect(s).toMatchObject({ status: 'registered', registeredAt: minutes(1) });
  });

  it('register charges a case already flagged as misuse', () => {
    const s = { ...stateOf(received()), misuse: true };
    const [fact] = register(s, { severity: 'minor', urgency: 'low', entitlement: IN_WARRANTY, at: minutes(1) });
    expect(fact.entitlement).toMatchObject({ feeClass: 'A', reason: 'misuse_charged' });
  });

  it('acknowledge moves on and records the time', () => {
    const s = stateOf(registered());
    expect(acknowledge(s, { at: minutes(2) })).toEqual([{ kind: 'acknowledged', at: minutes(2) }]);
    expect(s).toMatchObject({ status: 'acknowledged', acknowledgedAt: minutes(2) });
  });

  it('route returns the hand-over fact; a reopened case is a reroute in the next round', () => {
    const s = stateOf(acknowledged());
    expect(route(s, { at: minutes(3) })).toEqual({ kind: 'routed', at: minutes(3), target: 'dispatch', reroute: false });
    const again = stateOf(reopened());
    expect(route(again, { at: hours(9) })).toMatchObject({ reroute: true });
    expect(again.routing).toMatchObject({ round: 2 });
  });

  it('route waits for a decided entitlement for field service', () => {
    const s = stateOf(acknowledged({}, UNKNOWN));
    expect(() => route(s, {})).toThrow(expect.objectContaining({ code: 'SERVICE_REQUEST_ENTITLEMENT_UNRESOLVED' }));
    expect(s.routing).toBeNull();
  });

  it('reclassify records the new classification only when it differs', () => {
    const s = stateOf(routed());
    expect(reclassify(s, { severity: 'major', urgency: 'high' })).toEqual([]);
    expect(reclassify(s, { severity: 'minor', urgency: 'low', at: hours(1) })).toEqual([
      { kind: 'reclassified', at: hours(1), classification: { severity: 'minor', urgency: 'low', priority: 'P4' } },
    ]);
  });
});
