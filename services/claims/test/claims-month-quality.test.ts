import { TenantRegistry } from '@aftercare/tenancy';
import { QualityClaim } from '../src/quality-claim/domain';
import { QualityClaimRepository } from '../src/quality-claim/infrastructure/quality-claim.repository';
import { startClaims, type ClaimsTestApp } from './support/claims-app';

jest.setTimeout(120_000);

const QE = { roles: ['quality_engineer' as const], subject: 'qe-chen' };
const AGENT = { roles: ['agent' as const], subject: 'agent-li' };
const hours = (from: Date, h: number) => new Date(from.getTime() + h * 3_600_000);

/**
 * The month's quality claims by urgency and the late replies with the quality department's
 * explanation, over HTTP against the real store. Claims of a past month are stored through the
 * repository (the API opens claims only "now"); everything else goes through the API.
 */
describe("the month's quality claims and late replies", () => {
  let h: ClaimsTestApp;

  beforeAll(async () => {
    // The deadline scanner would climb these past claims' escalations while the test writes them: not during this test.
    h = await startClaims('month-quality', { env: { CLAIM_DEADLINE_SCAN_INTERVAL_MS: String(24 * 3_600_000) } });
  }, 120_000);
  afterAll(() => h?.close());

  async function stored(id: string, openedAt: Date, steps: (claim: QualityClaim) => void = () => undefined, tenantId = 'acme'): Promise<QualityClaim> {
    const claim = QualityClaim.open({
      id,
      tenantId,
      caseId: `sr-${id}`,
      origin: 'manual',
      originReference: `sr-${id}`,
      problem: { what: 'Seal leaks after 200 h' },
      deadlines: { firstContactDueAt: hours(openedAt, 48), rectificationStatusDueAt: hours(openedAt, 72) },
      at: openedAt,
    });
    steps(claim);
    await h.app.get(QualityClaimRepository).save(claim);
    return claim;
  }

  async function call(method: string, url: string, who: { roles: ('quality_engineer' | 'agent')[]; subject: string; tenant?: string }, body?: unknown) {
    const response = await h.request(method, url, { ...who, body });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('counts May 2024 by urgency and lists its late replies; the quality department explains one', async () => {
    const suffix = Date.now().toString(36);
    // Shanghai time (acme's zone, the deployment's default REPORTING_TIME_ZONE): May 2024 is [2024-04-30T16:00Z, 2024-05-31T16:00Z).
    const urgentLate = await stored(`urgent-${suffix}`, new Date('2024-05-06T02:00:00Z'), (c) =>
      c.triage({ urgency: 'urgent', severity: 'major', department: 'manufacturing', responsibility: 'manufacturing', productionStopped: false, closureDueAt: new Date('2024-05-08T02:00:00Z'), at: new Date('2024-05-06T03:00:00Z') }),
    );
    await stored(`normal-${suffix}`, new Date('2024-05-20T02:00:00Z'), (c) => {
      c.triage({ urgency: 'normal', severity: 'minor', department: 'design', responsibility: 'design', productionStopped: false, closureDueAt: new Date('2024-05-27T02:00:00Z'), at: new Date('2024-05-20T03:00:00Z') });
      c.recordCustomerContact({ kind: 'rectification_status', at: new Date('2024-05-22T02:00:00Z') });
    });
    await stored(`untriaged-${suffix}`, new Date('2024-05-26T02:00:00Z'), (c) => c.recordCustomerContact({ kind: 'rectification_status', at: new Date('2024-06-03T02:00:00Z') }));
    await stored(`april-${suffix}`, new Date('2024-04-10T02:00:00Z'));
    const recent = await stored(`recent-${suffix}`, new Date());

    const url = (id: string) => `/quality-claims/${id}/late-reply-explanation`;
    expect((await call('POST', url(urgentLate.id), AGENT, { explanation: 'x' })).status).toBe(403);
    const notLate = await call('POST', url(recent.id), QE, { explanation: 'Too early' });
    expect([notLate.status, notLate.body.code]).toEqual([422, 'REPLY_NOT_LATE']);
    const blank = await call('POST', url(urgentLate.id), QE, { explanation: ' ' });
    expect([blank.status, blank.body.code]).toEqual([422, 'QUALITY_CLAIM_INVALID']);
    expect((await call('POST', url(urgentLate.id), QE, {})).status).toBe(400);
    const explained = await call('POST', url(urgentLate.id), QE, { explanation: "Waiting for the supplier's lab report" });
    expect(explained.status).toBe(200);
    expect(explained.body.lateReplyExplanation).toMatchObject({ text: "Waiting for the supplier's lab report", by: 'qe-chen' });

    const figures = await call('GET', '/claims-month-figures/2024-05', QE);
    expect(figures.status).toBe(200);
    expect(figures.body.qualityClaims).toEqual({
      opened: 3,
      closed: 0,
      overdue: 2,
      byUrgency: [
        { urgency: 'urgent', opened: 1, closed: 0, overdue: 1 },
        { urgency: 'normal', opened: 1, closed: 0, overdue: 1 },
        { urgency: 'untriaged', opened: 1, closed: 0, overdue: 0 },
      ],
    });
    const late = figures.body.lateReplies as { explanationDueAt: string; count: number; explained: number; unexplained: number; items: Array<Record<string, unknown>> };
    expect(late).toMatchObject({ explanationDueAt: '2024-05-31T16:00:00.000Z', count: 2, explained: 1, unexplained: 1 });
    expect(late.items.map((i) => [i.claimId, i.urgency, i.repliedAt])).toEqual([
      [urgentLate.id, 'urgent', null],
      [`untriaged-${suffix}`, 'untriaged', '2024-06-03T02:00:00.000Z'],
    ]);
    // Explained today, long after May's end: recorded, but not on time.
    expect(late.items[0].explanation).toMatchObject({ by: 'qe-chen', onTime: false });
    expect(late.items[1].explanation).toBeNull();
  });

  it("counts the months of a tenant in another zone by that tenant's registered zone, as its published figures do", async () => {
    const suffix = Date.now().toString(36);
    const tenant = `ny-${suffix}`;
    await h.app.get(TenantRegistry).register({ id: tenant, name: 'New York Pumps', timeZone: 'America/New_York' }, 'test-operator');
    // 2024-05-31T20:00Z is 16:00 on 31 May in New York, already 1 June in Shanghai.
    await stored(`ny-late-may-${suffix}`, new Date('2024-05-31T20:00:00Z'), undefined, tenant);
    const ny = { ...QE, tenant };

    const may = await call('GET', '/claims-month-figures/2024-05', ny);
    expect([may.status, may.body.timeZone]).toEqual([200, 'America/New_York']);
    expect(may.body.qualityClaims).toMatchObject({ opened: 1 });
    const june = await call('GET', '/claims-month-figures/2024-06', ny);
    expect(june.body.qualityClaims).toMatchObject({ opened: 0 });
    // The claim is the New York tenant's only: acme's May is as the test above left it.
    expect((await call('GET', '/claims-month-figures/2024-05', QE)).body.timeZone).toBe('Asia/Shanghai');
  });
});
