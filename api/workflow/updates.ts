import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { problem, type ProblemError } from '../http/problem';
import { classifyUpdateError, UPDATE_TIMEOUT_MS, type DecisionOutcome } from './decisions';

/** A decision that was not taken, as the API says it: problem+json with the workflow's English reason. */
export function outcomeToProblem(outcome: Exclude<DecisionOutcome<unknown>, { kind: 'ok' }>): ProblemError {
  switch (outcome.kind) {
    case 'invalid':
      return problem.invalid(outcome.message);
    case 'refused':
      return problem.conflict(outcome.message);
    case 'gone':
      return problem.conflict('The lifecycle of this signal has ended; it accepts no further decisions.');
    case 'unavailable':
      return outcome.reason === 'not_ready'
        ? problem.unavailable(
            'The workflow could not take the decision just now (its task is being retried); the decision was not applied. Retry with the same Idempotency-Key.',
            outcome.retryAfterSeconds,
          )
        : problem.unavailable(
            'The workflow did not answer in time; the decision may still be applied. Retry with the same Idempotency-Key.',
            outcome.retryAfterSeconds,
          );
  }
}

/** Turns the workflow's answer to a decision into the API's: refused → 409 with the reason, bad input → 400. */
export function updateErrorToProblem(error: unknown): ProblemError | undefined {
  const outcome = classifyUpdateError(error);
  return outcome && outcomeToProblem(outcome);
}

/** The decision's value, or the API's answer thrown: a problem, or an unexpected error for the error pipeline. */
export function decidedOrThrow<T>(outcome: DecisionOutcome<T>): T {
  if (outcome.kind === 'ok') return outcome.value;
  // Temporal unreachable (or anything unforeseen) goes to the error pipeline, which words it as before.
  if (outcome.kind === 'unavailable' && outcome.reason === 'failed') throw outcome.error;
  throw outcomeToProblem(outcome);
}

/**
 * Sends an update to a workflow that is known to run, with the API's deadline, and throws the API's answer when
 * it is not taken. Entry points take decisions through decide() (decisions.ts); this is for tools and tests that
 * act as a caller would without a signal row at hand.
 */
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
    throw updateErrorToProblem(error) ?? error;
  }
}
