'use strict';
/**
 * Writes each Jest run's counts to `.test-results/<project>[.component].json`, so that `npm test`
 * can end with one summary of every run (unit, component, end-to-end) after the stack has
 * stopped — including the unit runs Nx replays from its cache, which restores this file.
 */
const fs = require('node:fs');
const path = require('node:path');

const RESULTS_DIR = path.resolve(__dirname, '..', '..', '.test-results');

class ResultsFileReporter {
  constructor(globalConfig, options = {}) {
    this.name = options.name;
  }

  onRunComplete(_contexts, results) {
    if (!this.name) return;
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const counts = {
      name: this.name,
      suites: { total: results.numTotalTestSuites, passed: results.numPassedTestSuites, failed: results.numFailedTestSuites + results.numRuntimeErrorTestSuites, pending: results.numPendingTestSuites },
      tests: { total: results.numTotalTests, passed: results.numPassedTests, failed: results.numFailedTests, pending: results.numPendingTests, todo: results.numTodoTests },
      snapshots: { total: results.snapshot?.total ?? 0 },
      // `results.success` is set only after the reporters ran.
      success: results.numFailedTests === 0 && results.numFailedTestSuites === 0 && results.numRuntimeErrorTestSuites === 0,
    };
    fs.writeFileSync(path.join(RESULTS_DIR, `${this.name.replace(/:/g, '.')}.json`), `${JSON.stringify(counts, null, 2)}\n`);
  }
}

module.exports = ResultsFileReporter;
module.exports.RESULTS_DIR = RESULTS_DIR;
