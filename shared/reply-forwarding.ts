import { defineUpdate } from '@temporalio/workflow';
import type { Actor, TransitionResult } from './lifecycle';

/**
 * Forwarding a ministry's reply to the submitters: the loket passes the reply (or one forwarding for several
 * replies, e.g. the letters of a joint answer) back to the organisations that wrote the signal. Until then the
 * submitters see that a ministry replied, not what; from then on its text and documents
 * (api/signals/submitter-view.ts). It is a decision of the signal's workflow, because closing depends on it: a
 * signal closes once its replies are forwarded, or with a recorded reason why one was not.
 *
 * Part of the lifecycle contract (shared/lifecycle.ts), in a file of its own. The covering note is a short text
 * the loket writes for the submitters, like the other notes that cross Temporal; the mail carries none of it.
 */
export interface ForwardRepliesInput {
  actor: Actor;
  /** Reply row ids the workflow recorded (recordReply); each is forwarded once. */
  replyIds: string[];
  /** A covering note for the submitters (shown with the reply, never mailed). */
  note?: string;
}

export const forwardRepliesUpdate = defineUpdate<TransitionResult, [ForwardRepliesInput]>('forwardReplies');
