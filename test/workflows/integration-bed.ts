import type { WorkflowHandle } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { createActivities, type LifecycleActivities } from '../../activities';
import { createMailActivities, createMailTransport } from '../../activities/mail';
import type { WorkerDeploymentVersion } from '../../shared/config';
import { signalWorkflowId } from '../../shared/ids';
import { SIGNAL_LIFECYCLE_WORKFLOW } from '../../shared/lifecycle';
import type { signalLifecycle } from '../../workflows';
import { createWorker } from '../../worker/create-worker';
import { createSignalRow, seedWorld } from '../activities/fixtures';
import { testMailConfig } from '../mail/fixtures';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { requiredTestEnv } from '../support/env';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp';
import { connectDevTemporal, type DevTemporal } from '../support/temporal';
import { testWorkflowBundle } from '../support/workflow-bundle';

/**
 * What a file that runs the product's workflows on the Temporal dev server stands on: a database of its own with
 * the lifecycle's world (test/activities/fixtures.ts), a client of the dev server on a task queue of its own, an
 * SMTP server in this process, and the workers the file starts and stops itself, with the real activities.
 */
export interface IntegrationBed {
  db: TestDatabase;
  temporal: DevTemporal;
  smtp: TestSmtpServer;
  organisationId: string;
  /** The real activities on the bed's database, mailing through the bed's SMTP server. */
  activities(): LifecycleActivities;
  /**
   * Runs the product's worker (createWorker) on the bed's task queue, with the real activities unless others are
   * given. stop() waits for a clean shutdown; a worker still running when the file ends is stopped then.
   */
  runWorker(options?: {
    activities?: object;
    workerDeployment?: WorkerDeploymentVersion;
  }): Promise<{ worker: Worker; stop(): Promise<void> }>;
  /** Writes the Signal row as the API does, then starts its lifecycle on the bed's task queue. */
  startLifecycle(): Promise<{ signalId: string; handle: WorkflowHandle<typeof signalLifecycle> }>;
}

/**
 * Makes the bed before a file's tests and takes it down after them (workers first). The bed is empty until
 * `beforeAll` has run, so tests read its parts only when they run.
 */
export function useIntegrationBed(): IntegrationBed {
  let connection: NativeConnection | undefined;
  let transport: ReturnType<typeof createMailTransport> | undefined;
  const running = new Set<() => Promise<void>>();

  const bed = {} as IntegrationBed;
  const activities = () =>
    createActivities({
      prisma: bed.db.prisma,
      mail: createMailActivities({ prisma: bed.db.prisma, transport: transport!, config: testMailConfig() }),
    });
  const runWorker: IntegrationBed['runWorker'] = async (options = {}) => {
    const worker = await createWorker({
      connection: connection!,
      namespace: 'default',
      taskQueue: bed.temporal.taskQueue,
      activities: options.activities ?? activities(),
      workflowBundle: testWorkflowBundle(),
      ...(options.workerDeployment ? { workerDeployment: options.workerDeployment } : {}),
    });
    const run = worker.run();
    const stop = async () => {
      running.delete(stop);
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await run;
    };
    running.add(stop);
    return { worker, stop };
  };
  const startLifecycle: IntegrationBed['startLifecycle'] = async () => {
    const signalId = await createSignalRow(bed.db.prisma, bed.organisationId);
    const handle = await bed.temporal.client.workflow.start<typeof signalLifecycle>(
      SIGNAL_LIFECYCLE_WORKFLOW,
      {
        taskQueue: bed.temporal.taskQueue,
        workflowId: signalWorkflowId(signalId),
        args: [{ signalId, organisationCode: 'RIEC-ON' }],
      },
    );
    return { signalId, handle };
  };

  beforeAll(async () => {
    const [db, temporal, smtp] = await Promise.all([
      createTestDatabase(),
      connectDevTemporal(),
      startTestSmtpServer(),
    ]);
    Object.assign(bed, { db, temporal, smtp, activities, runWorker, startLifecycle });
    ({ organisationId: bed.organisationId } = await seedWorld(db.prisma));
    connection = await NativeConnection.connect({ address: requiredTestEnv('TEST_TEMPORAL_ADDRESS') });
    transport = createMailTransport(smtp.url);
  });
  afterAll(async () => {
    for (const stop of [...running]) await stop();
    transport?.close();
    await connection?.close();
    await bed.temporal?.close();
    await bed.smtp?.stop();
    await bed.db?.drop();
  });
  return bed;
}
