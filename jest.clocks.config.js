/**
 * The clock suite alone (`npm run test:clocks`): the time-skipping project of jest.config.js, with its run-wide
 * options. Only the workflow bundle is prepared; no PostgreSQL, no Temporal dev server.
 * @type {import('jest').Config}
 */
const { projects, ...run } = require('./jest.config');

module.exports = {
  ...run,
  projects: projects.filter((p) => p.globalSetup.endsWith('global-setup-time-skipping.ts')),
};
