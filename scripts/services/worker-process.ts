/**
 * The product's worker (runWorkerProcess in worker/process.ts, which worker/main.ts runs too) as a separate process
 * that a drill or the cluster (scripts/cluster/replicas.ts) starts, kills and starts again. The one difference from
 * worker/main.ts: it takes a workflow bundle built once beforehand (WORKFLOW_BUNDLE), so every worker and every
 * restart takes a second instead of a webpack run. It prints WORKER_READY once it polls.
 */
// First: tracing patches `pg` and `http` as they load.
import { tracing } from '../../shared/telemetry/start-worker';
import { parseEnvironment } from '../../shared/config';
import { runWorkerProcess } from '../../worker/process';

async function main(): Promise<void> {
  const env = parseEnvironment();
  const bundle = process.env.WORKFLOW_BUNDLE;
  if (!env.DATABASE_URL || !env.TEMPORAL_ADDRESS || !env.SMTP_URL || !bundle) {
    throw new Error('needs DATABASE_URL, TEMPORAL_ADDRESS, SMTP_URL and WORKFLOW_BUNDLE');
  }
  await runWorkerProcess(
    env,
    { databaseUrl: env.DATABASE_URL, temporalAddress: env.TEMPORAL_ADDRESS, smtpUrl: env.SMTP_URL },
    {
      temporalLogLevel: 'WARN',
      tracing,
      workflowBundle: { codePath: bundle },
      onRunning: () => process.stdout.write('WORKER_READY\n'),
    },
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
