// Unit specs of the scripts npm test itself runs (its closing summary, the fuzzer's log); the
// npm start supervisor is its own project (tools/start).
module.exports = { ...require('../jest.preset.js').unit(__dirname), testMatch: ['<rootDir>/{jest,fuzz}/*.spec.ts'] };
