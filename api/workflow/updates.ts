import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  isGrpcServiceError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { INVALID_UPDATE_INPUT, UPDATE_REFUSED } from '../../shared/lifecycle';
import { chain } from '../http/infrastructure';
import { problem, type ProblemError } from '../http/problem';

// An update waits for the workflow to decide (a worker must pick it up); beyond this the client gets a 503.
const UPDATE_TIMEOUT_MS = 30_000;
// Activity business errors that mean "your input names something that does not exist".
const INPUT_ERROR_TYPES = new Set([
  INVALID_UPDATE_INPUT,
  'UnknownMinistry',
  'UnknownReply',
  'InvalidDeadline',
]);
const GRPC_NOT_FOUND = 5;
// The server's WorkflowNotReady: the workflow task that carried the decision failed (a worker died or answered
// with a stale view mid-task). The server retries that task, not the update, so the caller retries the decision.
const GRPC_FAILED_PRECONDITION = 9;

/** The gRPC error under a Temporal client error (the client wraps it as the cause of a ServiceError). */
function grpcCode(error: unknown): number | undefined {
  for (const link of chain(error)) if (isGrpcServiceError(link)) return link.code;
  return undefined;
}

function findApplicationFailure(error: unknown): ApplicationFailure | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    if (current instanceof ApplicationFailure) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Turns the workflow's answer to a decision into the API's: refused → 409 with the reason, bad input → 400. */
export function updateErrorToProblem(error: unknown): ProblemError | undefined {
  if (error instanceof WorkflowUpdateFailedError) {
    const failure = findApplicationFailure(error.cause);
    const reason = failure?.message || error.cause?.message || 'the workflow refused this decision';
    if (failure?.type && INPUT_ERROR_TYPES.has(failure.type)) return problem.invalid(reason);
    if (failure?.type === UPDATE_REFUSED) return problem.conflict(reason);
    return problem.conflict(reason);
  }
  if (
    error instanceof WorkflowNotFoundError ||
    (isGrpcServiceError(error) && (error.code as number) === GRPC_NOT_FOUND)
  ) {
    return problem.conflict('The lifecycle of this signal has ended; it accepts no further decisions.');
  }
  if (grpcCode(error) === GRPC_FAILED_PRECONDITION) {
    return problem.unavailable(
      'The workflow could not take the decision just now (its task is being retried); the decision was not applied. Retry with the same Idempotency-Key.',
      5,
    );
  }
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return problem.unavailable(
      'The workflow did not answer in time; the decision may still be applied. Retry with the same Idempotency-Key.',
      5,
    );
  }
  return undefined;
}

export async function executeSignalUpdate<Ret, Arg>(
  temporal: Client,
  workflowId: string,
  update: UpdateDefinition<Ret, [Arg]>,
  input: Arg,
  updateId?: string,
): Promise<Ret> {
  try {
    return await temporal.withDeadline(Date.now() + UPDATE_TIMEOUT_MS, () =>
      temporal.workflow
        .getHandle(workflowId)
        .executeUpdate(update, { args: [input], ...(updateId ? { updateId } : {}) }),
    );
  } catch (error) {
    const answer = updateErrorToProblem(error);
    if (answer) throw answer;
    throw error;
  }
}
