import type { RecordOutcomeInput } from '../shared/recommendation-outcomes';
import { DECIDED_OUTCOMES } from '../shared/recommendation-outcomes';
// Recommendations are PostgreSQL rows with UUIDs; anything else cannot name one.
import { UUID_PATTERN } from '../shared/ids';
import type { ActorType } from '../shared/lifecycle';
import type { RefusalAction } from '../shared/refusal-catalogue';
import { checkActor, checkReason, refuse, sentMinistry, type Refusal } from './lifecycle-rules';
import { findMinistry, type LifecycleState } from './lifecycle-state';
import { FOLLOW_UP_PROGRESS, type ReportFollowUpInput } from '../shared/follow-up';

/**
 * When an outcome of a recommendation may be recorded (coordinator) or proposed (the ministry's contact). Pure,
 * like workflows/lifecycle-rules.ts, and used the same way: in the validator and again in the handler.
 *
 * - the signal was sent to the ministry, which was not withdrawn from it, and the signal has not ended;
 * - any outcome but `open` may be set at any time while the signal runs, so a coordinator can correct one;
 * - not adopted needs a reason.
 */
function checkOutcome(
  state: LifecycleState,
  input: RecordOutcomeInput,
  allowed: ActorType[],
  action: RefusalAction,
): Refusal | null {
  const actor = checkActor(input?.actor, allowed, action);
  if (actor) return actor;
  if (typeof input.recommendationId !== 'string' || !UUID_PATTERN.test(input.recommendationId)) {
    return refuse('recommendation_id_missing', {});
  }
  const found = sentMinistry(state, input.ministryCode, action);
  if (found.refusal) return found.refusal;
  if (found.ministry.status === 'cancelled') {
    return refuse('outcome_ministry_withdrawn', { action, ministryCode: found.ministry.code });
  }
  if (!(DECIDED_OUTCOMES as readonly string[]).includes(input.outcome)) return refuse('outcome_unknown', {});
  return checkReason(input.reason, 'not_adopted', input.outcome === 'not_adopted');
}

export function checkRecordOutcome(state: LifecycleState, input: RecordOutcomeInput): Refusal | null {
  return checkOutcome(state, input, ['coordinator'], 'record_outcome');
}

export function checkProposeOutcome(state: LifecycleState, input: RecordOutcomeInput): Refusal | null {
  return checkOutcome(state, input, ['ministry_contact'], 'propose_outcome');
}

/**
 * A progress report on a ministry's follow-up: by its contact or a coordinator, once the follow-up is planned and
 * until it is reported; also after the signal closed (the workflow stays open for it), not after a withdrawal.
 */
export function checkReportFollowUp(state: LifecycleState, input: ReportFollowUpInput): Refusal | null {
  const actor = checkActor(input?.actor, ['ministry_contact', 'coordinator'], 'report_follow_up');
  if (actor) return actor;
  if (state.status === 'withdrawn' || state.status === 'rejected') {
    return refuse('signal_ended', { action: 'report_follow_up', status: state.status });
  }
  const ministry =
    typeof input.ministryCode === 'string' ? findMinistry(state, input.ministryCode) : undefined;
  if (!ministry) {
    return refuse('not_sent_to_ministry', {
      action: 'report_follow_up',
      ministryCode: String(input.ministryCode),
    });
  }
  const followUp = ministry.followUp ?? null;
  if (!followUp) return refuse('no_follow_up', { ministryCode: ministry.code });
  if (followUp.reportedAt) {
    return refuse('follow_up_already_reported', {
      ministryCode: ministry.code,
      reportedAt: followUp.reportedAt,
    });
  }
  if (!(FOLLOW_UP_PROGRESS as readonly string[]).includes(input.progress)) {
    return refuse('follow_up_progress_unknown', {});
  }
  return checkReason(input.note, 'follow_up', true);
}
