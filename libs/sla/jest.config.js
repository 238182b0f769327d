module.exports = { ...require('../../jest.preset.js'), displayName: 'sla', rootDir: __dirname };
