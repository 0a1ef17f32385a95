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
import { ConfigError, parseEnvironment, toRuntimeConfig } from '../shared/config';
import { TASK_QUEUE } from '../shared/ids';
import { LOG_REDACT_PATHS } from '../shared/log-redaction';
import { ensureResponseLinkSecret } from '../shared/response-link-secret';
import { dataDirOf, writeRuntimeFile } from '../shared/runtime-file';
import { startWorkerRuntime } from '../worker/runtime';
import { temporalConnectionOptions } from '../worker/create-worker';
import { installTemporalLogging } from '../worker/temporal-logging';
import { PortBusyError, assertPortFree } from './services/ports';
import { startEmbeddedServices } from './services/embedded';
import { DEMO_COORDINATOR } from './seed/data';
import { seedDemoData } from './seed/demo';

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

  say('starting PostgreSQL, Temporal and the mail catcher …');
  const dataDir = dataDirOf(env);
  const services = await startEmbeddedServices(env, { dataDir, log: say });
  const stops: Array<() => Promise<void>> = [() => services.stop()];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse())
      await stop().catch((error: unknown) => logger.error({ err: error }, 'stop failed'));
  };
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping …`);
    void stopAll().then(
      () => {
        say('stopped');
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('Ctrl-C'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));

  try {
    const responseLinkSecret = env.RESPONSE_LINK_SECRET ?? ensureResponseLinkSecret(dataDir);
    const config = toRuntimeConfig(
      { ...env, RESPONSE_LINK_SECRET: responseLinkSecret },
      services,
      TASK_QUEUE,
    );
    writeRuntimeFile(dataDir, services);

    say('starting the worker …');
    const worker = await startWorkerRuntime(config, { logger: logger.child({ component: 'worker' }) });
    stops.push(() => worker.stop());
    worker.done.catch((error: unknown) => {
      logger.error({ err: error }, 'the worker stopped');
      shutdown('worker failure');
    });

    const prisma = createPrismaClient(config.databaseUrl);
    const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
    stops.push(async () => {
      await connection.close();
      await prisma.$disconnect();
    });
    const temporal = new Client({ connection, namespace: config.temporal.namespace });
    const temporalUiUrl = services.temporalUiUrl ?? env.TEMPORAL_UI_URL;
    const transport = createMailTransport(config.smtpUrl); // for links a coordinator reissues
    stops.push(() => Promise.resolve(transport.close()));
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
    stops.push(() => api.close());

    const seeded = await seedDemoData({ prisma, temporal, config, logger });
    const base = config.publicBaseUrl;
    console.log(
      [
        '',
        'signaalloket is running. Ctrl-C stops everything.',
        `  Dashboard (coordinators) ${base}/`,
        seeded.coordinatorLogin
          ? `      log in as             ${seeded.coordinatorLogin.email} / ${seeded.coordinatorLogin.password}`
          : `      log in as             ${DEMO_COORDINATOR.email} (password shown at the first start; a new one: ` +
            `npm run admin -- user password --email ${DEMO_COORDINATOR.email})`,
        `  REST API                 ${base}/api/v1`,
        `  API documentation        ${base}/api/v1/docs  (OpenAPI: ${base}/openapi.json)`,
        ...(services.temporalUiUrl ? [`  Temporal web UI          ${services.temporalUiUrl}`] : []),
        ...(services.mailUiUrl ? [`  Mail inbox (MailDev)     ${services.mailUiUrl}`] : []),
        ...(services.postgresDataDir ? [`  PostgreSQL data          ${services.postgresDataDir}`] : []),
        `  Health                   ${base}/healthz`,
        `  Readiness and metrics    ${api.opsUrl}/readyz  ${api.opsUrl}/metrics`,
        ...(seeded.submitterApiKey
          ? [`  Demo RIEC API key        ${seeded.submitterApiKey}  (shown on first start only)`]
          : []),
        '',
      ].join('\n'),
    );
  } catch (error) {
    await stopAll();
    throw error;
  }
}

main().catch((error: unknown) => {
  const known = error instanceof PortBusyError || error instanceof ConfigError;
  console.error(
    `signaalloket: could not start: ${known ? error.message : error instanceof Error ? error.stack : String(error)}`,
  );
  process.exit(1);
});
