import {
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { INVALID_UPDATE_INPUT, UPDATE_REFUSED } from '../../shared/lifecycle';
import { classifyUpdateError } from '../../api/workflow/decisions';
import { outcomeToProblem } from '../../api/workflow/updates';

/** A failed update as the API answers it: classified by the decisions module, worded by the API. */
function updateErrorToProblem(error: unknown) {
  const outcome = classifyUpdateError(error);
  return outcome && outcomeToProblem(outcome);
}

/** How the workflow's answers to a decision become HTTP answers (the end-to-end suites cover the common ones). */
describe('updateErrorToProblem', () => {
  const failed = (type: string, message: string) =>
    new WorkflowUpdateFailedError(
      'Workflow Update failed',
      ApplicationFailure.create({ type, message, nonRetryable: true }),
    );

  it('a refused transition is 409 with the workflow’s reason', () => {
    const answer = updateErrorToProblem(failed(UPDATE_REFUSED, 'cannot close: the signal is in review'));
    expect(answer).toMatchObject({ status: 409, detail: 'cannot close: the signal is in review' });
  });

  it('input the workflow cannot use (unknown ministry, bad date) is 400', () => {
    for (const type of [INVALID_UPDATE_INPUT, 'UnknownMinistry', 'UnknownReply', 'InvalidDeadline']) {
      expect(updateErrorToProblem(failed(type, 'no ministry with code XYZ'))).toMatchObject({
        status: 400,
        detail: 'no ministry with code XYZ',
      });
    }
  });

  it('a finished lifecycle is 409; a decision the workflow did not answer in time is 503 with Retry-After', () => {
    expect(updateErrorToProblem(new WorkflowNotFoundError('gone', 'signal-x', undefined))).toMatchObject({
      status: 409,
    });
    const timeout = updateErrorToProblem(new WorkflowUpdateRPCTimeoutOrCancelledError('timed out'));
    expect(timeout).toMatchObject({ status: 503, extra: { headers: { 'Retry-After': '5' } } });
    expect(timeout?.detail).toMatch(/same Idempotency-Key/);
  });

  it('a decision whose workflow task failed (the server’s WorkflowNotReady) is 503: retry, not 500', () => {
    // What the client throws (seen in the 1,000-signal kill drill while workers were SIGKILLed mid-task).
    const notReady = Object.assign(
      new Error(
        '9 FAILED_PRECONDITION: Unable to perform workflow execution update due to unexpected workflow task failure.',
      ),
      {
        code: 9, // FAILED_PRECONDITION
        details: 'Unable to perform workflow execution update due to unexpected workflow task failure.',
        metadata: {},
      },
    );
    const answer = updateErrorToProblem(new ServiceError('Workflow Update failed', { cause: notReady }));
    expect(answer).toMatchObject({ status: 503, extra: { headers: { 'Retry-After': '5' } } });
    expect(answer?.detail).toMatch(/not applied/);
  });

  it('keeps the English message as detail and hands the refusal’s code to the other entry points', () => {
    const coded = new WorkflowUpdateFailedError(
      'Workflow Update failed',
      ApplicationFailure.create({
        type: UPDATE_REFUSED,
        message: 'cannot decide: ministry BZ has no pending extension request',
        nonRetryable: true,
        details: [{ code: 'no_pending_extension', params: { ministryCode: 'BZ' } }],
      }),
    );
    expect(updateErrorToProblem(coded)).toMatchObject({
      status: 409,
      detail: 'cannot decide: ministry BZ has no pending extension request',
    });
    expect(classifyUpdateError(coded)).toEqual({
      kind: 'refused',
      refusal: { code: 'no_pending_extension', params: { ministryCode: 'BZ' } },
      message: 'cannot decide: ministry BZ has no pending extension request',
    });
    expect(classifyUpdateError(failed(UPDATE_REFUSED, 'an older reason'))).toMatchObject({
      kind: 'refused',
      refusal: { code: 'unrecognised', params: { message: 'an older reason' } },
    });
  });

  it('leaves other errors to the error pipeline', () => {
    expect(updateErrorToProblem(new Error('boom'))).toBeUndefined();
  });
});
