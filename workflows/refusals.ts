import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { INVALID_UPDATE_INPUT } from '../shared/lifecycle';
import type { Refusal } from './lifecycle-rules';

/** A refusal as the caller of an update receives it: non-retryable, with the rule's type and reason. */
export function refusalFailure(refusal: Refusal): ApplicationFailure {
  return ApplicationFailure.create({ type: refusal.type, message: refusal.message, nonRetryable: true });
}

/** A business error from an activity (unknown ministry, impossible date) refuses the decision with its reason. */
export function asRefusal(error: unknown): unknown {
  if (
    error instanceof ActivityFailure &&
    error.cause instanceof ApplicationFailure &&
    error.cause.nonRetryable
  ) {
    return refusalFailure({ type: INVALID_UPDATE_INPUT, message: error.cause.message });
  }
  return error;
}
