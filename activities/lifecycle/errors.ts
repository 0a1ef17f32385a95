import { ApplicationFailure } from '@temporalio/common';
import {
  codedRefusal,
  refusalText,
  type RefusalCode,
  type RefusalParams,
} from '../../shared/refusal-catalogue';

/**
 * Business errors: retrying cannot help, so they are non-retryable and carry a type the workflow and the API can
 * recognise, plus the refusal's catalogue code and parameters (details) so the dashboard and the ministry pages
 * can word it in Dutch. Infrastructure errors (database down) stay ordinary errors and are retried by the policy.
 */
export const BusinessErrorType = {
  unknownMinistry: 'UnknownMinistry',
  unknownReply: 'UnknownReply',
  signalNotFound: 'SignalNotFound',
  invalidDeadline: 'InvalidDeadline',
  invalidPolicy: 'InvalidPolicy',
} as const;

export function businessError<C extends RefusalCode>(
  type: (typeof BusinessErrorType)[keyof typeof BusinessErrorType],
  code: C,
  params: RefusalParams[C],
) {
  const refusal = codedRefusal(code, params);
  return ApplicationFailure.create({
    type,
    message: refusalText(refusal, 'en'),
    nonRetryable: true,
    details: [refusal],
  });
}
