import ExcelJS from 'exceljs';
import type { Rate } from '../domain/rate';
import { type MonthlyReportSnapshot, latestRevision, revisionNumbered } from '../domain/monthly-report';
import { SECTION_TITLES, lineValueText } from './format';

/**
 * One revision of the report as an XLSX workbook (exceljs): sheets Report, Technicians, Trend and
 * Revisions. Numbers are numbers (money in major units), and each rate cell is a live formula over
 * its numerator and denominator cells, with the computed value cached, so the workbook shows the
 * same figure as the PDF and a reader can check it.
 */
export async function renderReportXlsx(report: MonthlyReportSnapshot, revisionNumber?: number): Promise<Buffer> {
  const revision = revisionNumber === undefined ? latestRevision(report) : revisionNumbered(report, revisionNumber);
  if (!revision) throw new RangeError(`no revision ${revisionNumber}`);
  const c = revision.content;
  const book = new ExcelJS.Workbook();
  book.creator = 'Aftercare';
  book.created = revision.generatedAt;

  const sheet = book.addWorksheet('Report');
  sheet.addRows([
    ['Monthly after-sales report', c.month],
    ['Tenant', c.tenantId],
    ['Time zone', c.timeZone],
    ['Currency', c.currency],
    ['Revision', revision.number],
    ['Generated', revision.generatedAt.toISOString()],
    ['Due', report.dueAt.toISOString()],
    ['Late', revision.late ? 'yes' : 'no'],
    ['Not reported', c.missingSources.join(', ')],
    [],
  ]);
  const head = sheet.addRow(['Section', 'Line', 'Key', 'Value', 'Printed', 'Formula', 'Numerator', 'Denominator', 'Target %', 'Target met']);
  head.font = { bold: true };
  for (const line of c.lines) {
    const r = sheet.addRow([
      SECTION_TITLES[line.section],
      line.label,
      line.key,
      line.value === null ? null : line.unit === 'money' ? line.value / 100 : line.value,
      lineValueText(line, c.currency),
      line.formula,
      line.numerator,
      line.denominator,
      line.targetPercent,
      line.meetsTarget === null ? null : line.meetsTarget ? 'yes' : 'no',
    ]);
    const value = r.getCell(4);
    if (line.unit === 'money') value.numFmt = '#,##0.00';
    if (line.unit === 'percent' && line.value !== null && line.denominator) value.value = { formula: `ROUND(G${r.number}/H${r.number}*100,1)`, result: line.value };
    if (line.unit === 'per_day' && line.value !== null) value.value = { formula: `ROUND(G${r.number}/H${r.number},2)`, result: line.value };
  }
  sheet.columns.forEach((col, i) => (col.width = [34, 44, 40, 14, 26, 60, 11, 12, 9, 10][i]));

  const techs = book.addWorksheet('Technicians');
  techs.addRow(['Technician', 'Jobs', 'On-time arrival %', 'On time', 'Jobs', 'First-time fix %', 'First-time fixes', 'Jobs', 'Reworks', 'Repeat repairs', 'Satisfaction %', 'Satisfied', 'Rated', 'Complaints']).font = { bold: true };
  for (const t of c.technicians) {
    const r = techs.addRow([t.technicianId, t.jobs, null, ...fraction(t.onTimeArrival), null, ...fraction(t.firstTimeFix), t.reworks, t.repeatRepairs, null, ...fraction(t.satisfaction), t.complaints]);
    for (const [col, rate] of [[3, t.onTimeArrival], [6, t.firstTimeFix], [11, t.satisfaction]] as const) rateCell(r, col, rate);
  }

  const trend = book.addWorksheet('Trend');
  const criteria = [...new Set(c.trend.flatMap((p) => Object.keys(p.byCriterion)))];
  trend.addRow(['Month', ...criteria]).font = { bold: true };
  for (const point of c.trend) trend.addRow([point.month, ...criteria.map((k) => point.byCriterion[k] ?? null)]);

  const trail = book.addWorksheet('Revisions');
  trail.addRow(['Revision', 'Late', 'At', 'By', 'Reason', 'Summary', 'Changed', 'From', 'To']).font = { bold: true };
  for (const r of report.revisions.filter((x) => x.number <= revision.number)) {
    trail.addRow([r.number, r.late ? 'yes' : 'no', r.audit.at.toISOString(), r.audit.by, r.audit.reason, r.audit.summary]);
    for (const change of r.audit.changes) trail.addRow([r.number, null, null, null, null, null, change.key, change.from, change.to]);
  }

  return Buffer.from(await book.xlsx.writeBuffer());
}

const fraction = (r: Rate | null): [number | null, number | null] => (r ? [r.numerator, r.denominator] : [null, null]);

/** The rate as a formula over the two cells to its right; left empty when not reported or without a denominator. */
function rateCell(row: ExcelJS.Row, column: number, rate: Rate | null): void {
  if (!rate || rate.percent === null) return;
  const numerator = row.getCell(column + 1).address;
  const denominator = row.getCell(column + 2).address;
  row.getCell(column).value = { formula: `ROUND(${numerator}/${denominator}*100,1)`, result: rate.percent };
}
