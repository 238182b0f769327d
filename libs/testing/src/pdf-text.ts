import { execFileSync } from 'node:child_process';

/**
 * The text of a PDF, read back with pdf-parse in a plain Node process: pdf-parse loads pdf.js's
 * worker by dynamic import, which Jest's module sandbox refuses.
 */
const READ_TEXT = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: Buffer.concat(chunks) });
  try { process.stdout.write((await parser.getText()).text); } finally { await parser.destroy(); }
});
`;

export function pdfText(pdf: Buffer): string {
  return execFileSync(process.execPath, ['-e', READ_TEXT], { input: pdf, cwd: __dirname, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
}
