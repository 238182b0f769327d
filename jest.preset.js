// Shared Jest settings: swc for speed (with decorator metadata for Nest), tsconfig paths as module names.
// Every project has two configs built from here, so that unit specs never need the local stack:
//   jest.config.js            unit specs next to the code (src/**/*.spec.ts): no Kafka, no MongoDB
//   jest.component.config.js  component tests (test/**/*.test.ts) against the real stack, which the
//                             global setup starts or reuses (KAFKA_BROKERS / MONGO_URL)
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  moduleNameMapper[`^${alias.replace('/', '\\/')}$`] = path.join(__dirname, target);
}

const base = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testTimeout: 60_000,
};

/** Jest's own output, plus the run's counts in `.test-results/` for `npm test`'s closing summary. */
const reporters = (name) => ['default', [path.join(__dirname, 'tools/jest/results-file-reporter.cjs'), { name }]];

/** Unit specs of the project at `rootDir`; its name is the folder's (the Nx project name). */
function unit(rootDir) {
  const name = path.basename(rootDir);
  return {
    ...base,
    displayName: name,
    reporters: reporters(name),
    rootDir,
    testMatch: ['<rootDir>/src/**/*.spec.ts'],
    coverageDirectory: path.join(__dirname, 'coverage', path.relative(__dirname, rootDir)),
  };
}

/** Component tests of the project at `rootDir`, with the stack; `testMatch` for suites laid out otherwise (e2e). */
function component(rootDir, testMatch = ['<rootDir>/test/**/*.test.ts']) {
  return {
    ...base,
    displayName: `${path.basename(rootDir)}:component`,
    reporters: reporters(`${path.basename(rootDir)}:component`),
    rootDir,
    testMatch,
    globalSetup: path.join(__dirname, 'libs/testing/src/global-setup.ts'),
  };
}

module.exports = { base, unit, component };
