import { CLAIMS_MONTH_FIGURES_PUBLISHED_V1, CLAIMS_MONTH_FIGURES_PUBLISHED_V2, contractsRegistry } from '@aftercare/contracts';
import { qualityClaimMonthFigures, type FiguredClaim } from '../../month/domain/quality-claim-month';
import { claimsMonthFigures, qualityClaimFigures, type FiguredComplaint } from './claims-month-figures';

const at = new Date('2026-03-12T08:00:00Z');
const complaint = (technicianId: string | null, confirmed: boolean | null): FiguredComplaint => ({
  technicianId,
  check: confirmed === null ? null : { by: 'qe', confirmed, findings: 'checked', at },
});

describe("claims' month figures for the report", () => {
  const figures = claimsMonthFigures([
    complaint('tech-wang', true),
    complaint('tech-wang', true),
    complaint('tech-wang', false), // not confirmed: not against the technician
    complaint('tech-li', null), // not checked yet
    complaint('tech-li', true),
    complaint(null, true), // about another employee
  ]);

  it('counts every complaint received, and per technician the confirmed ones', () => {
    expect(figures.complaints).toBe(6);
    expect(figures.complaintsByTechnician).toEqual([
      { technicianId: 'tech-li', complaints: 1 },
      { technicianId: 'tech-wang', complaints: 2 },
    ]);
  });

  it('leaves returns and deliveries null (not reported) while claims does not know them', () => {
    expect([figures.unitsReturned, figures.unitsDelivered]).toEqual([null, null]);
    expect(() => contractsRegistry().assertValid(CLAIMS_MONTH_FIGURES_PUBLISHED_V1, { tenantId: 'acme', month: '2026-03', publishedAt: at.toISOString(), figures })).not.toThrow();
  });

  it('is zero complaints for a quiet month', () => {
    expect(claimsMonthFigures([])).toEqual({ complaints: 0, complaintsByTechnician: [], unitsReturned: null, unitsDelivered: null });
  });
});

describe("claims' v2 month figures: quality claims and late replies (ADR 0043)", () => {
  // March 2025 in UTC for readability; the source passes the tenant's bounds.
  const month = { from: new Date('2025-03-01T00:00:00Z'), to: new Date('2025-04-01T00:00:00Z') };
  const d = (s: string) => new Date(`2025-${s}:00Z`);
  const claim = (id: string, c: { opened: string; urgency?: 'urgent' | 'normal'; closureDue?: string; replyDue: string; replied?: string; closed?: string; explained?: string }): FiguredClaim => ({
    id,
    caseId: `sr-${id}`,
    openedAt: d(c.opened),
    triage: c.urgency ? { urgency: c.urgency, severity: 'major', department: 'manufacturing', responsibility: 'manufacturing', major: false, triagedAt: d(c.opened) } : null,
    deadlines: { firstContactDueAt: d(c.opened), rectificationStatusDueAt: d(c.replyDue), closureDueAt: c.closureDue ? d(c.closureDue) : null },
    rectificationStatusSentAt: c.replied ? d(c.replied) : null,
    closure: c.closed ? { closedAt: d(c.closed), closedBy: 'qe', approvedBy: null, finalReport: null } : null,
    rejection: null,
    lateReplyExplanation: c.explained ? { text: `why ${id}`, by: 'qe-chen', at: d(c.explained) } : null,
  });
  const figures = qualityClaimFigures(
    qualityClaimMonthFigures(
      [
        // urgent, closed in time, replied in time
        claim('a', { opened: '03-02T00:00', urgency: 'urgent', closureDue: '03-04T00:00', replyDue: '03-05T00:00', replied: '03-04T00:00', closed: '03-03T00:00' }),
        // urgent, still open past its closure deadline; its reply never came, explained
        claim('b', { opened: '03-10T00:00', urgency: 'urgent', closureDue: '03-12T00:00', replyDue: '03-13T00:00', explained: '03-20T00:00' }),
        // normal, closed in time; its reply came late, not explained
        claim('c', { opened: '03-20T00:00', urgency: 'normal', closureDue: '03-27T00:00', replyDue: '03-23T00:00', replied: '03-25T00:00', closed: '03-26T00:00' }),
        // not triaged yet: no closure deadline; its reply is due in April
        claim('e', { opened: '03-30T00:00', replyDue: '04-02T00:00' }),
      ],
      month,
      d('04-01T01:00'),
    ),
  );

  it('counts opened, closed and overdue in total and by urgency, every urgency listed', () => {
    expect(figures.qualityClaims).toEqual({
      opened: 4,
      closed: 2,
      overdue: 1,
      byUrgency: [
        { urgency: 'urgent', opened: 2, closed: 1, overdue: 1 },
        { urgency: 'normal', opened: 1, closed: 1, overdue: 0 },
        { urgency: 'untriaged', opened: 1, closed: 0, overdue: 0 },
      ],
    });
  });

  it('counts the late replies due in the month and how many carry the explanation', () => {
    expect(figures.lateReplies).toEqual({ count: 2, explained: 1 });
  });

  it('with the v1 fields, is a valid v2 event', () => {
    const v2 = { ...claimsMonthFigures([]), unitsReturned: 0, unitsDelivered: 1_200, ...figures };
    expect(() => contractsRegistry().assertValid(CLAIMS_MONTH_FIGURES_PUBLISHED_V2, { tenantId: 'acme', month: '2025-03', publishedAt: d('04-01T01:00').toISOString(), figures: v2 })).not.toThrow();
  });
});
