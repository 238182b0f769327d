import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { mintDevToken } from '@aftercare/auth';
import { MonthFiguresJob } from '@aftercare/month-figures';
import { closesAt } from '@aftercare/monthly-report/calendar';
import { isolate, pdfText, until } from '@aftercare/testing';
import * as os from 'node:os';
import * as path from 'node:path';
// In process on purpose: the owners' job and the report's job run at a chosen instant after the
// close (a process cannot be told the time), so this test starts the two services' test apps.
/* eslint-disable @nx/enforce-module-boundaries */
import { startClaims, type ClaimsTestApp } from '../services/claims/test/support/claims-app';
import { confirmComplaint, openComplaint } from '../services/claims/test/support/complaints';
import { startSurvey, type SurveyTestApp } from '../services/survey/test/support/survey-app';
import { ReportScheduler } from '../services/survey/src/monthly-report/application/report-scheduler';
/* eslint-enable @nx/enforce-module-boundaries */

const TENANT = 'acme';
const ZONE = 'Asia/Shanghai';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface ReportBody {
  revision: number;
  missingSources: string[];
  lines: Array<{ key: string; value: number | null; numerator: number | null; denominator: number | null; formula: string | null }>;
  technicians: Array<{ technicianId: string; complaints: number | null; jobs: number | null }>;
}

/**
 * A real owner publishes and the report composes it: claims and survey side by side on one topic
 * prefix (each its own database). The month's complaints, counted by claims' publisher after the
 * close, reach survey's report, its PDF and its workbook; the owners not running are "not reported".
 */
describe('month figures published by claims reach the monthly report', () => {
  let claims: ClaimsTestApp;
  let survey: SurveyTestApp;

  beforeAll(async () => {
    const { topicPrefix } = isolate('e2e-month-figures');
    survey = await startSurvey('month-figures-report', { env: { KAFKA_TOPIC_PREFIX: topicPrefix, REPORT_SCAN_INTERVAL_MS: '0', REPORT_GENERATE_AFTER_HOURS: '0' } });
    claims = await startClaims('month-figures-report', { env: { KAFKA_TOPIC_PREFIX: topicPrefix } });
  });

  afterAll(async () => {
    await claims?.close();
    await survey?.close();
  });

  const download = async (reportPath: string, accept: string): Promise<Buffer> => {
    const token = await mintDevToken({ subject: 'manager-chen', tenantId: TENANT, roles: ['manager'], dir: path.join(os.tmpdir(), 'aftercare-test-keys') });
    const response = await fetch(`${survey.baseUrl}/api/v1/monthly-reports/${reportPath}`, { headers: { authorization: `Bearer ${token}`, accept } });
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  };

  it("prints claims' complaints and the technicians' complaint column; the others not reported", async () => {
    const wang = await openComplaint(claims, 'tech-wang');
    await openComplaint(claims, 'tech-wang');
    await openComplaint(claims, 'tech-li'); // not checked: not against tech-li
    await confirmComplaint(claims, wang.id);
    const month = DateTime.fromISO(wang.receivedAt, { zone: ZONE }).toFormat('yyyy-MM');
    const afterTheClose = new Date(closesAt(month, ZONE).getTime() + 3_600_000);

    expect((await claims.app.get(MonthFiguresJob).scan(afterTheClose)).published).toContain(`${TENANT}|${month}`);
    expect((await survey.app.get(ReportScheduler).scan(afterTheClose)).generated).toContain(`${TENANT}|${month}`);

    const report = async (): Promise<ReportBody> => {
      const response = await survey.request('GET', `/api/v1/monthly-reports/${month}`, { tenant: TENANT });
      expect(response.status).toBe(200);
      return (await response.json()) as ReportBody;
    };
    // claims' figures and survey's own arrive through the topic: the report is revised until both are in
    await until(async () => (await report()).missingSources.join() === 'intake,dispatch,parts', 60_000, 'claims and survey did not both reach the report');
    const composed = await report();
    const line = (key: string) => composed.lines.find((l) => l.key === key)!;
    expect(line('rate.return')).toMatchObject({ value: null, numerator: null, denominator: null }); // claims knows no returns or deliveries
    expect(line('rate.complaint')).toMatchObject({ value: null }); // its denominator is intake's, not running here
    expect(line('cost.material').value).toBeNull();
    expect(composed.technicians).toEqual([
      expect.objectContaining({ technicianId: 'tech-wang', complaints: 1, jobs: null }),
    ]);

    const text = pdfText(await download(month, 'application/pdf')).replace(/\s+/g, ' ');
    expect(text).toContain('Not reported yet: intake, dispatch, parts');
    expect(text).toContain('tech-wang');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await download(month, XLSX)) as unknown as ExcelJS.Buffer);
    const rows: ExcelJS.CellValue[][] = [];
    book.getWorksheet('Report')!.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1)));
    const returnRate = rows.find((r) => r[2] === 'rate.return')!;
    expect([returnRate[6] ?? null, returnRate[7] ?? null]).toEqual([null, null]);
  });
});
