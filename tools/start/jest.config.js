// The specs live next to the code (no src/ folder): supervisor.spec.ts.
module.exports = { ...require('../../jest.preset.js').unit(__dirname), testMatch: ['<rootDir>/*.spec.ts'] };
