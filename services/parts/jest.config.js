module.exports = { ...require('../../jest.preset.js'), displayName: 'parts', rootDir: __dirname };
