import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import {
  createExampleMinistry,
  createKey,
  createOrganisation,
  createUser,
} from '../../scripts/admin/commands';
import { startReplicas, type RunningReplicas } from '../../scripts/cluster/replicas';
import { startTemporalCluster, type RunningTemporalCluster } from '../../scripts/cluster/temporal-cluster';
import { temporalDatabasesOn } from '../../scripts/cluster/temporal-schema';
import { findFreePort } from '../../scripts/services/ports';
import { createTestDatabase, type TestDatabase } from './database';
import { requiredTestEnv, TEST_RESPONSE_LINK_SECRET } from './env';
import { startTestSmtpServer, type TestSmtpServer } from './smtp';
import { testWorkflowBundle } from './workflow-bundle';
import { TEST_PROCESSING_LOG } from './processing-log';

/**
 * The product in its production topology for a test: the real Temporal server (frontend, history, matching and
 * worker as separate processes, with the Web UI) on this run's PostgreSQL in databases of its own, two worker
 * processes, two API replicas and HAProxy in front of them, mail to an SMTP server in the test process, and a world
 * of one RIEC, two ministries with contacts and a coordinator, each with an API key. The same modules as
 * `npm run cluster` (scripts/cluster/). Every process can be killed and started again.
 */
export interface TestCluster {
  /** The load balancer: the product's public address. */
  url: string;
  temporal: RunningTemporalCluster;
  replicas: RunningReplicas;
  db: TestDatabase;
  smtp: TestSmtpServer;
  /** A client of the cluster's frontend, in its namespace. */
  client: Client;
  keys: { riec: string; coordinator: string };
  ministryCodes: string[];
  stop(): Promise<void>;
}

export interface TestClusterOptions {
  apiReplicas?: number;
  workers?: number;
  /** More environment for every product process (rate limits, intervals, ...). */
  env?: Record<string, string>;
  /** The Web UI is started only when asked for. */
  ui?: boolean;
}

/** The Temporal part alone: the real server on this run's PostgreSQL, in databases of its own. */
export interface TestTemporalCluster {
  temporal: RunningTemporalCluster;
  /** Stops the server and drops its databases. */
  stop(): Promise<void>;
}

export async function startTestTemporalCluster(options: { ui?: boolean } = {}): Promise<TestTemporalCluster> {
  const adminUrl = requiredTestEnv('TEST_DATABASE_ADMIN_URL');
  const suffix = crypto.randomBytes(4).toString('hex');
  const databases = temporalDatabasesOn(adminUrl, {
    temporal: `temporal_${suffix}`,
    visibility: `temporal_visibility_${suffix}`,
  });
  const dropOwnDatabases = () => dropDatabases(adminUrl, [databases.temporal, databases.visibility]);
  try {
    const temporal = await startTemporalCluster({
      databases,
      namespace: 'default',
      frontendPort: await findFreePort(),
      ...(options.ui ? { uiPort: await findFreePort() } : {}),
    });
    return {
      temporal,
      async stop() {
        await temporal.stop().catch(() => undefined);
        await dropOwnDatabases();
      },
    };
  } catch (error) {
    await dropOwnDatabases().catch(() => undefined);
    throw error;
  }
}

export async function startTestCluster(options: TestClusterOptions = {}): Promise<TestCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalloket-cluster-'));
  const stops: Array<() => Promise<unknown>> = [];
  const stopAll = async (): Promise<void> => {
    while (stops.length) await stops.pop()!().catch(() => undefined);
  };
  try {
    const [db, smtp] = await Promise.all([createTestDatabase(), startTestSmtpServer()]);
    stops.push(
      () => db.drop(),
      () => smtp.stop(),
    );
    const { temporal, stop: stopTemporal } = await startTestTemporalCluster(options.ui ? { ui: true } : {});
    stops.push(stopTemporal);

    const port = await findFreePort();
    const url = `http://127.0.0.1:${port}`;
    const replicas = await startReplicas({
      apiReplicas: options.apiReplicas ?? 2,
      workers: options.workers ?? 2,
      port,
      dir,
      workflowBundlePath: testWorkflowBundle().codePath,
      env: {
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: db.url,
        TEMPORAL_ADDRESS: temporal.address,
        TEMPORAL_NAMESPACE: temporal.namespace,
        SMTP_URL: smtp.url,
        RESPONSE_LINK_SECRET: TEST_RESPONSE_LINK_SECRET,
        PUBLIC_BASE_URL: url,
        // The tests send many requests from one address with one key; the budgets are not what is tested here.
        API_RATE_LIMIT: '100000',
        API_ADDRESS_RATE_LIMIT: '100000',
        ...options.env,
      },
    });
    stops.push(() => replicas.stop());

    const connection = await Connection.connect({ address: temporal.address });
    stops.push(() => connection.close());
    const client = new Client({ connection, namespace: temporal.namespace });

    const prisma = db.prisma;
    await createOrganisation(prisma, {
      code: 'RIEC-NH',
      name: 'RIEC Noord-Holland',
      email: 'signalen@riec-nh.example',
    });
    const ministryCodes = ['BZ', 'JenV'];
    await createExampleMinistry(prisma, 'BZ', 'Ministerie van Buitenlandse Zaken', TEST_PROCESSING_LOG);
    await createExampleMinistry(prisma, 'JenV', 'Ministerie van Justitie en Veiligheid', TEST_PROCESSING_LOG);
    await createUser(
      prisma,
      {
        email: 'coordinator@liec.example',
        name: 'Co Ordinator',
        role: 'coordinator',
      },
      TEST_PROCESSING_LOG,
    );
    const keys = {
      riec: (await createKey(prisma, { org: 'RIEC-NH' })).key,
      coordinator: (await createKey(prisma, { user: 'coordinator@liec.example' })).key,
    };
    return {
      url,
      temporal,
      replicas,
      db,
      smtp,
      client,
      keys,
      ministryCodes,
      async stop() {
        await stopAll();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopAll();
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function dropDatabases(adminUrl: string, names: string[]): Promise<void> {
  const client = new pg.Client(adminUrl);
  await client.connect();
  try {
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
