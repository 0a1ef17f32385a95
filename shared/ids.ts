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

/** The ministry's follow-up run of its adopted recommendations (a `ministryCase` started with `followUp`). */
export function followUpWorkflowId(signalId: string, ministryCode: string): string {
  return `${ministryCaseWorkflowId(signalId, ministryCode)}-follow-up`;
}

/** A UUID in its canonical text form, any case: the one check of a path or form value before it reaches a query. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One round of one event delivery (activities/events/): started once per round, whichever dispatcher starts it. */
export function eventDeliveryWorkflowId(deliveryId: string, round: number): string {
  return `event-delivery-${deliveryId}-${round}`;
}
