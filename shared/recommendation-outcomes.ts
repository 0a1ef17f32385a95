import { defineUpdate } from '@temporalio/workflow';
import type {
  Actor,
  DecidedOutcome,
  LifecycleSnapshot,
  RecommendationOutcome,
  RecommendationOutcomeState,
} from './lifecycle';

// The outcomes and the state the workflow holds are part of the lifecycle contract (shared/lifecycle.ts, which this
// file builds on); named here too for the callers of the decisions.
export { DECIDED_OUTCOMES, RECOMMENDATION_OUTCOMES } from './lifecycle';
export type {
  DecidedOutcome,
  OutcomeProposal,
  RecommendationOutcome,
  RecommendationOutcomeState,
} from './lifecycle';

/**
 * What each addressed ministry did with each recommendation of a signal (docs/architecture.md#recommendations):
 * open → under consideration → adopted, partly adopted or not adopted (with a reason). A coordinator records it
 * from the reply; a ministry contact proposes it on its page and the coordinator confirms it (by recording it).
 * Both are decisions of the signal's workflow, so that the ministry's case can plan the follow-up of what was
 * adopted. Part of the lifecycle contract (shared/lifecycle.ts), in a file of its own.
 *
 * The workflow knows recommendations by id only (their text stays in PostgreSQL); the API checks that the id is one
 * of the signal's before it sends the decision.
 */

/** Outcomes that take the recommendation up, wholly or in part: the ones a follow-up asks about. */
export const TAKEN_UP_OUTCOMES: readonly RecommendationOutcome[] = ['adopted', 'partly_adopted'];

export interface RecordOutcomeInput {
  actor: Actor;
  recommendationId: string;
  ministryCode: string;
  outcome: DecidedOutcome;
  /** Required for not_adopted; a short note otherwise. */
  reason?: string;
}

/** A ministry contact's proposal for its own ministry; the coordinator confirms it by recording an outcome. */
export type ProposeOutcomeInput = RecordOutcomeInput;

export interface OutcomeResult {
  ministryCode: string;
  outcome: RecommendationOutcomeState;
  /** False when the decision repeated what was recorded already: nothing changed, no timeline event. */
  changed: boolean;
  snapshot: LifecycleSnapshot;
}

export const recordOutcomeUpdate = defineUpdate<OutcomeResult, [RecordOutcomeInput]>(
  'recordRecommendationOutcome',
);
export const proposeOutcomeUpdate = defineUpdate<OutcomeResult, [ProposeOutcomeInput]>(
  'proposeRecommendationOutcome',
);
