import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

export type UpdateFailure = { kind: 'refused'; reason: string } | { kind: 'gone' } | { kind: 'unavailable' };

/** How an Update's failure reads for a contact: the workflow's own reason, "over", or "try later". */
export function classifyUpdateError(error: unknown): UpdateFailure {
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    if (cause instanceof ApplicationFailure || cause instanceof Error)
      return { kind: 'refused', reason: cause.message };
    return { kind: 'refused', reason: error.message };
  }
  // NOT_FOUND: no such workflow, or it has completed ("workflow execution already completed").
  if (error instanceof WorkflowNotFoundError) return { kind: 'gone' };
  return { kind: 'unavailable' };
}
