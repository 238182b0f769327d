// The end-to-end suite (all services as processes, the real stack) is this project's component test.
module.exports = require('../jest.preset.js').component(__dirname, ['<rootDir>/**/*.e2e.ts']);
