import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startPostgres, type RunningPostgres } from '../../scripts/services/postgres';
import { findFreePort } from '../../scripts/services/ports';
import {
  assertTemporalInstalled,
  startTemporalDevServer,
  type RunningTemporal,
} from '../../scripts/services/temporal';
import { withDatabase } from '../../scripts/db/ensure-database';
import { runDbScript } from './db-tools';
import { TEMPLATE_DATABASE } from './env';
import { prepareWorkflowBundle } from './workflow-bundle';

/**
 * Starts the real services once per jest run: a PostgreSQL cluster with a migrated template database (each suite
 * clones it, which is fast and isolates suites), and a Temporal dev server. Suites find them through env vars.
 */
interface Started {
  postgres?: RunningPostgres;
  temporal?: RunningTemporal;
  tempDir: string;
}

declare global {
  var __signaalloketServices: Started | undefined;
}

export default async function globalSetup(): Promise<void> {
  try {
    await startServices();
  } catch (error) {
    // jest skips the teardown when the setup fails; nothing may be left running.
    const started = globalThis.__signaalloketServices;
    await started?.temporal?.stop();
    await started?.postgres?.stop();
    throw error;
  }
}

async function startServices(): Promise<void> {
  assertTemporalInstalled();
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalloket-test-'));
  fs.chmodSync(tempDir, 0o755); // PostgreSQL runs as another user when we are root
  const started: Started = { tempDir };
  globalThis.__signaalloketServices = started;

  let adminUrl = process.env.TEST_DATABASE_ADMIN_URL;
  if (!adminUrl) {
    started.postgres = await startPostgres({ dataDir: path.join(tempDir, 'pg'), port: await findFreePort() });
    adminUrl = started.postgres.url;
  }
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE}`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  await runDbScript('migrate.ts', [], { DATABASE_URL: withDatabase(adminUrl, TEMPLATE_DATABASE) });

  started.temporal = await startTemporalDevServer({ port: await findFreePort() });
  await prepareWorkflowBundle(tempDir);

  process.env.TEST_DATABASE_ADMIN_URL = adminUrl;
  process.env.TEST_TEMPORAL_ADDRESS = started.temporal.address;
}

export { withDatabase } from '../../scripts/db/ensure-database';
