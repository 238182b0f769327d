import PDFDocument from 'pdfkit';
import type { EightDReport } from './eight-d-report';

/** The 8D report as an A4 PDF (pdfkit, standard Helvetica: Latin text). */
export function renderEightDPdf(report: EightDReport, generatedAt: Date = new Date()): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: report.title, Subject: `Case ${report.caseId}`, Creator: 'Aftercare claims' } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);

    doc.font('Helvetica-Bold').fontSize(16).text(report.title);
    doc.moveDown(0.5).font('Helvetica').fontSize(9);
    for (const line of report.header) doc.text(line);
    for (const section of report.sections) {
      doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text(`${section.discipline} — ${section.title}`);
      doc.font('Helvetica').fontSize(10);
      for (const line of section.lines) doc.text(line, { indent: 10 });
    }
    doc.moveDown(1.5).fontSize(8).fillColor('gray').text(`Generated ${generatedAt.toISOString()} by Aftercare claims.`);
    doc.end();
  });
}
