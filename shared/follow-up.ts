import { defineUpdate } from '@temporalio/workflow';
import type { Actor, DeadlinePolicy, IsoInstant, LifecycleSnapshot, LocalDate } from './lifecycle';

/**
 * Follow-up ("opvolging") of adopted recommendations (docs/architecture.md#follow-up): once a ministry that replied
 * has adopted (or partly adopted) a recommendation, the policy's period after its reply (default six months) its
 * contact is asked to report progress on its page; a reminder and escalations follow in working days until it
 * does. The plan is computed once by an activity (planFollowUp); the ministry's follow-up run (a `ministryCase`
 * child started with `followUp`) only waits and tells. The progress report is a decision of the signal's workflow.
 */

export const FOLLOW_UP_PROGRESS = ['implemented', 'in_progress', 'dropped'] as const;
export type FollowUpProgress = (typeof FOLLOW_UP_PROGRESS)[number];

export interface FollowUpSchedule {
  /** When the contact is asked to report (09:00 Amsterdam, the period after the reply, on a working day). */
  requestAt: IsoInstant;
  reminderAt: IsoInstant | null;
  dueDate: LocalDate;
  dueAt: IsoInstant;
  /** The first equals dueAt, then the repeats. */
  escalationsAt: IsoInstant[];
}

/** The follow-up as the signal's workflow holds it, per ministry. */
export interface FollowUpState {
  schedule: FollowUpSchedule;
  plannedAt: IsoInstant;
  progress: FollowUpProgress | null;
  note: string | null;
  reportedAt: IsoInstant | null;
  reportedBy: Actor | null;
}

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
