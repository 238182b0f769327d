module.exports = require('../../jest.preset.js').component(__dirname);
