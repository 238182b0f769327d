import { persisted, verified, later } from '../domain/testing/quality-claim.builders';
import { eightDReportOf } from './eight-d-report';
import { renderEightDHtml } from './render-html';
import { renderEightDPdf } from './render-pdf';
import { pdfText } from '@aftercare/testing';

const DISCIPLINES = ['D1 — Team', 'D2 — Problem description', 'D3 — Containment', 'D4 — Root cause', 'D5 — Permanent corrective', 'D6 — Implementation', 'D7 — Verification', 'D8 — Team recognition'];

describe('the 8D report', () => {
  const claim = verified();
  claim.recognise({ note: 'Thanks to the oven team', at: later(1500) });
  const report = eightDReportOf(persisted(claim).toSnapshot());

  it('has the eight disciplines in order, filled from the claim', () => {
    expect(report.sections.map((s) => s.discipline)).toEqual(['D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7', 'D8']);
    const text = report.sections.flatMap((s) => s.lines).join('\n');
    for (const expected of ['Leader: Chen Jie', 'What: Seal leaks after 200 h', 'Locations: Plant 2 warehouse', 'Why 4: Thermocouple drifted', 'Escape point:', 'owner eng-sun', 'Evidence: cal-report-0325.pdf', 'FMEA updated: yes', 'Thanks to the oven team'])
      expect(text).toContain(expected);
  });

  it('marks a discipline not reached yet', () => {
    const opened = eightDReportOf(persisted(verified()).toSnapshot());
    expect(opened.sections.find((s) => s.discipline === 'D8')?.lines).toEqual(['Not recorded yet.']);
  });

  it('as PDF: the text read back holds every discipline and its content', async () => {
    const buffer = await renderEightDPdf(report);
    expect(buffer.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(buffer);
    for (const heading of DISCIPLINES) expect(text).toContain(heading);
    expect(text).toContain('Oven thermocouple drifted without calibration');
  });

  it('as HTML: every discipline, values escaped', () => {
    const html = renderEightDHtml({ ...report, header: ['<script>alert(1)</script>'] });
    for (const d of ['D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7', 'D8']) expect(html).toContain(`<section id="${d}">`);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });
});
