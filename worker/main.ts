/**
 * The worker on its own (production deployments where worker and API run as separate processes). Service
 * addresses come from the environment: DATABASE_URL, TEMPORAL_ADDRESS (+ TLS/API key), SMTP_URL.
 */
// First: tracing patches `pg` and `http` as they load.
import { tracing } from '../shared/telemetry/start-worker';
import { ConfigError, parseEnvironment } from '../shared/config';
import { withStoredResponseLinkSecret } from '../shared/response-link-secret';
import { startWorkerOpsListener } from './ops-listener';
import { runWorkerProcess } from './process';
import { prebuiltWorkflowBundle } from './workflow-bundle-file';

async function main(): Promise<void> {
  // Beside a local `npm start`, the links' secret comes from its data folder unless RESPONSE_LINK_SECRET is set.
  const env = withStoredResponseLinkSecret(parseEnvironment());
  if (!env.DATABASE_URL || !env.TEMPORAL_ADDRESS || !env.SMTP_URL) {
    throw new ConfigError(
      'The worker alone needs DATABASE_URL, TEMPORAL_ADDRESS and SMTP_URL (npm start sets them up locally).',
    );
  }
  const workflowBundle = prebuiltWorkflowBundle(env.WORKFLOW_BUNDLE_PATH);
  await runWorkerProcess(
    env,
    { databaseUrl: env.DATABASE_URL, temporalAddress: env.TEMPORAL_ADDRESS, smtpUrl: env.SMTP_URL },
    {
      temporalLogLevel: 'INFO',
      tracing,
      ...(workflowBundle ? { workflowBundle } : {}),
      onRunning: async (logger, config, running) => {
        const ops = await startWorkerOpsListener({
          worker: running.worker,
          host: env.OPS_HOST,
          port: env.OPS_PORT,
        });
        logger.info(
          {
            taskQueue: config.temporal.taskQueue,
            workerDeployment: config.temporal.workerDeployment ?? 'unversioned',
            workflowBundle: workflowBundle?.codePath ?? 'bundled from workflows/ at start',
            opsUrl: ops.url,
          },
          `worker running; /healthz and /readyz on ${ops.url}`,
        );
      },
    },
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
