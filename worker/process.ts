import type { LogLevel } from '@temporalio/worker';
import type { Logger } from 'pino';
import {
  toRuntimeConfig,
  type Environment,
  type ResolvedServices,
  type RuntimeConfig,
} from '../shared/config';
import { TASK_QUEUE } from '../shared/ids';
import { createProcessLogger } from '../shared/process-logger';
import type { Tracing } from '../shared/telemetry/tracing';
import type { WorkerDeps } from './create-worker';
import { startWorkerRuntime, type RunningWorker } from './runtime';
import { installTemporalLogging } from './temporal-logging';

export interface WorkerProcessOptions {
  /** The lowest level of the Temporal SDK's own log lines that is passed on. */
  temporalLogLevel: LogLevel;
  /** A workflow bundle built beforehand; without it the worker bundles the workflows when it starts. */
  workflowBundle?: WorkerDeps['workflowBundle'];
  /** Called once the worker runs, to say so (and, in worker/main.ts, to serve its probes); awaited when async. */
  onRunning(logger: Logger, config: RuntimeConfig, running: RunningWorker): unknown;
  /** The process's tracing (shared/telemetry/start-worker); flushed on shutdown. */
  tracing?: Tracing;
}

/**
 * The worker as a process of its own (worker/main.ts, and the drills' killable worker): config from the
 * environment and the resolved services, a pino logger, the worker runtime; SIGINT or SIGTERM stop it and end the
 * process. Resolves when the worker has stopped.
 */
export async function runWorkerProcess(
  env: Environment,
  services: ResolvedServices,
  options: WorkerProcessOptions,
): Promise<void> {
  const config = toRuntimeConfig(env, services, TASK_QUEUE);
  const logger = createProcessLogger(env.LOG_LEVEL);
  installTemporalLogging(logger, options.temporalLogLevel);
  const running = await startWorkerRuntime(config, {
    logger,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : {}),
    ...(options.tracing ? { tracing: options.tracing } : {}),
  });
  await options.onRunning(logger, config, running);
  // SIGTERM (a rolling upgrade, a scale-down) drains: no new tasks, the ones in progress finish, then exit 0.
  const shutdown = (signal: NodeJS.Signals): void => {
    logger.info({ signal, graceSeconds: env.SHUTDOWN_GRACE_SECONDS }, 'draining: finishing activity tasks');
    void running
      .stop()
      .then(() => options.tracing?.shutdown())
      .then(
        () => {
          logger.info('worker drained');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'worker did not drain cleanly');
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await running.done;
}
