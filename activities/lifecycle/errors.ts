import { ApplicationFailure } from '@temporalio/common';

/**
 * Business errors: retrying cannot help, so they are non-retryable and carry a type the workflow and the API can
 * recognise. Infrastructure errors (database down) stay ordinary errors and are retried by the policy.
 */
export const BusinessErrorType = {
  unknownMinistry: 'UnknownMinistry',
  unknownReply: 'UnknownReply',
  signalNotFound: 'SignalNotFound',
  invalidDeadline: 'InvalidDeadline',
  invalidPolicy: 'InvalidPolicy',
} as const;

export function businessError(
  type: (typeof BusinessErrorType)[keyof typeof BusinessErrorType],
  message: string,
) {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}
