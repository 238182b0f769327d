const { jestSummary } = require('./jest-summary.cjs');

const run = (suites: Record<string, number>, tests: Record<string, number>, snapshots = 0) => ({ suites, tests, snapshots: { total: snapshots } });

describe("npm test's closing summary", () => {
  it("adds up every run in Jest's own format", () => {
    const runs = [
      run({ total: 3, passed: 3, failed: 0, pending: 0 }, { total: 40, passed: 40, failed: 0, pending: 0, todo: 0 }),
      run({ total: 2, passed: 2, failed: 0, pending: 0 }, { total: 11, passed: 11, failed: 0, pending: 0, todo: 0 }, 2),
    ];
    expect(jestSummary(runs, 1582.4)).toEqual([
      'Test Suites: 5 passed, 5 total',
      'Tests:       51 passed, 51 total',
      'Snapshots:   2 total',
      'Time:        1582 s',
      'Ran all test suites.',
    ]);
  });

  it('names failed, skipped and todo before passed, as Jest does, and only when there are some', () => {
    const runs = [
      run({ total: 4, passed: 2, failed: 1, pending: 1 }, { total: 30, passed: 25, failed: 2, pending: 2, todo: 1 }),
      run({ total: 1, passed: 1, failed: 0, pending: 0 }, { total: 5, passed: 5, failed: 0, pending: 0, todo: 0 }),
    ];
    expect(jestSummary(runs, 9).slice(0, 2)).toEqual([
      'Test Suites: 1 failed, 1 skipped, 3 passed, 5 total',
      'Tests:       2 failed, 2 skipped, 1 todo, 30 passed, 35 total',
    ]);
  });

  it('reads results files written before snapshots were counted', () => {
    const old = { suites: { total: 1, passed: 1 }, tests: { total: 2, passed: 2 } };
    expect(jestSummary([old], 1)[2]).toBe('Snapshots:   0 total');
  });
});
