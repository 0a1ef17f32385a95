/**
 * The worker on its own (production deployments where worker and API run as separate processes). Service
 * addresses come from the environment: DATABASE_URL, TEMPORAL_ADDRESS (+ TLS/API key), SMTP_URL.
 */
import pino from 'pino';
import { ConfigError, parseEnvironment, toRuntimeConfig } from '../shared/config';
import { TASK_QUEUE } from '../shared/ids';
import { startWorkerRuntime } from './runtime';
import { installTemporalLogging } from './temporal-logging';

async function main(): Promise<void> {
  const env = parseEnvironment();
  if (!env.DATABASE_URL || !env.TEMPORAL_ADDRESS || !env.SMTP_URL) {
    throw new ConfigError(
      'The worker alone needs DATABASE_URL, TEMPORAL_ADDRESS and SMTP_URL (npm start sets them up locally).',
    );
  }
  const config = toRuntimeConfig(
    env,
    { databaseUrl: env.DATABASE_URL, temporalAddress: env.TEMPORAL_ADDRESS, smtpUrl: env.SMTP_URL },
    TASK_QUEUE,
  );
  const logger = pino({ level: env.LOG_LEVEL });
  installTemporalLogging(logger, 'INFO');
  const running = await startWorkerRuntime(config, { logger });
  logger.info({ taskQueue: config.temporal.taskQueue }, 'worker running');
  const shutdown = (): void =>
    void running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await running.done;
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
