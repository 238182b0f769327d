// The specs live next to the code (no src/ folder): what npm test prints, tested without running it.
module.exports = { ...require('../../jest.preset.js').unit(__dirname), testMatch: ['<rootDir>/*.spec.ts'] };
