import { composeMonthlyReport } from './compose';
import { closesAt } from './month';
import { firstRevision, latestRevision, reportStatus, reviseReport, revisionNumbered } from './monthly-report';
import { SEEDED_MONTH, SEEDED_MONTH_V1 } from './testing/seeded-month';

const SH = 'Asia/Shanghai';
const ON_TIME = new Date('2026-04-01T01:00:00Z'); // 1 April 09:00 in Shanghai
const LATER = new Date('2026-04-10T02:00:00Z');
const withoutClaims = composeMonthlyReport({ ...SEEDED_MONTH, figures: { ...SEEDED_MONTH.figures, claims: undefined } });
const complete = composeMonthlyReport(SEEDED_MONTH);

describe('report revisions', () => {
  it('generates revision 1 after the close with an audit line naming what was not reported', () => {
    const report = firstRevision(withoutClaims, ON_TIME, 'scheduler');
    expect(report.revisions).toHaveLength(1);
    expect(report.revisions[0]).toMatchObject({ number: 1, late: false, audit: { by: 'scheduler', reason: 'month_closed', changes: [] } });
    expect(report.revisions[0].audit.summary).toContain('not reported: claims');
    expect(report.dueAt.toISOString()).toBe('2026-04-04T16:00:00.000Z');
    expect(report.retainUntil.toISOString()).toBe('2031-03-31T16:00:00.000Z');
  });

  it('flags a first revision made after the 4th as late', () => {
    expect(firstRevision(complete, LATER, 'scheduler').revisions[0].late).toBe(true);
  });

  it('makes late data a new revision that says who and what changed; the first stays readable', () => {
    // claims' v1 figures, so the changes are the v1 lines (v2 adds its own, below)
    const withoutClaimsV1 = composeMonthlyReport({ ...SEEDED_MONTH_V1, figures: { ...SEEDED_MONTH_V1.figures, claims: undefined } });
    const completeV1 = composeMonthlyReport(SEEDED_MONTH_V1);
    const first = firstRevision(withoutClaimsV1, ON_TIME, 'scheduler');
    const { report, revision } = reviseReport(first, completeV1, LATER, 'source:claims');
    expect(revision).toMatchObject({ number: 2, late: true, audit: { by: 'source:claims', reason: 'late_data' } });
    expect(revision!.audit.summary).toBe('5 values changed since revision 1; reported since: claims');
    expect(revision!.audit.changes).toEqual([
      { key: 'rate.complaint', from: null, to: '1.5 (6/400)' },
      { key: 'rate.return', from: null, to: '0.8 (9/1200)' },
      { key: 'technician.tech-li.complaints', from: null, to: 0 },
      { key: 'technician.tech-wang.complaints', from: null, to: 2 },
      { key: 'technician.tech-zhao.complaints', from: null, to: 0 },
    ]);
    expect(revisionNumbered(report, 1)!.content).toBe(withoutClaimsV1);
    expect(latestRevision(report).content).toBe(completeV1);
  });

  it('revises a month published as v1 when dispatch and claims publish it again as v2: only the new lines change', () => {
    const first = firstRevision(composeMonthlyReport(SEEDED_MONTH_V1), ON_TIME, 'scheduler');
    const { revision } = reviseReport(first, complete, LATER, 'source:claims');
    expect(revision!.audit.summary).toBe('15 values changed since revision 1');
    expect(revision!.audit.changes).toContainEqual({ key: 'rate.technician_arranged', from: null, to: '95.6 (131/137)' });
    expect(revision!.audit.changes).toContainEqual({ key: 'quality_claims.urgent.overdue', from: null, to: 1 });
    expect(revision!.audit.changes).toContainEqual({ key: 'quality_claims.late_replies_explained', from: null, to: '80 (4/5)' });
    expect(revision!.audit.changes.every((c) => c.from === null && (c.key === 'rate.technician_arranged' || c.key.startsWith('quality_claims.')))).toBe(true);
  });

  it('records a changed denominator even when the rounded percent stays', () => {
    const first = firstRevision(complete, ON_TIME, 'scheduler');
    const corrected = composeMonthlyReport({
      ...SEEDED_MONTH,
      figures: { ...SEEDED_MONTH.figures, intake: { ...SEEDED_MONTH.figures.intake!, resolved: 364, dueForResolution: 380 } },
    });
    const { revision } = reviseReport(first, corrected, LATER, 'manager-chen', 'correction');
    expect(revision!.audit.changes).toEqual([{ key: 'rate.resolution', from: '95.8 (182/190)', to: '95.8 (364/380)' }]);
  });

  it('adds nothing when the same figures arrive again', () => {
    const first = firstRevision(complete, ON_TIME, 'scheduler');
    const again = reviseReport(first, composeMonthlyReport(SEEDED_MONTH), LATER, 'source:parts');
    expect(again.revision).toBeNull();
    expect(again.report).toBe(first);
  });

  it('refuses a revision of another month', () => {
    const first = firstRevision(complete, ON_TIME, 'scheduler');
    expect(() => reviseReport(first, { ...complete, month: '2026-04' }, LATER, 'x')).toThrow(RangeError);
  });

  it('tells open, awaiting, overdue, submitted and submitted late apart', () => {
    const closes = closesAt('2026-03', SH);
    expect(reportStatus(null, '2026-03', SH, new Date('2026-03-20T00:00:00Z'), closes)).toBe('open');
    expect(reportStatus(null, '2026-03', SH, ON_TIME, closes)).toBe('awaiting');
    expect(reportStatus(null, '2026-03', SH, LATER, closes)).toBe('overdue');
    expect(reportStatus(firstRevision(complete, ON_TIME, 'scheduler'), '2026-03', SH, LATER, closes)).toBe('submitted');
    expect(reportStatus(firstRevision(complete, LATER, 'scheduler'), '2026-03', SH, LATER, closes)).toBe('submitted_late');
  });
});
