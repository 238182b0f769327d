import ExcelJS from 'exceljs';
import { composeMonthlyReport } from '../domain/compose';
import { firstRevision, reviseReport } from '../domain/monthly-report';
import { SEEDED_MONTH, SEEDED_MONTH_V1 } from '../domain/testing/seeded-month';
import { lineValueText, rateText } from './format';
import { renderReportPdf } from './render-pdf';
import { renderReportXlsx } from './render-xlsx';
import { pdfText } from '@aftercare/testing';

const withoutClaims = composeMonthlyReport({ ...SEEDED_MONTH, figures: { ...SEEDED_MONTH.figures, claims: undefined } });
const complete = composeMonthlyReport(SEEDED_MONTH);
const first = firstRevision(withoutClaims, new Date('2026-04-01T01:00:00Z'), 'scheduler');
const report = reviseReport(first, complete, new Date('2026-04-10T02:00:00Z'), 'source:claims').report;
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('the report as PDF', () => {
  let text: string;
  beforeAll(async () => {
    const pdf = await renderReportPdf(report);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    text = flat(pdfText(pdf));
  });

  it('holds every line of the seeded month with its printed value', () => {
    for (const line of complete.lines) expect(text).toContain(lineValueText(line, 'CNY'));
    expect(text).toContain('CNY 60,950.50');
    expect(text).toContain('95.8 % (182 / 190)');
  });

  it('holds every technician row with every column', () => {
    for (const t of complete.technicians)
      for (const cell of [t.technicianId, rateText(t.onTimeArrival), rateText(t.firstTimeFix), rateText(t.satisfaction)]) expect(text).toContain(cell);
    expect(text).toContain('93.8 % (15 / 16)');
    const appraisal = text.slice(text.indexOf('Technician appraisal'), text.indexOf('Costs by category'));
    expect(appraisal).toContain('tech-zhao 0 — (0 / 0) — (0 / 0) 0 0 75.0 % (3 / 4) 0');
    expect(appraisal).not.toContain('not reported');
  });

  it('has both charts with their data labels, the late flag and the revision trail', () => {
    expect(text).toContain('Costs by category');
    expect(text).toContain('CNY 12,840.50'); // material bar
    expect(text).toContain('Satisfaction by criterion, monthly trend');
    for (const m of ['2026-01', '2026-02', '2026-03']) expect(text).toContain(m);
    expect(text).toContain('arrival_time: 82.0 % this month');
    expect(text).toContain('LATE: submitted after the due date');
    expect(text).toContain('Revision 2 (late)');
    expect(text).toContain('by source:claims (late_data)');
    expect(text).toContain('rate.return not reported -> 0.8 (9/1200)');
    expect(text).toContain('transport - installation guidance');
  });

  it("holds the v2 lines: technician arranged, the quality claims by urgency and the late replies explained, with formula and fraction", async () => {
    expect(text).toContain('Technician arranged within 24 h 95.6 % (131 / 137) orders a technician accepted by the arrangement deadline (24 h)');
    const quality = text.slice(text.indexOf('Quality claims and late replies'), text.indexOf('Satisfaction (top two'));
    expect(quality).toContain('Quality claims opened in the month 12');
    expect(quality).toContain('Quality claims overdue in the month (urgent) 1');
    expect(quality).toContain('Quality claims opened in the month (not triaged yet) 1');
    expect(quality).toContain('Late replies (due in the month, late or missing) 5');
    expect(quality).toContain("Late replies explained by the quality department 80.0 % (4 / 5) late replies with the quality department's explanation");
  });

  it('prints the v2 lines "not reported" for a month dispatch and claims published as v1', async () => {
    const v1 = flat(pdfText(await renderReportPdf(firstRevision(composeMonthlyReport(SEEDED_MONTH_V1), new Date('2026-04-01T01:00:00Z'), 'scheduler'))));
    expect(v1).toContain('Technician arranged within 24 h not reported');
    expect(v1).toContain('Quality claims overdue in the month (urgent) not reported');
    expect(v1).toContain('Late replies explained by the quality department not reported');
    expect(v1).toContain('0.8 % (9 / 1200)');
  });

  it('keeps revision 1 readable as it was: claims not reported, not late', async () => {
    const old = flat(pdfText(await renderReportPdf(report, 1)));
    expect(old).toContain('Revision 1 of 2');
    expect(old).toContain('Not reported yet: claims');
    expect(old).not.toContain('LATE');
    expect(old).not.toContain('Revision 2');
    await expect(renderReportPdf(report, 3)).rejects.toThrow(RangeError);
  });
});

describe('the report as XLSX', () => {
  let book: ExcelJS.Workbook;
  beforeAll(async () => {
    book = new ExcelJS.Workbook();
    await book.xlsx.load((await renderReportXlsx(report)) as unknown as ExcelJS.Buffer);
  });
  const rowsOf = (sheet: string) => {
    const rows: ExcelJS.CellValue[][] = [];
    book.getWorksheet(sheet)!.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1)));
    return rows;
  };
  const valueOf = (v: ExcelJS.CellValue) => (v && typeof v === 'object' && 'result' in v ? v.result : v);

  it('holds every line with value, formula, numerator and denominator', () => {
    const byKey = new Map(rowsOf('Report').filter((r) => typeof r[2] === 'string').map((r) => [r[2] as string, r]));
    for (const line of complete.lines) {
      const r = byKey.get(line.key)!;
      expect(r).toBeDefined();
      expect(valueOf(r[3])).toBe(line.unit === 'money' ? line.value! / 100 : line.value);
      expect(r[4]).toBe(lineValueText(line, 'CNY'));
      if (line.formula) expect(r[5]).toBe(line.formula);
      if (line.numerator !== null) expect([r[6], r[7]]).toEqual([line.numerator, line.denominator]);
    }
    expect(valueOf(byKey.get('cost.total_excluding_guidance')![3])).toBe(60_950.5);
  });

  it('holds the v2 lines as cells: the rates as live formulas over their fraction, the counts as numbers', () => {
    const row = (key: string) => rowsOf('Report').find((r) => r[2] === key)!;
    expect(row('rate.technician_arranged').slice(3, 8)).toEqual([
      { formula: expect.stringMatching(/^ROUND\(G\d+\/H\d+\*100,1\)$/), result: 95.6 },
      '95.6 % (131 / 137)',
      complete.lines.find((l) => l.key === 'rate.technician_arranged')!.formula,
      131,
      137,
    ]);
    expect(row('quality_claims.late_replies_explained').slice(3, 8)).toEqual([
      { formula: expect.stringMatching(/^ROUND\(G\d+\/H\d+\*100,1\)$/), result: 80 },
      '80.0 % (4 / 5)',
      "late replies with the quality department's explanation ÷ replies due in the month that came late or not at all",
      4,
      5,
    ]);
    expect(row('quality_claims.normal.overdue').slice(0, 5)).toEqual(['Quality claims and late replies (source 001 §1.8, §3)', 'Quality claims overdue in the month (normal)', 'quality_claims.normal.overdue', 2, '2']);
  });

  it('writes each rate as a live formula over its fraction', () => {
    const resolution = rowsOf('Report').find((r) => r[2] === 'rate.resolution')!;
    expect(resolution[3]).toMatchObject({ formula: expect.stringMatching(/^ROUND\(G\d+\/H\d+\*100,1\)$/), result: 95.8 });
  });

  it('fills every technician column', () => {
    const [, ...rows] = rowsOf('Technicians');
    expect(rows.map((r) => r.map(valueOf))).toEqual([
      ['tech-li', 20, 95, 19, 20, 90, 18, 20, 1, 1, 97.5, 78, 80, 0],
      ['tech-wang', 16, 75, 12, 16, 93.8, 15, 16, 0, 0, 78.1, 50, 64, 2],
      ['tech-zhao', 0, undefined, 0, 0, undefined, 0, 0, 0, 0, 75, 3, 4, 0],
    ]);
  });

  it('has the trend and both revisions with the audit line', () => {
    expect(rowsOf('Trend')).toEqual([
      ['Month', 'attitude', 'technical_skill', 'arrival_time', 'commitments_kept'],
      ['2026-01', 90, 88, 80, 86],
      ['2026-02', 92, 89, 78, 87],
      ['2026-03', 94, 90, 82, 88],
    ]);
    const trail = rowsOf('Revisions');
    expect(trail[1].slice(0, 5)).toEqual([1, 'no', '2026-04-01T01:00:00.000Z', 'scheduler', 'month_closed']);
    expect(trail.find((r) => r[0] === 2 && r[3] === 'source:claims')).toBeDefined();
    expect(trail).toContainEqual([2, undefined, undefined, undefined, undefined, undefined, 'technician.tech-wang.complaints', undefined, 2]);
  });
});
