import type { Triage } from '../../quality-claim/domain/quality-claim.state';
import { overdueIn, qualityClaimMonthFigures, type FiguredClaim } from './quality-claim-month';

// March 2025 as the month; times are UTC for readability (the query passes the tenant's bounds).
const FROM = new Date('2025-03-01T00:00:00Z');
const TO = new Date('2025-04-01T00:00:00Z');
const d = (s: string) => new Date(`2025-${s}Z`);
const triage = (urgency: 'urgent' | 'normal'): Triage => ({ urgency, severity: 'major', department: 'manufacturing', responsibility: 'manufacturing', major: false, triagedAt: d('01-01T00:00:00') });

function claim(id: string, c: { opened: string; urgency?: 'urgent' | 'normal'; closureDue?: string; replyDue?: string; replied?: string; closed?: string; rejected?: string; explained?: string }): FiguredClaim {
  return {
    id,
    caseId: `sr-${id}`,
    openedAt: d(c.opened),
    triage: c.urgency ? triage(c.urgency) : null,
    deadlines: { firstContactDueAt: d(c.opened), rectificationStatusDueAt: d(c.replyDue ?? '12-31T00:00:00'), closureDueAt: c.closureDue ? d(c.closureDue) : null },
    rectificationStatusSentAt: c.replied ? d(c.replied) : null,
    closure: c.closed ? { closedAt: d(c.closed), closedBy: 'qe', approvedBy: null, finalReport: null } : null,
    rejection: c.rejected ? { reason: 'misuse', customerMisuse: true, correctUseInstructions: 'x', goodwillApprovedBy: null, rejectedBy: 'qe', rejectedAt: d(c.rejected) } : null,
    lateReplyExplanation: c.explained ? { text: `why ${id}`, by: 'qe-chen', at: d(c.explained) } : null,
  };
}

const NOW = d('04-10T00:00:00');

const CLAIMS: FiguredClaim[] = [
  // opened in March, urgent, closed in time in March
  claim('a', { opened: '03-02T00:00:00', urgency: 'urgent', closureDue: '03-04T00:00:00', replyDue: '03-05T00:00:00', replied: '03-04T00:00:00', closed: '03-03T00:00:00' }),
  // opened in March, urgent, closure due in March, still open: overdue; reply due in March never sent: late, unexplained
  claim('b', { opened: '03-10T00:00:00', urgency: 'urgent', closureDue: '03-12T00:00:00', replyDue: '03-13T00:00:00' }),
  // opened in March, normal, closed late in April: overdue in March; reply late, explained in March (on time)
  claim('c', { opened: '03-20T00:00:00', urgency: 'normal', closureDue: '03-27T00:00:00', replyDue: '03-23T00:00:00', replied: '03-25T00:00:00', closed: '04-02T00:00:00', explained: '03-30T00:00:00' }),
  // opened in February, normal, overdue since February, closed late in March: overdue in March, closed in March
  claim('d', { opened: '02-10T00:00:00', urgency: 'normal', closureDue: '02-17T00:00:00', replyDue: '02-13T00:00:00', replied: '02-12T00:00:00', closed: '03-05T00:00:00' }),
  // opened in February, overdue, closed late in February: not overdue in March
  claim('e', { opened: '02-01T00:00:00', urgency: 'urgent', closureDue: '02-03T00:00:00', replyDue: '02-04T00:00:00', replied: '02-03T00:00:00', closed: '02-20T00:00:00' }),
  // opened in March, untriaged (no closure deadline); reply due in March came late, explained in April (late)
  claim('f', { opened: '03-28T00:00:00', replyDue: '03-31T00:00:00', replied: '04-01T12:00:00', explained: '04-03T00:00:00' }),
  // opened in March, rejected before its reply was due: no late reply, not closed
  claim('g', { opened: '03-15T00:00:00', urgency: 'normal', closureDue: '03-22T00:00:00', replyDue: '03-18T00:00:00', rejected: '03-16T00:00:00' }),
  // opened in April: counts nowhere in March
  claim('h', { opened: '04-02T00:00:00', urgency: 'urgent', closureDue: '04-04T00:00:00', replyDue: '04-05T00:00:00' }),
];

describe("the month's quality claims and late replies", () => {
  const figures = qualityClaimMonthFigures(CLAIMS, { from: FROM, to: TO }, NOW);

  it('counts opened, closed and overdue per urgency', () => {
    expect(figures.qualityClaims.byUrgency).toEqual([
      { urgency: 'urgent', opened: 2, closed: 1, overdue: 1 },
      { urgency: 'normal', opened: 2, closed: 1, overdue: 2 },
      { urgency: 'untriaged', opened: 1, closed: 0, overdue: 0 },
    ]);
    expect(figures.qualityClaims).toMatchObject({ opened: 5, closed: 2, overdue: 3 });
  });

  it('lists the late replies due in the month with their explanation, due by the month end', () => {
    const { lateReplies } = figures;
    expect(lateReplies).toMatchObject({ explanationDueAt: TO, count: 3, explained: 2, unexplained: 1 });
    expect(lateReplies.items.map((i) => [i.claimId, i.urgency, i.repliedAt?.toISOString() ?? null, i.explanation?.onTime ?? null])).toEqual([
      ['b', 'urgent', null, null],
      ['c', 'normal', '2025-03-25T00:00:00.000Z', true],
      ['f', 'untriaged', '2025-04-01T12:00:00.000Z', false],
    ]);
    expect(lateReplies.items[1].explanation).toMatchObject({ text: 'why c', by: 'qe-chen' });
  });

  it('in the running month, counts only deadlines already passed', () => {
    const now = d('03-14T00:00:00');
    const notYet = claim('x', { opened: '03-12T00:00:00', urgency: 'normal', closureDue: '03-19T00:00:00', replyDue: '03-15T00:00:00' });
    const running = qualityClaimMonthFigures([CLAIMS[1], CLAIMS[3], notYet], { from: FROM, to: TO }, now);
    // b's closure (12th) and reply (13th) deadlines have passed; d has been in arrears since February; x's have not.
    expect(running.qualityClaims.byUrgency.map((u) => [u.urgency, u.overdue])).toEqual([
      ['urgent', 1],
      ['normal', 1],
      ['untriaged', 0],
    ]);
    expect(running.lateReplies.items.map((i) => i.claimId)).toEqual(['b']);
    expect(overdueIn(notYet, FROM, TO, now)).toBe(false);
    expect(overdueIn(notYet, FROM, TO, d('03-19T00:00:01'))).toBe(true);
  });

  it('an empty month is all zeros', () => {
    const empty = qualityClaimMonthFigures([], { from: FROM, to: TO }, NOW);
    expect(empty.qualityClaims).toEqual({
      opened: 0,
      closed: 0,
      overdue: 0,
      byUrgency: [
        { urgency: 'urgent', opened: 0, closed: 0, overdue: 0 },
        { urgency: 'normal', opened: 0, closed: 0, overdue: 0 },
        { urgency: 'untriaged', opened: 0, closed: 0, overdue: 0 },
      ],
    });
    expect(empty.lateReplies).toMatchObject({ count: 0, explained: 0, unexplained: 0, items: [] });
  });
});
