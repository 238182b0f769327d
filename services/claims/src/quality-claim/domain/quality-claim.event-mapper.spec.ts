import { contractsRegistry, QUALITY_CLAIM_CLOSED_V1 } from '@aftercare/contracts';
import { qualityClaimEventOf } from './quality-claim.event-mapper';
import type { QualityClaimFact } from './quality-claim.facts';
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

  const at = later(10);
  it.each<[string, QualityClaimFact, string, () => ReturnType<typeof openedClaim>]>([
    ['triaged', { kind: 'triaged', at, supplierFeedback: null }, 'the triage', openedClaim],
    ['closed', { kind: 'closed', at }, 'the closure', triaged],
    ['rejected', { kind: 'rejected', at }, 'the rejection', triaged],
  ])('refuses a %s fact on a claim without what it sets, naming it, instead of publishing it half-empty', (_kind, fact, what, claim) => {
    const s = claim().state;
    expect(() => qualityClaimEventOf(fact, s)).toThrow(`quality claim ${s.id}: ${what} is not set after the fact that sets it`);
  });
});
