import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { mintDevToken } from '@aftercare/auth';
import {
  CLAIMS_MONTH_FIGURES_PUBLISHED_V2,
  DISPATCH_MONTH_FIGURES_PUBLISHED_V2,
  SURVEY_MONTH_FIGURES_PUBLISHED_V1,
  MONTH_FIGURES_TYPES_V1,
  TOPICS,
  deadLetterTopicOf,
  consumerGroup,
  toKafkaHeaders,
  type MonthFiguresOwnerV1,
} from '@aftercare/contracts';
import { FAILURE_HEADERS } from '@aftercare/messaging';
import { closesAt } from '@aftercare/monthly-report';
import { eventually, pdfText, until } from '@aftercare/testing';
import { monthOf } from '../src/survey/domain';
import { MonthFiguresStore } from '../src/monthly-report/infrastructure/month-figures.store';
import { ReportScheduler } from '../src/monthly-report/application/report-scheduler';
import { example, startSurvey, tokenOf, type SurveyTestApp } from './support/survey-app';

const DLT = deadLetterTopicOf(consumerGroup('survey', 'monthly-report'));
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MONTH = '2026-03';
/** The seeded month: each owner's figures are its contract example (March 2026). */
const SEEDED_FIGURES = Object.fromEntries(
  Object.entries(MONTH_FIGURES_TYPES_V1).map(([owner, type]) => [owner, example(type).figures as Record<string, unknown>]),
) as Record<MonthFiguresOwnerV1, Record<string, unknown>>;
/** 1 April 2026 13:00 in Shanghai: the month closed at 00:00, the 12 h grace has passed, due by the end of the 4th. */
const AFTER_THE_CLOSE = new Date('2026-04-01T05:00:00Z');

/**
 * Every line of the seeded month, computed by hand (March has 31 days; money in fen):
 * [key, value, numerator, denominator]. Claims' lines are null until claims reports.
 */
const EXPECTED_LINES: Array<[string, number | null, number | null, number | null]> = [
  ['cost.installation_commissioning.person_times', 62, null, null],
  ['cost.installation_commissioning.person_times_per_day', 2, 62, 31],
  ['cost.installation_commissioning.cost', 1_860_000, null, null],
  ['cost.field_service.person_times', 155, null, null],
  ['cost.field_service.person_times_per_day', 5, 155, 31],
  ['cost.field_service.cost', 3_100_000, null, null],
  ['cost.material', 1_284_050, null, null],
  ['cost.transport', 91_000, null, null],
  ['cost.contracted_installation_guidance', 240_000, null, null],
  ['cost.total_excluding_guidance', 6_095_050, null, null], // 1 860 000 + 3 100 000 + 1 284 050 + 91 000 − 240 000
  ['rate.resolution', 95.8, 182, 190],
  ['rate.reply_on_time.city', 98.3, 118, 120],
  ['rate.reply_on_time.suburb', 87.1, 61, 70],
  ['rate.arrival_on_time.city', 97, 97, 100],
  ['rate.arrival_on_time.suburb', 80, 40, 50],
  ['rate.complaint', 1.5, 6, 400],
  ['rate.return', 0.8, 9, 1200],
  ['rate.repeat_repair', 5, 7, 140],
  ['satisfaction.overall', 88.5, 177, 200],
  ['satisfaction.attitude', 94, 47, 50],
  ['satisfaction.technical_skill', 90, 45, 50],
  ['satisfaction.arrival_time', 82, 41, 50],
  ['satisfaction.commitments_kept', 88, 44, 50],
];
const CLAIMS_LINES = ['rate.complaint', 'rate.return'];
/**
 * The lines dispatch's and claims' v2 figures add (ADR 0043), from the v2 examples; "not reported"
 * (null) while the month's figures are v1.
 */
const V2_LINES: Array<[string, number | null, number | null, number | null]> = [
  ['rate.technician_arranged', 95.6, 131, 137],
  ['quality_claims.opened', 12, null, null],
  ['quality_claims.closed', 9, null, null],
  ['quality_claims.overdue', 3, null, null],
  ['quality_claims.urgent.opened', 4, null, null],
  ['quality_claims.urgent.closed', 4, null, null],
  ['quality_claims.urgent.overdue', 1, null, null],
  ['quality_claims.normal.opened', 7, null, null],
  ['quality_claims.normal.closed', 5, null, null],
  ['quality_claims.normal.overdue', 2, null, null],
  ['quality_claims.untriaged.opened', 1, null, null],
  ['quality_claims.untriaged.closed', 0, null, null],
  ['quality_claims.untriaged.overdue', 0, null, null],
  ['quality_claims.late_replies', 5, null, null],
  ['quality_claims.late_replies_explained', 80, 4, 5],
];

interface LineBody {
  key: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  formula: string | null;
}
interface ReportBody {
  revision: number;
  late: boolean;
  submittedLate: boolean;
  missingSources: string[];
  lines: LineBody[];
  technicians: Array<Record<string, unknown>>;
  revisions: Array<{ number: number; by: string; reason: string; late: boolean; summary: string; changes: Array<{ key: string; from: unknown; to: unknown }> }>;
}

describe('the monthly report (survey hosts it, owners publish month figures)', () => {
  let t: SurveyTestApp;
  let tenant: string;
  let published = Date.parse('2026-04-01T00:05:00Z');

  const publish = async (owner: MonthFiguresOwnerV1, figures: unknown, options: { tenantId?: string; ceTenant?: string; id?: string; publishedAt?: string; type?: string } = {}) => {
    const tenantId = options.tenantId ?? tenant;
    const data = { tenantId, month: MONTH, publishedAt: options.publishedAt ?? new Date((published += 1000)).toISOString(), figures };
    const headers = toKafkaHeaders({
      id: options.id ?? `${owner}-${published}`,
      type: options.type ?? MONTH_FIGURES_TYPES_V1[owner],
      source: `/aftercare/${owner}`,
      time: new Date().toISOString(),
      subject: `${tenantId}:${MONTH}`,
      tenantId: options.ceTenant ?? tenantId,
      data,
    });
    await t.probe.send(t.topic(TOPICS.monthFigures.name), { key: `${tenantId}:${MONTH}`, value: JSON.stringify(data), headers });
    return { data, headers };
  };
  const stored = () => t.app.get(MonthFiguresStore).ofMonth(tenant, MONTH);
  const get = (reportPath: string) => t.request('GET', `/api/v1/monthly-reports/${reportPath}`, { tenant });
  const report = async (reportPath = MONTH): Promise<ReportBody> => {
    const response = await get(reportPath);
    expect(response.status).toBe(200);
    return (await response.json()) as ReportBody;
  };
  /** The same resource asked for as a file (`Accept`), as a manager of the tenant. */
  const download = async (reportPath: string, accept: string): Promise<Buffer> => {
    const token = await mintDevToken({ subject: 'manager-chen', tenantId: tenant, roles: ['manager'], dir: path.join(os.tmpdir(), 'aftercare-test-keys') });
    const response = await fetch(`${t.baseUrl}/api/v1/monthly-reports/${reportPath}`, { headers: { authorization: `Bearer ${token}`, accept } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain(accept);
    return Buffer.from(await response.arrayBuffer());
  };

  beforeAll(async () => {
    t = await startSurvey('monthly-report', { watch: [DLT, TOPICS.monthFigures.name], env: { REPORT_SCAN_INTERVAL_MS: '0' } });
    tenant = `acme-report-${Date.now().toString(36)}`;
  });
  afterAll(() => t?.close());

  it('is generated after the close from four owners, then revised by the late one; every line as computed by hand', async () => {
    for (const owner of ['intake', 'dispatch', 'parts', 'survey'] as const) await publish(owner, SEEDED_FIGURES[owner]);
    await until(async () => Object.keys(await stored()).length === 4, 30_000, 'the four owners’ figures were not stored');

    const scheduler = t.app.get(ReportScheduler);
    expect((await scheduler.scan(new Date('2026-03-31T20:00:00Z'))).generated).toEqual([]); // closed 4 h ago: within the grace
    // Every registered tenant gets its report (the seeded `acme` too, with nothing reported).
    expect((await scheduler.scan(AFTER_THE_CLOSE)).generated).toContain(`${tenant}|${MONTH}`);
    expect((await scheduler.scan(AFTER_THE_CLOSE)).generated).toEqual([]); // once

    const first = await report();
    expect(first).toMatchObject({ revision: 1, late: false, submittedLate: false, missingSources: ['claims'] });
    expect(first.revisions[0]).toMatchObject({ number: 1, by: 'system:monthly-report', reason: 'month_closed' });
    for (const [key, value, numerator, denominator] of EXPECTED_LINES) {
      const line = first.lines.find((l) => l.key === key)!;
      const expected = CLAIMS_LINES.includes(key) ? [null, null, null] : [value, numerator, denominator];
      expect([key, line.value, line.numerator, line.denominator]).toEqual([key, ...expected]);
      if (line.numerator !== null) expect(line.formula).toContain('÷');
    }
    // dispatch published v1: its v2 line is "not reported" (claims has not reported at all)
    for (const [key] of V2_LINES) expect(first.lines.find((l) => l.key === key)).toMatchObject({ value: null, numerator: null, denominator: null });
    expect(first.lines).toHaveLength(EXPECTED_LINES.length + V2_LINES.length);

    // Claims reports late (now, months after the 4th): revision 2, flagged late, with its audit line.
    await publish('claims', SEEDED_FIGURES.claims);
    await until(async () => (await report()).revision === 2, 30_000, 'no revision 2 after claims reported');
    const second = await report();
    expect(second).toMatchObject({ revision: 2, late: true, submittedLate: false, missingSources: [] });
    expect(second.revisions[1]).toMatchObject({ number: 2, by: 'source:claims', reason: 'late_data', late: true, summary: '5 values changed since revision 1; reported since: claims' });
    expect(second.revisions[1].changes).toContainEqual({ key: 'rate.return', from: null, to: '0.8 (9/1200)' });
    for (const [key, value, numerator, denominator] of EXPECTED_LINES) {
      const line = second.lines.find((l) => l.key === key)!;
      expect([key, line.value, line.numerator, line.denominator]).toEqual([key, value, numerator, denominator]);
    }
    // claims published v1: its v2 lines stay "not reported", as dispatch's
    for (const [key] of V2_LINES) expect(second.lines.find((l) => l.key === key)).toMatchObject({ value: null, numerator: null, denominator: null });
    expect(second.technicians).toEqual([
      {
        technicianId: 'tech-li', jobs: 20, reworks: 1, repeatRepairs: 1, complaints: 0,
        onTimeArrival: expect.objectContaining({ numerator: 19, denominator: 20, percent: 95 }),
        firstTimeFix: expect.objectContaining({ numerator: 18, denominator: 20, percent: 90 }),
        satisfaction: expect.objectContaining({ numerator: 78, denominator: 80, percent: 97.5 }),
      },
      {
        technicianId: 'tech-wang', jobs: 16, reworks: 0, repeatRepairs: 0, complaints: 2,
        onTimeArrival: expect.objectContaining({ numerator: 12, denominator: 16, percent: 75 }),
        firstTimeFix: expect.objectContaining({ numerator: 15, denominator: 16, percent: 93.8 }),
        satisfaction: expect.objectContaining({ numerator: 50, denominator: 64, percent: 78.1 }),
      },
      {
        technicianId: 'tech-zhao', jobs: 0, reworks: 0, repeatRepairs: 0, complaints: 0,
        onTimeArrival: expect.objectContaining({ numerator: 0, denominator: 0, percent: null }),
        firstTimeFix: expect.objectContaining({ numerator: 0, denominator: 0, percent: null }),
        satisfaction: expect.objectContaining({ numerator: 3, denominator: 4, percent: 75 }),
      },
    ]);

    // Revision 1 stays readable as submitted.
    const old = await report(`${MONTH}/revisions/1`);
    expect(old).toMatchObject({ revision: 1, late: false, missingSources: ['claims'] });
    expect(old.revisions).toHaveLength(1);
  });

  it('revises nothing for a redelivered publication; a changed figure is the next revision', async () => {
    // The same publication again (a producer's retry): same figures, same instant.
    await publish('claims', SEEDED_FIGURES.claims, { publishedAt: new Date(published).toISOString() });
    const parts = { ...SEEDED_FIGURES.parts, transportCost: 95_000 };
    await publish('parts', parts);
    await until(async () => (await report()).revision === 3, 30_000, 'no revision 3 after parts corrected its figures');
    const third = await report();
    expect(third.revisions.map((r) => r.by)).toEqual(['system:monthly-report', 'source:claims', 'source:parts']);
    expect(third.revisions[2].changes).toEqual([
      { key: 'cost.transport', from: 91_000, to: 95_000 },
      { key: 'cost.total_excluding_guidance', from: 6_095_050, to: 6_099_050 },
    ]);
  });

  it('answers the PDF with charts and the XLSX workbook, both holding the figures', async () => {
    const text = pdfText(await download(MONTH, 'application/pdf')).replace(/\s+/g, ' ');
    for (const printed of ['95.8 % (182 / 190)', '0.8 % (9 / 1200)', '88.5 % (177 / 200)', 'CNY 60,990.50', '93.8 % (15 / 16)', 'Costs by category', 'Satisfaction by criterion, monthly trend', 'LATE'])
      expect(text).toContain(printed);
    const oldText = pdfText(await download(`${MONTH}/revisions/1`, 'application/pdf')).replace(/\s+/g, ' ');
    expect(oldText).toContain('Not reported yet: claims');

    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await download(MONTH, XLSX)) as unknown as ExcelJS.Buffer);
    const rows: ExcelJS.CellValue[][] = [];
    book.getWorksheet('Report')!.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1)));
    const resolution = rows.find((r) => r[2] === 'rate.resolution')!;
    expect(resolution[3]).toMatchObject({ result: 95.8 });
    expect([resolution[6], resolution[7]]).toEqual([182, 190]);
    expect(rows.find((r) => r[2] === 'cost.total_excluding_guidance')![3]).toBe(60_990.5);
    expect(book.getWorksheet('Revisions')!.rowCount).toBeGreaterThan(3);
  });

  it('reads v2 of dispatch and claims: the next revisions fill the v2 lines, in the JSON, the PDF and the workbook', async () => {
    const before = (await report()).revision;
    await publish('dispatch', example(DISPATCH_MONTH_FIGURES_PUBLISHED_V2).figures, { type: DISPATCH_MONTH_FIGURES_PUBLISHED_V2 });
    await publish('claims', example(CLAIMS_MONTH_FIGURES_PUBLISHED_V2).figures, { type: CLAIMS_MONTH_FIGURES_PUBLISHED_V2 });
    await until(
      async () => {
        const lines = (await report()).lines;
        return lines.find((l) => l.key === 'rate.technician_arranged')?.numerator === 131 && lines.find((l) => l.key === 'quality_claims.late_replies_explained')?.numerator === 4;
      },
      30_000,
      'the v2 figures did not reach the report',
    );
    const upgraded = await report();
    expect(upgraded.revision).toBe(before + 2);
    for (const [key, value, numerator, denominator] of V2_LINES) {
      const line = upgraded.lines.find((l) => l.key === key)!;
      expect([key, line.value, line.numerator, line.denominator]).toEqual([key, value, numerator, denominator]);
      if (numerator !== null) expect(line.formula).toContain('÷');
    }
    // v2 repeats v1's fields unchanged: only the new lines changed
    const changed = upgraded.revisions.slice(before).flatMap((r) => r.changes.map((c) => c.key));
    expect(changed.sort()).toEqual(V2_LINES.map(([key]) => key).sort());
    expect(upgraded.revisions.slice(before).map((r) => r.by).sort()).toEqual(['source:claims', 'source:dispatch']);

    const text = pdfText(await download(MONTH, 'application/pdf')).replace(/\s+/g, ' ');
    for (const printed of ['Technician arranged within 24 h 95.6 % (131 / 137)', 'Quality claims overdue in the month (normal) 2', 'Late replies explained by the quality department 80.0 % (4 / 5)'])
      expect(text).toContain(printed);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await download(MONTH, XLSX)) as unknown as ExcelJS.Buffer);
    const rows: ExcelJS.CellValue[][] = [];
    book.getWorksheet('Report')!.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1)));
    const arranged = rows.find((r) => r[2] === 'rate.technician_arranged')!;
    expect([arranged[3], arranged[6], arranged[7]]).toEqual([expect.objectContaining({ result: 95.6 }), 131, 137]);
    expect(rows.find((r) => r[2] === 'quality_claims.urgent.overdue')![3]).toBe(1);
  });

  it('answers 400 for a month that is not YYYY-MM and 404 for a month or revision without a report', async () => {
    expect((await get('2026-3')).status).toBe(400);
    expect((await get(`${MONTH}/revisions/0`)).status).toBe(400);
    const none = await get('2025-01');
    expect(none.status).toBe(404);
    expect(await none.json()).toMatchObject({ code: 'MONTHLY_REPORT_NOT_FOUND' });
    expect((await get(`${MONTH}/revisions/9`)).status).toBe(404);
  });

  it('dead-letters figures whose tenant is not the message tenant, with the reason', async () => {
    const { headers } = await publish('parts', SEEDED_FIGURES.parts, { ceTenant: tenant, tenantId: 'someone-else' });
    const dead = await eventually(() => {
      const found = t.probe.on(t.topic(DLT)).find((m) => m.headers?.ce_id === headers.ce_id);
      if (!found) throw new Error('not dead-lettered yet');
      return found;
    }, { timeoutMs: 30_000 });
    expect(dead.headers![FAILURE_HEADERS.errorCode]).toBe('TENANT_MISMATCH');
  });

  it("publishes survey's own figures once at the close, and they reach that month's report", async () => {
    const owner = `acme-own-${Date.now().toString(36)}`;
    const caseId = `sr-own-${Date.now().toString(36)}`;
    await t.registerCase(caseId, { tenantId: owner });
    await t.verifyWorkOrder(caseId, `wo-${caseId}`, { tenantId: owner, technicianId: 'tech-li-na' });
    const token = tokenOf(await t.surveyLinkOf(caseId));
    const ratings = ['attitude', 'technical_skill', 'arrival_time', 'commitments_kept'].map((criterion) => ({ criterion, level: 4 }));
    const answered = await fetch(`${t.baseUrl}/api/v1/survey-answers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, ratings }) });
    expect(answered.status).toBe(201);

    // The month the answer counts in (the tenant's time zone), 13 h after it closes.
    const month = monthOf(new Date(), 'Asia/Shanghai');
    const afterClose = new Date(closesAt(month, 'Asia/Shanghai').getTime() + 13 * 3_600_000);
    const scheduler = t.app.get(ReportScheduler);
    const pass = await scheduler.scan(afterClose);
    expect(pass.published).toContain(`${owner}|${month}`);
    expect(pass.generated).toContain(`${owner}|${month}`);
    expect((await scheduler.scan(afterClose)).published).not.toContain(`${owner}|${month}`);

    const events = () => t.probe.on(t.topic(TOPICS.monthFigures.name)).filter((m) => m.headers?.ce_type === SURVEY_MONTH_FIGURES_PUBLISHED_V1 && m.headers?.ce_tenantid === owner);
    await until(() => events().length === 1, 30_000, "survey's month figures were not published");
    expect(events()[0].key).toBe(`${owner}:${month}`);
    expect(JSON.parse(events()[0].value ?? '{}')).toMatchObject({
      tenantId: owner,
      month,
      figures: { byTechnician: [{ technicianId: 'tech-li-na', satisfied: 4, rated: 4 }] },
    });

    const latest = async () => (await (await t.request('GET', `/api/v1/monthly-reports/${month}`, { tenant: owner })).json()) as ReportBody;
    await until(async () => (await latest()).lines.find((l) => l.key === 'satisfaction.overall')?.numerator === 4, 30_000, "survey's figures did not reach the report");
    const body = await latest();
    expect(body.lines.find((l) => l.key === 'satisfaction.arrival_time')).toMatchObject({ value: 100, numerator: 1, denominator: 1 });
    expect(body.missingSources).toEqual(['intake', 'dispatch', 'parts', 'claims']);
    expect(body.technicians).toEqual([expect.objectContaining({ technicianId: 'tech-li-na', satisfaction: expect.objectContaining({ numerator: 4, denominator: 4, percent: 100 }) })]);
  });
});
