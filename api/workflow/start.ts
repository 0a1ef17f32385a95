import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { PrismaClient } from '../../generated/prisma/client';
import { SIGNAL_LIFECYCLE_WORKFLOW, type SignalLifecycleInput } from '../../shared/lifecycle';
import { startedMarksFor } from './started-marks';

// A submission answers within seconds even when Temporal is slow or down; the reconciler starts it later.
const START_TIMEOUT_MS = 3_000;

export interface StartDeps {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  now: () => Date;
}

/**
 * Starts the lifecycle of a stored signal (ids only in the input, never content) and records that it started.
 * An already running (or finished) workflow counts as started: starting is idempotent.
 */
export async function startSignalWorkflow(
  deps: StartDeps,
  signal: { id: string; workflowId: string; organisationCode: string; policyName?: string },
): Promise<void> {
  const input: SignalLifecycleInput = {
    signalId: signal.id,
    organisationCode: signal.organisationCode,
    ...(signal.policyName && signal.policyName !== 'default' ? { policyName: signal.policyName } : {}),
  };
  try {
    await deps.temporal.withDeadline(Date.now() + START_TIMEOUT_MS, () =>
      deps.temporal.workflow.start(SIGNAL_LIFECYCLE_WORKFLOW, {
        workflowId: signal.workflowId,
        taskQueue: deps.taskQueue,
        args: [input],
        // A finished lifecycle is never started again under the same id.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      }),
    );
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  // Concurrent submissions share one UPDATE (group commit); the reconciler relies on this mark, so it is awaited.
  await startedMarksFor(deps.prisma).mark(signal.id, deps.now());
}
