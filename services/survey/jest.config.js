module.exports = { ...require('../../jest.preset.js'), displayName: 'survey', rootDir: __dirname };
