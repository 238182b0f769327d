const { schemathesisLog, plainLines } = require('./schemathesis-log.cjs');

// The shape of Schemathesis 4's output on a pipe: progress redraws with cursor movements, then
// its sections and a pytest-style closing banner.
const progress = ' \u{1F550}  Fuzzing\r\x1b[2K \u{1F551}  Fuzzing\n     0:00:03 \u2501\u2578      3% (1/32)\n\x1b[1A\x1b[2K';
// What the log keeps of a passed run: the SUMMARY section's body.
const summary = [
  'API Operations:',
  '  Selected: 32/32',
  '  Tested: 32',
  '',
  'Test cases:',
  '  3430 generated, 3430 passed, 44 skipped',
];
const passed = [
  progress,
  '=================================== WARNINGS ===================================',
  '',
  'Missing test data: 2 operations repeatedly returned 404 responses',
  '=================================== SUMMARY ====================================',
  '',
  ...summary,
  '',
  '============================ 3 warnings in 109.14s =============================',
  '',
].join('\n');
const failed = [
  progress,
  '=================================== FAILURES ===================================',
  '_________________________ POST /api/v1/parts-requests _________________________',
  '1. Server error',
  '=================================== SUMMARY ====================================',
  'Test cases:',
  '  120 generated, 1 found 1 unique failures',
  '========================== 1 failure in 12.00s ==========================',
].join('\n');

describe("the fuzzer's log of a Schemathesis run", () => {
  it('keeps the summary of a passed run, in plain text, without the pytest-style closing banner', () => {
    const log = schemathesisLog('intake', passed, 0, '.tools/fuzz/reports/intake/schemathesis.txt');
    expect(log).toBe(
      [
        '--- intake: Schemathesis passed (whole output: .tools/fuzz/reports/intake/schemathesis.txt) ---',
        ...summary,
      ].join('\n'),
    );
  });

  it('keeps the failures of a failed run and says FAILED', () => {
    const log = schemathesisLog('parts', failed, 1, 'r.txt');
    expect(log.split('\n')[0]).toBe('--- parts: Schemathesis FAILED (whole output: r.txt) ---');
    expect(log).toContain('1. Server error');
    expect(log).toContain('120 generated, 1 found 1 unique failures');
    expect(log).not.toMatch(/in 12\.00s/);
    expect(log).not.toContain('\x1b');
  });

  it('shows the last lines without progress when a failed run wrote no failures section', () => {
    const log = schemathesisLog('claims', `${progress}\nError: could not load the schema\n`, 1, 'r.txt');
    expect(log.split('\n').slice(1)).toEqual(['Error: could not load the schema']);
  });

  it('renders carriage-return redraws as the last state of the line', () => {
    expect(plainLines('a\rbb\rccc\n\x1b[1mbold\x1b[0m')).toEqual(['ccc', 'bold']);
  });
});
