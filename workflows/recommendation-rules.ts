import type { RecordOutcomeInput } from '../shared/recommendation-outcomes';
import { DECIDED_OUTCOMES } from '../shared/recommendation-outcomes';
import type { ActorType } from '../shared/lifecycle';
import type { RefusalAction } from '../shared/refusal-catalogue';
import { checkActor, checkReason, refuse, sentMinistry, type Refusal } from './lifecycle-rules';
import type { LifecycleState } from './lifecycle-state';

/** Recommendations are PostgreSQL rows with UUIDs; anything else cannot name one. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  if (typeof input.recommendationId !== 'string' || !UUID.test(input.recommendationId)) {
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
