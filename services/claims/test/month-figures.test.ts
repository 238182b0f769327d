import { DateTime } from 'luxon';
import { CLAIMS_MONTH_FIGURES_PUBLISHED_V2, TOPICS, type ClaimsMonthFiguresPublishedV2 } from '@aftercare/contracts';
import { MonthFiguresJob } from '@aftercare/month-figures';
import { closesAt } from '@aftercare/monthly-report/calendar';
import { assertValidEvent } from '@aftercare/testing';
import { QualityClaim } from '../src/quality-claim/domain';
import { QualityClaimRepository } from '../src/quality-claim/infrastructure/quality-claim.repository';
import { startClaims, TENANT, type ClaimsTestApp } from './support/claims-app';
import { confirmComplaint, openComplaint } from './support/complaints';

const ZONE = 'Asia/Shanghai';

/**
 * claims as an owner of month figures, on the real stack: the job after the close publishes the
 * month's complaints and quality claims once (v2, ADR 0043), publishes nothing while they stay the
 * same, and publishes again when a check after the close confirms another complaint (late data →
 * the report's next revision).
 */
describe("claims' month figures (libs/month-figures)", () => {
  let h: ClaimsTestApp;

  beforeAll(async () => {
    // The deadline scanner would climb the stored claim's escalations meanwhile: not during this test.
    h = await startClaims('month-figures', { watch: [TOPICS.monthFigures.name], env: { CLAIM_DEADLINE_SCAN_INTERVAL_MS: String(24 * 3_600_000) } });
  });

  afterAll(async () => {
    await h?.close();
  });

  const figuresOf = (month: string) => (m: { topic: string; key: string | null; headers: Record<string, string> }) =>
    m.topic === h.topic(TOPICS.monthFigures.name) && m.key === `${TENANT}:${month}` && m.headers.ce_type === CLAIMS_MONTH_FIGURES_PUBLISHED_V2;

  it('publishes the closed month once, and again only when late data changes it', async () => {
    const wang = await openComplaint(h, 'tech-wang');
    await openComplaint(h, 'tech-wang');
    const li = await openComplaint(h, 'tech-li');
    await confirmComplaint(h, wang.id);
    // An urgent quality claim opened now whose closure and reply are due within minutes, neither done:
    // overdue in the month, and a late reply without the quality department's explanation.
    const openedAt = new Date(wang.receivedAt);
    const urgent = QualityClaim.open({
      id: `qc-month-${Date.now().toString(36)}`,
      tenantId: TENANT,
      caseId: 'sr-month-figures',
      origin: 'manual',
      originReference: 'sr-month-figures',
      problem: { what: 'Seal leaks after 200 h' },
      deadlines: { firstContactDueAt: new Date(openedAt.getTime() + 60_000), rectificationStatusDueAt: new Date(openedAt.getTime() + 120_000) },
      at: openedAt,
    });
    urgent.triage({ urgency: 'urgent', severity: 'major', department: 'manufacturing', responsibility: 'manufacturing', productionStopped: false, closureDueAt: new Date(openedAt.getTime() + 60_000), at: openedAt });
    await h.app.get(QualityClaimRepository).save(urgent);
    const month = DateTime.fromISO(wang.receivedAt, { zone: ZONE }).toFormat('yyyy-MM');
    const afterTheClose = new Date(closesAt(month, ZONE).getTime() + 3_600_000);
    const job = h.app.get(MonthFiguresJob);

    // the window is the last two closed months: the one before is published too (no complaints in it)
    const before = DateTime.fromFormat(month, 'yyyy-MM').minus({ months: 1 }).toFormat('yyyy-MM');
    expect(await job.scan(afterTheClose)).toMatchObject({ published: [`${TENANT}|${month}`, `${TENANT}|${before}`], republished: [], failed: [] });
    const [first] = await h.probe.waitFor(figuresOf(month));
    const event = assertValidEvent<ClaimsMonthFiguresPublishedV2>(first);
    expect(event.data).toEqual({
      tenantId: TENANT,
      month,
      publishedAt: afterTheClose.toISOString(),
      figures: {
        complaints: 3,
        complaintsByTechnician: [{ technicianId: 'tech-wang', complaints: 1 }],
        unitsReturned: 0,
        unitsDelivered: null,
        qualityClaims: {
          opened: 1,
          closed: 0,
          overdue: 1,
          byUrgency: [
            { urgency: 'urgent', opened: 1, closed: 0, overdue: 1 },
            { urgency: 'normal', opened: 0, closed: 0, overdue: 0 },
            { urgency: 'untriaged', opened: 0, closed: 0, overdue: 0 },
          ],
        },
        lateReplies: { count: 1, explained: 0 },
      },
    });

    // the same figures again: nothing to publish
    expect(await job.scan(new Date(afterTheClose.getTime() + 3_600_000))).toMatchObject({ published: [], republished: [], failed: [] });

    // a check after the close confirms another complaint: the month is published again
    await confirmComplaint(h, li.id);
    const later = new Date(afterTheClose.getTime() + 2 * 3_600_000);
    expect(await job.scan(later)).toMatchObject({ published: [], republished: [`${TENANT}|${month}`], failed: [] });
    // one partition per key keeps the order: had the unchanged pass published, it would be second
    const events = (await h.probe.waitFor(figuresOf(month), { count: 2 })).map((m) => assertValidEvent<ClaimsMonthFiguresPublishedV2>(m).data);
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({
      publishedAt: later.toISOString(),
      figures: { complaints: 3, complaintsByTechnician: [{ technicianId: 'tech-li', complaints: 1 }, { technicianId: 'tech-wang', complaints: 1 }] },
    });
  });
});
