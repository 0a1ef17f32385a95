/**
 * `npm run cluster`: the product in its production topology on this machine. PostgreSQL (embedded, or
 * DATABASE_URL's server), the real Temporal server on it (frontend, history, matching and worker as separate
 * processes, with its Web UI), MailDev, two worker processes, two API replicas and HAProxy in front of them.
 * Demo data on the first start; the same summary and clean Ctrl-C as `npm start`, which stays the small default.
 * State lives in DATA_DIR (default .data/cluster), apart from npm start's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { createPrismaClient } from '../../prisma/client';
import { ConfigError, parseEnvironment } from '../../shared/config';
import { LOG_REDACT_PATHS } from '../../shared/log-redaction';
import { defaultDataDir } from '../../shared/runtime-file';
import { bundleWorkflows, temporalConnectionOptions } from '../../worker/create-worker';
import { installTemporalLogging } from '../../worker/temporal-logging';
import { seedDemoData } from '../seed/demo';
import { createProcessingLog } from '../../activities/processing-log/record';
import { startEmbeddedServices } from '../services/embedded';
import { localRuntimeConfig } from '../services/local-runtime';
import { PortBusyError, assertPortFree } from '../services/ports';
import { exitOnStartFailure, installShutdown } from '../services/shutdown';
import { formatRunningSummary } from '../services/summary';
import { startReplicas } from './replicas';
import { startTemporalCluster } from './temporal-cluster';
import { temporalDatabasesOn } from './temporal-schema';

const API_REPLICAS = 2;
const WORKERS = 2;

async function main(): Promise<void> {
  const began = Date.now();
  const env = parseEnvironment();
  const logger = pino({ level: process.env.LOG_LEVEL ? env.LOG_LEVEL : 'warn', redact: LOG_REDACT_PATHS });
  const say = (message: string): void => console.log(`signaalloket: ${message}`);
  installTemporalLogging(logger);
  await assertPortFree(env.PORT, 'the load balancer in front of the API replicas, PORT');

  const shutdown = installShutdown({
    say,
    onStopError: (error) => logger.error({ err: error }, 'stop failed'),
  });
  const events = {
    // The product's processes log at LOG_LEVEL (warn unless asked): their lines are worth a look. Temporal's and
    // HAProxy's own chatter stays out of the terminal (it is in the error when one fails to start).
    onLine: (name: string, line: string) => {
      if ((name.startsWith('API replica') || name.startsWith('worker')) && line !== 'WORKER_READY')
        console.log(`${name}: ${line}`);
    },
    onUnexpectedExit: (name: string, code: number | null, signal: NodeJS.Signals | null) =>
      say(`${name} exited (${signal ?? `code ${code}`}); the others go on without it`),
  };
  const dataDir = env.DATA_DIR ? path.resolve(env.DATA_DIR) : path.join(defaultDataDir, 'cluster');
  say('starting PostgreSQL, the Temporal cluster and the mail catcher …');
  const services = await startEmbeddedServices(env, {
    dataDir,
    log: say,
    postgresStateName: 'cluster-postgres',
    startTemporal: ({ serverUrl }) =>
      startTemporalCluster({
        databases: temporalDatabasesOn(serverUrl, {
          temporal: 'temporal',
          visibility: 'temporal_visibility',
        }),
        namespace: env.TEMPORAL_NAMESPACE,
        frontendPort: env.TEMPORAL_PORT,
        uiPort: env.TEMPORAL_UI_PORT,
        events,
      }),
  });
  shutdown.add(() => services.stop());

  try {
    const config = localRuntimeConfig(env, services, dataDir);

    say(`bundling the workflows once for ${WORKERS} workers …`);
    const workflowBundlePath = path.join(dataDir, 'workflow-bundle.js');
    fs.writeFileSync(workflowBundlePath, (await bundleWorkflows()).code);

    say(`starting ${WORKERS} workers, ${API_REPLICAS} API replicas and the load balancer …`);
    const temporalUiUrl = services.temporalUiUrl ?? env.TEMPORAL_UI_URL;
    const replicas = await startReplicas({
      apiReplicas: API_REPLICAS,
      workers: WORKERS,
      port: env.PORT,
      dir: dataDir,
      workflowBundlePath,
      events,
      env: {
        DATABASE_URL: config.databaseUrl,
        TEMPORAL_ADDRESS: config.temporal.address,
        TEMPORAL_NAMESPACE: config.temporal.namespace,
        TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
        SMTP_URL: config.smtpUrl,
        RESPONSE_LINK_SECRET: config.responseLinkSecret,
        // Links in mails and pages point at the load balancer, not at the replica that wrote them.
        PUBLIC_BASE_URL: config.publicBaseUrl,
        LOG_LEVEL: process.env.LOG_LEVEL ? env.LOG_LEVEL : 'warn',
        ...(temporalUiUrl ? { TEMPORAL_UI_URL: temporalUiUrl } : {}),
      },
    });
    shutdown.add(() => replicas.stop());

    const prisma = createPrismaClient(config.databaseUrl);
    const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
    let seeded;
    try {
      const temporal = new Client({ connection, namespace: config.temporal.namespace });
      // The replicas get this environment (PROCESSING_LOG_KEY or RESPONSE_LINK_SECRET): the same pseudonyms.
      seeded = await seedDemoData({
        prisma,
        temporal,
        config,
        logger,
        processingLog: createProcessingLog(config.processingRegister),
      });
    } finally {
      await connection.close();
      await prisma.$disconnect();
    }

    const adminCommand = `DATA_DIR=${path.relative(process.cwd(), dataDir) || dataDir} npm run admin`;
    console.log(
      formatRunningSummary({
        title: `signaalloket is running as a cluster (started in ${Math.round((Date.now() - began) / 1000)} s). Ctrl-C stops everything.`,
        base: config.publicBaseUrl,
        seeded,
        adminCommand,
        services: [
          ['Temporal web UI', services.temporalUiUrl],
          ['Temporal frontend', services.temporalUiUrl ? services.temporalAddress : undefined],
          ['Mail inbox (MailDev)', services.mailUiUrl],
          ['PostgreSQL data', services.postgresDataDir],
          ['Admin CLI', `${adminCommand} -- …`],
        ],
        operations: [
          ['Load balancer (HAProxy)', `${replicas.url}  statistics: ${replicas.statsUrl}`],
          ...replicas.apis.map((api, i): [string, string] => [
            `API replica ${i + 1}`,
            `${api.url}  readiness: ${api.readyUrl}  metrics: http://127.0.0.1:${api.opsPort}/metrics`,
          ]),
          ['Workers', replicas.workers.map((worker) => `${worker.name} (pid ${worker.pid()})`).join(', ')],
        ],
      }),
    );
  } catch (error) {
    await shutdown.stopAll();
    throw error;
  }
}

main().catch((error: unknown) =>
  exitOnStartFailure(error, error instanceof PortBusyError || error instanceof ConfigError),
);
