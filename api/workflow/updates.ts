import { problem, type ProblemError } from '../http/problem';
import type { DecisionOutcome } from './decisions';

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

/** The decision's value, or the API's answer thrown: a problem, or an unexpected error for the error pipeline. */
export function decidedOrThrow<T>(outcome: DecisionOutcome<T>): T {
  if (outcome.kind === 'ok') return outcome.value;
  // Temporal unreachable (or anything unforeseen) goes to the error pipeline, which words it as before.
  if (outcome.kind === 'unavailable' && outcome.reason === 'failed') throw outcome.error;
  throw outcomeToProblem(outcome);
}
