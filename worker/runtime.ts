import { Client } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { Logger } from 'pino';
import { createActivities } from '../activities';
import { createEventDispatchQueue } from '../activities/events/dispatch-queue';
import { createMailActivities, createMailTransport, createOutboxDispatcher } from '../activities/mail';
import { createPrismaClient } from '../prisma/client';
import type { RuntimeConfig } from '../shared/config';
import { createWorker, temporalConnectionOptions, type WorkerDeps } from './create-worker';
import { createEventDispatcher } from './event-dispatcher';

export interface RunningWorker {
  worker: Worker;
  /** Resolves when the worker has stopped (after stop(), or on a fatal error, which it rethrows). */
  done: Promise<void>;
  stop(): Promise<void>;
}

/**
 * The worker process's composition root: Prisma, SMTP transport, mail activities and the outbox dispatcher,
 * the lifecycle and event-delivery activities with the event dispatcher, and the Temporal worker, all from one
 * parsed config.
 */
export async function startWorkerRuntime(
  config: RuntimeConfig,
  options: {
    logger: Logger;
    workflowBundle?: WorkerDeps['workflowBundle'];
    dispatcherPollMs?: number;
    tracing?: WorkerDeps['tracing'];
  },
): Promise<RunningWorker> {
  const prisma = createPrismaClient(config.databaseUrl);
  const transport = createMailTransport(config.smtpUrl);
  const mailDeps = { prisma, transport, config, logger: options.logger.child({ component: 'mail' }) };
  const dispatcher = createOutboxDispatcher({
    ...mailDeps,
    ...(options.dispatcherPollMs ? { pollIntervalMs: options.dispatcherPollMs } : {}),
  });
  const activities = createActivities({
    prisma,
    mail: createMailActivities(mailDeps),
    responseLinkValidDays: config.env.RESPONSE_LINK_VALID_DAYS,
    events: {
      events: config.events,
      publicBaseUrl: config.publicBaseUrl,
      logger: options.logger.child({ component: 'events' }),
    },
  });
  const connection = await NativeConnection.connect(temporalConnectionOptions(config.temporal));
  const eventDispatcher = createEventDispatcher({
    queue: createEventDispatchQueue(prisma),
    temporal: new Client({ connection, namespace: config.temporal.namespace }),
    taskQueue: config.temporal.taskQueue,
    events: config.events,
    logger: options.logger.child({ component: 'events' }),
    ...(options.dispatcherPollMs ? { pollIntervalMs: options.dispatcherPollMs } : {}),
  });
  const worker = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities,
    shutdownGraceMs: config.env.SHUTDOWN_GRACE_SECONDS * 1000,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : {}),
    ...(options.tracing ? { tracing: options.tracing } : {}),
    ...(config.temporal.workerDeployment ? { workerDeployment: config.temporal.workerDeployment } : {}),
  });
  dispatcher.start();
  eventDispatcher.start();
  const done = worker.run().finally(async () => {
    await Promise.all([dispatcher.stop(), eventDispatcher.stop()]);
    await connection.close();
    transport.close();
    await prisma.$disconnect();
  });
  return {
    worker,
    done,
    /**
     * Drains: polls no new tasks, lets the activities in progress finish (within SHUTDOWN_GRACE_SECONDS) and the
     * dispatcher end its current attempt, then closes the connections.
     */
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await Promise.all([dispatcher.stop(), eventDispatcher.stop(), done]);
    },
  };
}
