import { patched } from '@temporalio/workflow';
import type { FollowUpState } from '../shared/follow-up';
import { TAKEN_UP_OUTCOMES } from '../shared/recommendation-outcomes';
import type { Actor } from '../shared/lifecycle';
import { checks } from './activity-stubs';
import { nowIso, requirePolicy, type LifecycleContext } from './lifecycle-context';
import type { PendingEvent } from './lifecycle-records';
import type { LifecycleState, MinistryState } from './lifecycle-state';
import { RECOMMENDATION_OUTCOMES } from './patches';
import { asRefusal } from './refusals';

/**
 * When a ministry's follow-up is planned (docs/architecture.md#follow-up): once it has replied and has taken up (adopted
 * or partly adopted) at least one recommendation, whichever of the two comes last. One follow-up per ministry.
 */
export function takesUpARecommendation(ministry: MinistryState): boolean {
  return (ministry.outcomes ?? []).some((o) => TAKEN_UP_OUTCOMES.includes(o.outcome));
}

/** A follow-up planned and not reported yet: the signal's workflow stays open for it, also after closing. */
export function hasOpenFollowUp(ministry: MinistryState): boolean {
  return (ministry.followUp ?? null) !== null && ministry.followUp!.reportedAt === null;
}

export function hasOpenFollowUps(state: LifecycleState): boolean {
  return state.ministries.some(hasOpenFollowUp);
}

/**
 * Plans the ministry's follow-up if it is due now and none exists, and says what to record. The plan comes from an
 * activity (planFollowUp), so a replay never recomputes a date. Guarded: reached only once a recommendation was
 * taken up by a ministry that replied.
 */
export async function planFollowUpIfDue(
  ctx: LifecycleContext,
  ministry: MinistryState,
  actor: Actor,
): Promise<PendingEvent | null> {
  if (ministry.followUp || ministry.status !== 'replied' || !ministry.repliedAt) return null;
  if (!takesUpARecommendation(ministry) || !patched(RECOMMENDATION_OUTCOMES)) return null;
  let schedule;
  try {
    schedule = await checks.planFollowUp({ repliedAt: ministry.repliedAt, policy: requirePolicy(ctx) });
  } catch (error) {
    throw asRefusal(error);
  }
  const followUp: FollowUpState = {
    schedule,
    plannedAt: nowIso(),
    progress: null,
    note: null,
    reportedAt: null,
    reportedBy: null,
  };
  ministry.followUp = followUp;
  return {
    step: `follow_up_planned:${ministry.code}`,
    type: 'follow_up_planned',
    actor,
    ministryCode: ministry.code,
    data: { requestAt: schedule.requestAt, dueAt: schedule.dueAt },
  };
}
