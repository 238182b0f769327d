// The tools keep their specs next to the code (no src/ folder): e.g. start/supervisor.spec.ts.
module.exports = { ...require('../jest.preset.js').unit(__dirname), testMatch: ['<rootDir>/**/*.spec.ts'] };
