import { defineUpdate } from '@temporalio/workflow';
import type {
  Actor,
  DeadlinePolicy,
  FollowUpProgress,
  FollowUpState,
  IsoInstant,
  LifecycleSnapshot,
} from './lifecycle';

// The progress values and the state the workflow holds are part of the lifecycle contract (shared/lifecycle.ts,
// which this file builds on); named here too for the callers of the decisions.
export { FOLLOW_UP_PROGRESS } from './lifecycle';
export type { FollowUpProgress, FollowUpSchedule, FollowUpState } from './lifecycle';

/**
 * Follow-up ("opvolging") of adopted recommendations (docs/architecture.md#follow-up): once a ministry that replied
 * has adopted (or partly adopted) a recommendation, the policy's period after its reply (default six months) its
 * contact is asked to report progress on its page; a reminder and escalations follow in working days until it
 * does. The plan is computed once by an activity (planFollowUp); the ministry's follow-up run (a `ministryCase`
 * child started with `followUp`) only waits and tells. The progress report is a decision of the signal's workflow.
 */

export interface PlanFollowUpInput {
  /** The ministry's reply: the period counts from its Amsterdam day. */
  repliedAt: IsoInstant;
  policy: DeadlinePolicy;
}

export interface ReportFollowUpInput {
  actor: Actor;
  ministryCode: string;
  progress: FollowUpProgress;
  /** A short text on the progress; no personal data. */
  note: string;
}

export interface FollowUpResult {
  ministryCode: string;
  followUp: FollowUpState;
  snapshot: LifecycleSnapshot;
}

export const reportFollowUpUpdate = defineUpdate<FollowUpResult, [ReportFollowUpInput]>('reportFollowUp');
