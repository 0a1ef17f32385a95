/**
 * The business keys under which a signal's workflow writes its timeline events and mails (a key per workflow and
 * step makes every write and every mail idempotent: docs/architecture.md#house-style). Code outside the workflow
 * that writes the same event, so that only one lands, takes the key from here. Pure: the workflows import it too.
 *
 * Never change a format: running workflows, replayed histories and stored rows depend on the exact strings.
 */

/** A timeline event of the state transition that made `version` (the workflow's commit). */
export function timelineEventKey(workflowId: string, version: number, step: string): string {
  return `${workflowId}:v${version}:${step}`;
}

/**
 * The "submitted" event: the workflow's first commit (version 1) writes it, and the API writes it too, inside the
 * transaction that stores the signal, so the timeline shows the submission before the workflow has run.
 */
export function submittedEventKey(workflowId: string): string {
  return timelineEventKey(workflowId, 1, 'submitted');
}

/** A mail the signal's workflow sends: after a commit (`v<version>`) or for a clock step (its own key). */
export function notificationKey(
  workflowId: string,
  step: string,
  template: string,
  ministryCode?: string,
): string {
  return `${workflowId}:${step}:${template}${ministryCode ? `:${ministryCode}` : ''}`;
}

/** A reminder or escalation of a clock (`reply-r1-escalation-2`): its timeline event, and in a ministry case its mail. */
export function clockStepKey(workflowId: string, stepKey: string): string {
  return `${workflowId}:${stepKey}`;
}
