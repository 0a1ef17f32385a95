// First: tracing patches `http` and `pg` as they load.
import { tracing } from '../shared/telemetry/start-api';
import { workflowClientTelemetry } from '../shared/telemetry/temporal';
import { Client, Connection } from '@temporalio/client';
import { createMailTransport } from '../activities/mail';
import { createPrismaClient } from '../prisma/client';
import { ConfigError, parseEnvironment, toRuntimeConfig } from '../shared/config';
import { TASK_QUEUE } from '../shared/ids';
import { createProcessLogger } from '../shared/process-logger';
import { withStoredResponseLinkSecret } from '../shared/response-link-secret';
import { dataDirOf, readRuntimeFile } from '../shared/runtime-file';
import { temporalConnectionOptions } from '../worker/create-worker';
import { startApiServer } from './server';

/**
 * The API on its own (production deployments where worker and API run as separate processes). Service addresses
 * come from the environment, or from `.data/runtime.json` written by `npm start` on a development machine (and the
 * response-link secret from the file `npm start` keeps beside it, so both derive the same links).
 */
function resolveServices(env: ReturnType<typeof parseEnvironment>) {
  const runtime = readRuntimeFile(dataDirOf(env));
  const databaseUrl = env.DATABASE_URL ?? runtime.databaseUrl;
  const temporalAddress = env.TEMPORAL_ADDRESS ?? runtime.temporalAddress;
  if (!databaseUrl || !temporalAddress) {
    throw new ConfigError(
      'The API alone needs DATABASE_URL and TEMPORAL_ADDRESS (or a running `npm start`, which writes .data/runtime.json).',
    );
  }
  return {
    databaseUrl,
    temporalAddress,
    smtpUrl: env.SMTP_URL ?? runtime.smtpUrl ?? 'smtp://localhost:1025',
  };
}

async function main(): Promise<void> {
  const env = withStoredResponseLinkSecret(parseEnvironment());
  const config = toRuntimeConfig(env, resolveServices(env), TASK_QUEUE);
  const logger = createProcessLogger(env.LOG_LEVEL);
  const prisma = createPrismaClient(config.databaseUrl);
  // Lazy: the API starts (and serves reads) while Temporal is still unreachable.
  const connection = Connection.lazy(temporalConnectionOptions(config.temporal));
  // The client interceptor carries each request's trace into the workflows it starts, signals and updates.
  const temporal = new Client({
    connection,
    namespace: config.temporal.namespace,
    interceptors: workflowClientTelemetry(),
  });
  // The API mails only reissued response links; everything else is the worker's.
  const transport = createMailTransport(config.smtpUrl);
  const api = await startApiServer({
    config,
    prisma,
    temporal,
    logger,
    port: env.PORT,
    ops: { port: env.OPS_PORT, host: env.OPS_HOST },
    rateLimit: { limit: env.API_RATE_LIMIT, addressLimit: env.API_ADDRESS_RATE_LIMIT },
    mail: { transport },
    // Where the dashboard links each signal's workflow (a cluster's Web UI); none when unset.
    ...(env.TEMPORAL_UI_URL ? { app: { dashboard: { temporalUiBaseUrl: env.TEMPORAL_UI_URL } } } : {}),
    shutdownGraceMs: env.SHUTDOWN_GRACE_SECONDS * 1000,
    shutdownDelayMs: env.SHUTDOWN_DELAY_SECONDS * 1000,
  });
  logger.info(
    { url: api.url, opsUrl: api.opsUrl },
    `API listening on ${api.url} (docs: ${api.url}/api/v1/docs); /readyz and /metrics on ${api.opsUrl}`,
  );

  // SIGTERM (a rolling upgrade, a scale-down) drains: see RunningApiServer.close. Exits 0 once drained.
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    void api
      .close()
      .then(() => {
        transport.close();
        return Promise.all([connection.close(), prisma.$disconnect(), tracing.shutdown()]);
      })
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
