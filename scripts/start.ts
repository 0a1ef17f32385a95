/**
 * `npm start`: the whole product on embedded defaults (or on whatever DATABASE_URL / TEMPORAL_ADDRESS / SMTP_URL
 * point at): PostgreSQL, Temporal dev server with its web UI, MailDev, the worker, the API with the ministry
 * pages and the dashboard, and demo data on first start. Ctrl-C stops everything; a second start reuses the data.
 */
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { createMailTransport } from '../activities/mail';
import { startApiServer } from '../api/server';
import { createPrismaClient } from '../prisma/client';
import { ConfigError, parseEnvironment } from '../shared/config';
import { LOG_REDACT_PATHS } from '../shared/log-redaction';
import { dataDirOf } from '../shared/runtime-file';
import { startWorkerRuntime } from '../worker/runtime';
import { temporalConnectionOptions } from '../worker/create-worker';
import { installTemporalLogging } from '../worker/temporal-logging';
import { PortBusyError, assertPortFree } from './services/ports';
import { startEmbeddedServices } from './services/embedded';
import { localRuntimeConfig } from './services/local-runtime';
import { exitOnStartFailure, installShutdown } from './services/shutdown';
import { formatRunningSummary } from './services/summary';
import { seedDemoData } from './seed/demo';
import { createProcessingLog } from '../activities/processing-log/record';

async function main(): Promise<void> {
  const env = parseEnvironment();
  // On a developer's terminal, the printed addresses matter more than a log line per request: warn and up,
  // unless LOG_LEVEL asks for more.
  const logger = pino({
    level: process.env.LOG_LEVEL ? env.LOG_LEVEL : 'warn',
    redact: LOG_REDACT_PATHS,
  });
  const say = (message: string): void => console.log(`signaalloket: ${message}`);
  installTemporalLogging(logger);
  await assertPortFree(env.PORT, 'the API and dashboard, PORT');
  await assertPortFree(env.OPS_PORT, 'readiness and metrics, OPS_PORT');

  const shutdown = installShutdown({
    say,
    onStopError: (error) => logger.error({ err: error }, 'stop failed'),
  });
  say('starting PostgreSQL, Temporal and the mail catcher …');
  const dataDir = dataDirOf(env);
  const services = await startEmbeddedServices(env, { dataDir, log: say });
  shutdown.add(() => services.stop());

  try {
    const config = localRuntimeConfig(env, services, dataDir);

    say('starting the worker …');
    const worker = await startWorkerRuntime(config, { logger: logger.child({ component: 'worker' }) });
    shutdown.add(() => worker.stop());
    worker.done.catch((error: unknown) => {
      logger.error({ err: error }, 'the worker stopped');
      shutdown.trigger('worker failure');
    });

    const prisma = createPrismaClient(config.databaseUrl);
    const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
    shutdown.add(async () => {
      await connection.close();
      await prisma.$disconnect();
    });
    const temporal = new Client({ connection, namespace: config.temporal.namespace });
    const temporalUiUrl = services.temporalUiUrl ?? env.TEMPORAL_UI_URL;
    const transport = createMailTransport(config.smtpUrl); // for links a coordinator reissues
    shutdown.add(() => Promise.resolve(transport.close()));
    const api = await startApiServer({
      config,
      prisma,
      temporal,
      logger: logger.child({ component: 'api' }),
      port: env.PORT,
      ops: { port: env.OPS_PORT, host: env.OPS_HOST },
      rateLimit: { limit: env.API_RATE_LIMIT, addressLimit: env.API_ADDRESS_RATE_LIMIT },
      mail: { transport },
      ...(temporalUiUrl ? { app: { dashboard: { temporalUiBaseUrl: temporalUiUrl } } } : {}),
    });
    shutdown.add(() => api.close());

    const seeded = await seedDemoData({
      prisma,
      temporal,
      config,
      logger,
      processingLog: createProcessingLog(config.processingRegister),
    });
    console.log(
      formatRunningSummary({
        title: 'signaalloket is running. Ctrl-C stops everything.',
        base: config.publicBaseUrl,
        seeded,
        services: [
          ['Temporal web UI', services.temporalUiUrl],
          ['Mail inbox (MailDev)', services.mailUiUrl],
          ['PostgreSQL data', services.postgresDataDir],
        ],
        operations: [['Readiness and metrics', `${api.opsUrl}/readyz  ${api.opsUrl}/metrics`]],
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
