import PDFDocument from 'pdfkit';
import { SECTIONS, type MonthlyReportContent, type ReportLine } from '../domain/compose';
import { type MonthlyReportSnapshot, type Revision, latestRevision, revisionNumbered } from '../domain/monthly-report';
import { SECTION_TITLES, lineValueText, money, percentText, rateText, targetText } from './format';

type Doc = PDFKit.PDFDocument;

const MARGIN = 40;
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];

/**
 * One revision of the report as an A4 PDF (pdfkit, standard Helvetica: Latin text): the lines with
 * formula and fraction, the technician appraisal, the revision trail up to it, and two charts
 * drawn with pdfkit's vector paths (costs by category, monthly satisfaction trend per criterion).
 * Only WinAnsi characters are printed (no arrows or minus signs outside it).
 */
export async function renderReportPdf(report: MonthlyReportSnapshot, revisionNumber?: number): Promise<Buffer> {
  const revision = revisionNumber === undefined ? latestRevision(report) : revisionNumbered(report, revisionNumber);
  if (!revision) throw new RangeError(`no revision ${revisionNumber}`);
  const content = revision.content;
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      info: { Title: `Monthly after-sales report ${content.month}`, Subject: `Tenant ${content.tenantId}, revision ${revision.number}`, Creator: 'Aftercare' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);

    header(doc, report, revision);
    for (const section of SECTIONS) linesTable(doc, SECTION_TITLES[section], content.lines.filter((l) => l.section === section), content.currency);
    techniciansTable(doc, content);
    doc.addPage();
    costChart(doc, content);
    trendChart(doc, content);
    trail(doc, report, revision);
    doc.end();
  });
}

function header(doc: Doc, report: MonthlyReportSnapshot, revision: Revision): void {
  const c = revision.content;
  doc.font('Helvetica-Bold').fontSize(16).text(`Monthly after-sales report ${c.month}`);
  doc.font('Helvetica').fontSize(9);
  doc.text(`Tenant ${c.tenantId} · time zone ${c.timeZone} · currency ${c.currency}`);
  doc.text(`Revision ${revision.number} of ${report.revisions.length}, generated ${revision.generatedAt.toISOString()} · due ${report.dueAt.toISOString()}`);
  if (revision.late) doc.fillColor('#c00000').font('Helvetica-Bold').text('LATE: submitted after the due date').font('Helvetica').fillColor('black');
  if (c.missingSources.length) doc.fillColor('#c00000').text(`Not reported yet: ${c.missingSources.join(', ')}`).fillColor('black');
  doc.moveDown(0.5);
}

function ensureRoom(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
}

function row(doc: Doc, cells: Array<[string, number]>, bold = false): void {
  ensureRoom(doc, 24);
  const top = doc.y;
  let x = MARGIN;
  let bottom = top;
  doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8);
  for (const [text, width] of cells) {
    doc.text(text, x, top, { width: width - 4 });
    bottom = Math.max(bottom, doc.y);
    x += width;
  }
  doc.x = MARGIN;
  doc.y = bottom + 2;
}

function sectionTitle(doc: Doc, title: string): void {
  ensureRoom(doc, 40);
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(11).text(title, MARGIN);
  doc.moveDown(0.2);
}

function linesTable(doc: Doc, title: string, lines: ReportLine[], currency: string): void {
  // A revision composed before a section existed is printed as it was, without it.
  if (lines.length === 0) return;
  sectionTitle(doc, title);
  row(doc, [['Line', 150], ['Value', 110], ['Formula', 190], ['Target', 65]], true);
  for (const line of lines) row(doc, [[line.label, 150], [lineValueText(line, currency), 110], [line.formula ?? '', 190], [targetText(line), 65]]);
}

function techniciansTable(doc: Doc, content: MonthlyReportContent): void {
  sectionTitle(doc, 'Technician appraisal');
  const widths = [70, 35, 80, 80, 40, 45, 90, 55];
  const cells = (texts: string[]) => texts.map((t, i) => [t, widths[i]] as [string, number]);
  row(doc, cells(['Technician', 'Jobs', 'On-time arrival', 'First-time fix', 'Reworks', 'Repeat repairs', 'Satisfaction', 'Complaints']), true);
  const n = (v: number | null) => (v === null ? 'not reported' : String(v));
  for (const t of content.technicians)
    row(doc, cells([t.technicianId, n(t.jobs), rateText(t.onTimeArrival), rateText(t.firstTimeFix), n(t.reworks), n(t.repeatRepairs), rateText(t.satisfaction), n(t.complaints)]));
}

/** Horizontal bars, one per cost category, scaled to the largest. */
function costChart(doc: Doc, content: MonthlyReportContent): void {
  const value = (key: string) => content.lines.find((l) => l.key === key)?.value ?? null;
  const bars: Array<[string, number | null]> = [
    ['Installation / commissioning', value('cost.installation_commissioning.cost')],
    ['Field dispatches', value('cost.field_service.cost')],
    ['Material', value('cost.material')],
    ['Transport', value('cost.transport')],
  ];
  doc.font('Helvetica-Bold').fontSize(11).text('Costs by category', MARGIN);
  const top = doc.y + 6;
  const labelWidth = 140;
  const barMax = doc.page.width - 2 * MARGIN - labelWidth - 110;
  const largest = Math.max(1, ...bars.map(([, v]) => v ?? 0));
  bars.forEach(([label, v], i) => {
    const y = top + i * 22;
    doc.font('Helvetica').fontSize(8).fillColor('black').text(label, MARGIN, y + 4, { width: labelWidth - 6 });
    if (v === null) {
      doc.fillColor('#888888').text('not reported', MARGIN + labelWidth, y + 4).fillColor('black');
      return;
    }
    const width = Math.max(1, (v / largest) * barMax);
    doc.rect(MARGIN + labelWidth, y, width, 14).fill(PALETTE[i]);
    doc.fillColor('black').text(`${content.currency} ${money(v)}`, MARGIN + labelWidth + width + 6, y + 4);
  });
  doc.x = MARGIN;
  doc.y = top + bars.length * 22 + 16;
}

/** One line per criterion over the trend's months, 0–100 %, with the months on the x axis. */
function trendChart(doc: Doc, content: MonthlyReportContent): void {
  doc.font('Helvetica-Bold').fontSize(11).fillColor('black').text('Satisfaction by criterion, monthly trend', MARGIN);
  const criteria = [...new Set(content.trend.flatMap((p) => Object.keys(p.byCriterion)))];
  const left = MARGIN + 30;
  const top = doc.y + 10;
  const width = doc.page.width - 2 * MARGIN - 40;
  const height = 180;
  const yOf = (percent: number) => top + height - (percent / 100) * height;
  doc.lineWidth(0.5).strokeColor('#999999');
  for (const tick of [0, 25, 50, 75, 100]) {
    doc.moveTo(left, yOf(tick)).lineTo(left + width, yOf(tick)).stroke();
    doc.font('Helvetica').fontSize(7).fillColor('black').text(`${tick} %`, MARGIN, yOf(tick) - 3, { width: 28 });
  }
  const months = content.trend.map((p) => p.month);
  const xOf = (i: number) => (months.length === 1 ? left + width / 2 : left + (i / (months.length - 1)) * width);
  months.forEach((m, i) => doc.fontSize(7).text(m, xOf(i) - 15, top + height + 4, { width: 30, align: 'center' }));
  criteria.forEach((criterion, c) => {
    const color = PALETTE[c % PALETTE.length];
    const points = content.trend.map((p, i) => [i, p.byCriterion[criterion] ?? null] as const).filter(([, v]) => v !== null) as Array<readonly [number, number]>;
    doc.lineWidth(1.5).strokeColor(color).fillColor(color);
    points.forEach(([i, v], k) => (k === 0 ? doc.moveTo(xOf(i), yOf(v)) : doc.lineTo(xOf(i), yOf(v))));
    if (points.length > 1) doc.stroke();
    for (const [i, v] of points) doc.circle(xOf(i), yOf(v), 2).fill(color);
  });
  let legendY = top + height + 20;
  criteria.forEach((criterion, c) => {
    const latest = content.trend[content.trend.length - 1]?.byCriterion[criterion] ?? null;
    doc.rect(left, legendY, 8, 8).fill(PALETTE[c % PALETTE.length]);
    doc.fillColor('black').fontSize(8).text(`${criterion}: ${percentText(latest)} this month`, left + 12, legendY);
    legendY += 12;
  });
  doc.x = MARGIN;
  doc.y = legendY + 10;
  doc.strokeColor('black').fillColor('black').lineWidth(1);
}

function trail(doc: Doc, report: MonthlyReportSnapshot, shown: Revision): void {
  sectionTitle(doc, 'Revisions');
  for (const r of report.revisions.filter((x) => x.number <= shown.number)) {
    row(doc, [[`Revision ${r.number}${r.late ? ' (late)' : ''}`, 80], [`${r.audit.at.toISOString()} by ${r.audit.by} (${r.audit.reason})`, 200], [r.audit.summary, 235]]);
    for (const change of r.audit.changes) row(doc, [['', 80], [change.key, 200], [`${change.from ?? 'not reported'} -> ${change.to ?? 'not reported'}`, 235]]);
  }
}
