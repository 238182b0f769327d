'use strict';
/**
 * What `npm test` prints of a Schemathesis run. The whole output (progress redraws included) goes
 * to the service's report folder; the log gets the run's own summary — or, when it failed, the
 * failures — as plain text. Schemathesis closes with a pytest-style banner (`=== 3 warnings in
 * 109.14s ===`) that a reader of the log takes for a test run's result; it is left out, and the
 * log says passed or FAILED in its own words.
 */

const ESCAPES = /\x1b\[[0-9;?]*[A-Za-z]/g;
const BANNER = /^=+ ?(.*?) ?=+$/;
const CLOSING_BANNER = /^=+ .* in [\d.]+s =+$/;
/** A progress line: a clock-face spinner, or an elapsed time with a bar or a count after it. */
const PROGRESS = /^\s*(?:[\u{1F550}-\u{1F567}]|\d+:\d{2}(?::\d{2})?[\s…])/u;

/** The text a terminal would show: escape sequences gone, each line as its last redraw left it. */
function plainLines(output) {
  return output
    .replace(ESCAPES, '')
    .split('\n')
    .map((line) => line.split('\r').filter((part) => part.trim() !== '').pop() ?? '')
    .map((line) => line.trimEnd());
}

/** The lines from the first banner named one of `titles` to the end, without the closing banner. */
function sectionsFrom(lines, titles) {
  const start = lines.findIndex((line) => BANNER.test(line) && titles.includes(line.match(BANNER)[1]));
  if (start < 0) return undefined;
  return lines.slice(start).filter((line) => !CLOSING_BANNER.test(line));
}

/**
 * The lines to log for one service's run: on success the SUMMARY section (operations, phases,
 * warnings, test cases), on failure everything from FAILURES/ERRORS on (or the last lines when
 * Schemathesis stopped before writing them).
 */
function schemathesisLog(name, output, code, reportFile) {
  const lines = plainLines(output);
  const body =
    code === 0
      ? (sectionsFrom(lines, ['SUMMARY']) ?? []).filter((line) => !BANNER.test(line))
      : (sectionsFrom(lines, ['FAILURES', 'ERRORS']) ?? lines.filter((line) => !PROGRESS.test(line)).slice(-150));
  const text = body
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return `--- ${name}: Schemathesis ${code === 0 ? 'passed' : 'FAILED'} (whole output: ${reportFile}) ---\n${text}`;
}

module.exports = { schemathesisLog, plainLines };
