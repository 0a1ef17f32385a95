/**
 * The product's worker (worker/runtime.ts, the same composition root as worker/main.ts) as a separate process
 * that a drill can SIGKILL. The one difference from worker/main.ts: it takes the workflow bundle the drill built
 * once (WORKFLOW_BUNDLE), so a restart takes a second instead of a webpack run.
 */
import pino from 'pino';
import { parseEnvironment, toRuntimeConfig } from '../../shared/config';
import { TASK_QUEUE } from '../../shared/ids';
import { startWorkerRuntime } from '../../worker/runtime';
import { installTemporalLogging } from '../../worker/temporal-logging';

async function main(): Promise<void> {
  const env = parseEnvironment();
  const bundle = process.env.WORKFLOW_BUNDLE;
  if (!env.DATABASE_URL || !env.TEMPORAL_ADDRESS || !env.SMTP_URL || !bundle) {
    throw new Error('needs DATABASE_URL, TEMPORAL_ADDRESS, SMTP_URL and WORKFLOW_BUNDLE');
  }
  const config = toRuntimeConfig(
    env,
    { databaseUrl: env.DATABASE_URL, temporalAddress: env.TEMPORAL_ADDRESS, smtpUrl: env.SMTP_URL },
    TASK_QUEUE,
  );
  const logger = pino({ level: env.LOG_LEVEL });
  installTemporalLogging(logger, 'WARN');
  const running = await startWorkerRuntime(config, { logger, workflowBundle: { codePath: bundle } });
  process.stdout.write('WORKER_READY\n');
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
  console.error(error);
  process.exit(1);
});
