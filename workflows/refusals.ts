import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { INVALID_UPDATE_INPUT } from '../shared/lifecycle';
import { refusalFromDetails } from '../shared/refusal-catalogue';
import type { Refusal } from './lifecycle-rules';

/** A refusal built before the catalogue (a type and a message only); its caller sees the message as its reason. */
type UncodedRefusal = Pick<Refusal, 'type' | 'message'>;

/**
 * A refusal as the caller of an update receives it: non-retryable, with the rule's type and English reason, and
 * the code and parameters in the details so every caller can word it in its own language. The details add no
 * command to the history: a refusal only fails the update.
 */
export function refusalFailure(refusal: Refusal | UncodedRefusal): ApplicationFailure {
  return ApplicationFailure.create({
    type: refusal.type,
    message: refusal.message,
    nonRetryable: true,
    ...('code' in refusal ? { details: [{ code: refusal.code, params: refusal.params }] } : {}),
  });
}

/** A business error from an activity (unknown ministry, impossible date) refuses the decision with its reason. */
export function asRefusal(error: unknown): unknown {
  if (
    error instanceof ActivityFailure &&
    error.cause instanceof ApplicationFailure &&
    error.cause.nonRetryable
  ) {
    const coded = refusalFromDetails(error.cause.details, error.cause.message);
    // The activity's message is its refusal's English text already: it stays the reason.
    return refusalFailure({ ...coded, type: INVALID_UPDATE_INPUT, message: error.cause.message });
  }
  return error;
}
