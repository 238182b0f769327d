module.exports = { ...require('../../jest.preset.js'), displayName: 'ddd', rootDir: __dirname };
