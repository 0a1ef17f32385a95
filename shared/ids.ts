/**
 * Task queue names and workflow ids, in one place. Workflow ids are derived from the signal's UUID and the
 * ministry's code only: never from titles, names or other content, since ids show up in Temporal's UI and logs.
 */
export const TASK_QUEUE = 'signaalloket';

export function signalWorkflowId(signalId: string): string {
  return `signal-${signalId}`;
}

export function ministryCaseWorkflowId(signalId: string, ministryCode: string): string {
  return `signal-${signalId}-ministry-${ministryCode.toLowerCase()}`;
}
