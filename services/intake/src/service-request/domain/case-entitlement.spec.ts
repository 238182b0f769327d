import { flagMisuse, setEntitlement } from './case-entitlement';
import { IN_WARRANTY, UNDER_CONTRACT, hours, minutes, received, routed, stateOf } from './testing/service-request.builders';

describe('entitlement of a case', () => {
  it('a new decision is one fact; the same decision none', () => {
    const s = stateOf(routed());
    expect(setEntitlement(s, { entitlement: IN_WARRANTY, at: hours(1) })).toEqual([]);
    expect(setEntitlement(s, { entitlement: UNDER_CONTRACT, at: hours(1) })).toEqual([
      { kind: 'entitlementChanged', at: hours(1), entitlement: { ...UNDER_CONTRACT, decidedAt: hours(1) } },
    ]);
    expect(s.entitlement).toEqual({ ...UNDER_CONTRACT, decidedAt: hours(1) });
  });

  it('misuse charges a free case, says so in its fact, and keeps later decisions charged', () => {
    const s = stateOf(routed());
    expect(flagMisuse(s, { at: hours(2) })).toEqual([{ kind: 'misuseFlagged', at: hours(2), entitlementCharged: true }]);
    expect(s.entitlement).toMatchObject({ feeClass: 'A', reason: 'misuse_charged', decidedAt: hours(2) });
    expect(flagMisuse(s, { at: hours(3) })).toEqual([]);
    setEntitlement(s, { entitlement: UNDER_CONTRACT, at: hours(4) });
    expect(s.entitlement).toMatchObject({ entitlement: 'contract', feeClass: 'A' });
  });

  it('misuse before registration changes no entitlement yet', () => {
    const s = stateOf(received());
    expect(flagMisuse(s, { at: minutes(1) })).toEqual([{ kind: 'misuseFlagged', at: minutes(1), entitlementCharged: false }]);
    expect(s.entitlement).toBeNull();
  });

  it('rejects an impossible decision without changing anything', () => {
    const s = stateOf(routed());
    expect(() => setEntitlement(s, { entitlement: { ...IN_WARRANTY, feeClass: 'B' } })).toThrow(
      expect.objectContaining({ code: 'SERVICE_REQUEST_INVALID_ENTITLEMENT' }),
    );
    expect(s.entitlement).toMatchObject({ feeClass: 'C' });
  });
});
