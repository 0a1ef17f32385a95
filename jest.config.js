/**
 * One jest run for every suite, in two projects that differ only in what jest's global setup starts:
 *
 * - the clock suite: test/workflows/*.test.ts except the *-integration files. The workflows run on the Temporal
 *   time-skipping server with in-memory activities (test/workflows/harness.ts): the setup only bundles the workflows
 *   (test/support/global-setup-time-skipping.ts). `npm run test:clocks` runs this project alone.
 * - everything else: services (PostgreSQL, Temporal dev server, SMTP) are started once in
 *   test/support/global-setup.ts and described to the suites through environment variables.
 *
 * jest runs a project's global setup only when one of its tests is selected, so `npx jest test/workflows/clocks.test.ts`
 * starts no PostgreSQL either. `npm test` runs both projects, each file once, on the same two workers; the workflow
 * bundle is built once per run for both.
 */
const TIMEOUT = 60_000;

/**
 * Packages published as ES modules only, which the product loads with import() (openid-client and what it
 * imports): jest's module system cannot load ES modules without an experimental flag, so swc turns them into
 * CommonJS like the project's own files.
 */
const ESM_PACKAGES = ['openid-client', 'oauth4webapi', 'jose'];
const esmPackage = `/node_modules/(${ESM_PACKAGES.join('|')})/`;

/** @type {import('jest').Config} */
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
    [`${esmPackage}.+\\.js$`]: [
      '@swc/jest',
      { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  setupFiles: ['<rootDir>/test/support/quiet-temporal.ts'],
  testTimeout: TIMEOUT,
};

/** test/workflows files that need the services (a real dev server, real activities): `*-integration.test.ts`. */
const INTEGRATION = '-integration\\.test\\.ts$';

/** @type {import('jest').Config} */
const clocks = {
  ...common,
  roots: ['<rootDir>/test/workflows'],
  testMatch: ['<rootDir>/test/workflows/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', INTEGRATION],
  globalSetup: '<rootDir>/test/support/global-setup-time-skipping.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown-time-skipping.ts',
};

/** @type {import('jest').Config} */
const services = {
  ...common,
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The clock suite's files, which the other project runs.
  testPathIgnorePatterns: ['/node_modules/', `/test/workflows/(?![^/]*${INTEGRATION})[^/]+$`],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [services, clocks],
  testTimeout: TIMEOUT,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
