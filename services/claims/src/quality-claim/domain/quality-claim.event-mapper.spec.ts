import { contractsRegistry, QUALITY_CLAIM_CLOSED_V1 } from '@aftercare/contracts';
import { qualityClaimEventOf } from './quality-claim.event-mapper';
import { QE, later, openedClaim, triaged, verified } from './testing/quality-claim.builders';

describe('qualityClaimEventOf', () => {
  it('publishes a fact with what its transition set on the claim', () => {
    const claim = verified();
    claim.close({ actor: QE, at: later(1600) });
    const event = qualityClaimEventOf({ kind: 'closed', at: later(1600) }, claim.state);
    expect(event.type).toBe(QUALITY_CLAIM_CLOSED_V1);
    expect(event.data).toMatchObject({ closedAt: later(1600).toISOString(), status: 'closed' });
    contractsRegistry().assertValid(event.type, event.data);
  });

  it.each([
    ['triaged', 'the triage', () => openedClaim().state],
    ['closed', 'the closure', () => triaged().state],
    ['rejected', 'the rejection', () => triaged().state],
  ] as const)('refuses a %s fact on a claim without %s, naming it, instead of publishing it half-empty', (kind, what, state) => {
    const s = state();
    expect(() => qualityClaimEventOf({ kind, at: later(10) }, s)).toThrow(`quality claim ${s.id}: ${what} is not set after the fact that sets it`);
  });
});
