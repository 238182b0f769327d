// Every project's unit specs and component tests in one run (`npx jest <path>` picks any test file).
// Only the component projects have the global setup, so a run of unit specs alone needs no stack.
module.exports = {
  projects: [
    '<rootDir>/libs/*/jest.config.js',
    '<rootDir>/libs/*/jest.component.config.js',
    '<rootDir>/services/*/jest.config.js',
    '<rootDir>/services/*/jest.component.config.js',
    '<rootDir>/e2e/jest.component.config.js',
    '<rootDir>/tools/start/jest.config.js',
    '<rootDir>/tools/start/jest.component.config.js',
  ],
  // a global option: the projects' own testTimeout counts only when Jest runs one project's config alone
  testTimeout: 60_000,
};
