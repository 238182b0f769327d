import { thrownDomainError } from '@aftercare/ddd';
import { QualityClaim } from './quality-claim';
import { repliedAt, replyLate } from './late-reply';
import { QE, later, openedClaim, persisted, verified } from './testing/quality-claim.builders';

// The builders' reply (rectification status) is due 72 h after opening.
const DUE = later(72 * 60);
const after = (minutes: number) => new Date(DUE.getTime() + minutes * 60_000);

describe('late replies to the customer', () => {
  it('is not late before its deadline, late after it without a reply, late when the reply came after it', () => {
    const claim = openedClaim();
    expect(replyLate(claim.state, after(-1))).toBe(false);
    expect(replyLate(claim.state, after(1))).toBe(true);
    claim.recordCustomerContact({ kind: 'rectification_status', at: after(30) });
    expect(repliedAt(claim.state)).toEqual(after(30));
    expect(replyLate(claim.state, after(60 * 24 * 30))).toBe(true);
  });

  it('a reply on time is never late, however much later it is read', () => {
    const claim = openedClaim();
    claim.recordCustomerContact({ kind: 'rectification_status', at: after(-1) });
    expect(replyLate(claim.state, after(60 * 24 * 365))).toBe(false);
  });

  it('a claim closed before any status was sent counts as replied at its close', () => {
    const claim = verified();
    claim.close({ actor: QE, at: later(1500) });
    expect(repliedAt(claim.state)).toEqual(later(1500));
    expect(replyLate(claim.state, after(60 * 24))).toBe(false);
  });

  it('the quality department explains a late reply; the explanation survives a reload', () => {
    const claim = openedClaim();
    claim.explainLateReply({ by: 'qe-chen', text: '  Waiting for the supplier lab report  ', at: after(60) });
    expect(persisted(claim).state.lateReplyExplanation).toEqual({ by: 'qe-chen', text: 'Waiting for the supplier lab report', at: after(60) });
    claim.explainLateReply({ by: 'qe-wang', text: 'Lab report came back on the 28th', at: after(120) });
    expect(claim.state.lateReplyExplanation).toMatchObject({ by: 'qe-wang', text: 'Lab report came back on the 28th' });
  });

  it('refuses an explanation of a reply that is not late (422 REPLY_NOT_LATE) and an empty one', () => {
    const claim = openedClaim();
    expect(thrownDomainError(() => claim.explainLateReply({ by: 'qe-chen', text: 'Early', at: after(-5) }))).toMatchObject({ code: 'REPLY_NOT_LATE', kind: 'rule' });
    expect(thrownDomainError(() => claim.explainLateReply({ by: 'qe-chen', text: ' ', at: after(5) })).fieldErrors.map((e) => e.field)).toEqual(['explanation']);
    expect(claim.state.lateReplyExplanation).toBeNull();
  });

  it('reads a claim stored before explanations existed as having none', () => {
    const { lateReplyExplanation: _none, ...older } = openedClaim().toSnapshot();
    expect(QualityClaim.fromSnapshot({ ...(older as typeof older & { lateReplyExplanation: null }), version: 3 }).state.lateReplyExplanation).toBeNull();
  });
});
