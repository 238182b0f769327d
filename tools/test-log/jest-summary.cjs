'use strict';

/** Jest's summary lines (`Test Suites: 1 failed, 9 passed, 10 total` …) over several runs. */
function jestSummary(runs, seconds) {
  const sum = (kind, key) => runs.reduce((total, run) => total + (run[kind]?.[key] ?? 0), 0);
  const line = (label, kind) => {
    const parts = [
      [sum(kind, 'failed'), 'failed'],
      [sum(kind, 'pending'), 'skipped'],
      [sum(kind, 'todo'), 'todo'],
      [sum(kind, 'passed'), 'passed'],
    ]
      .filter(([count]) => count > 0)
      .map(([count, word]) => `${count} ${word}`);
    return `${label.padEnd(13)}${[...parts, `${sum(kind, 'total')} total`].join(', ')}`;
  };
  return [
    line('Test Suites:', 'suites'),
    line('Tests:', 'tests'),
    `${'Snapshots:'.padEnd(13)}${sum('snapshots', 'total')} total`,
    `${'Time:'.padEnd(13)}${seconds.toFixed(0)} s`,
    'Ran all test suites.',
  ];
}

module.exports = { jestSummary };
