import type { EightDReport } from './eight-d-report';

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** The 8D report as a standalone HTML page; every value is escaped. */
export function renderEightDHtml(report: EightDReport): string {
  const sections = report.sections
    .map((s) => `<section id="${s.discipline}"><h2>${s.discipline} — ${escape(s.title)}</h2><ul>${s.lines.map((l) => `<li>${escape(l)}</li>`).join('')}</ul></section>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(report.title)}</title>
<style>body{font-family:sans-serif;max-width:50em;margin:2em auto}h2{border-bottom:1px solid #ccc}header p{margin:.2em 0;font-size:.9em}</style></head>
<body><h1>${escape(report.title)}</h1><header>${report.header.map((l) => `<p>${escape(l)}</p>`).join('')}</header>
${sections}
</body></html>
`;
}
