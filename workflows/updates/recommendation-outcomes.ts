import {
  proposeOutcomeUpdate,
  recordOutcomeUpdate,
  type OutcomeResult,
  type RecommendationOutcomeState,
  type RecordOutcomeInput,
} from '../../shared/recommendation-outcomes';
import { nowIso, requireMinistry, snapshotOf, type LifecycleContext } from '../lifecycle-context';
import { commit, notify } from '../lifecycle-records';
import type { MinistryState } from '../lifecycle-state';
import type { MinistryCases } from '../ministry-cases';
import * as rules from '../recommendation-rules';
import { decide } from './decide';
import { planFollowUpIfDue } from '../follow-ups';
import { reportFollowUpUpdate, type FollowUpResult } from '../../shared/follow-up';

/**
 * Outcomes of recommendations (shared/recommendation-outcomes.ts): a coordinator records one per recommendation
 * and ministry (which confirms a ministry's proposal, if one waits), a ministry contact proposes one for its own
 * ministry. Each change is a timeline event with its actor; a repeat of what stands changes nothing. A ministry
 * that replied and took a recommendation up gets its follow-up planned (workflows/follow-ups.ts); its progress
 * report ends it (shared/follow-up.ts).
 */
export function handleRecommendationOutcomes(ctx: LifecycleContext, ministryCases: MinistryCases): void {
  const { state } = ctx;

  decide(
    ctx,
    recordOutcomeUpdate,
    (i) => rules.checkRecordOutcome(state, i),
    async (input): Promise<OutcomeResult> => {
      const ministry = requireMinistry(ctx, input.ministryCode);
      const current = outcomeOf(ministry, input.recommendationId);
      const reason = input.reason?.trim() || null;
      if (current.outcome === input.outcome && current.reason === reason && !current.proposal) {
        return resultOf(ctx, ministry, current, false);
      }
      const confirmsProposal =
        current.proposal !== null &&
        current.proposal.outcome === input.outcome &&
        current.proposal.reason === reason;
      const next: RecommendationOutcomeState = {
        recommendationId: input.recommendationId,
        outcome: input.outcome,
        reason,
        decidedAt: nowIso(),
        decidedBy: input.actor,
        proposal: null,
      };
      replaceOutcome(ministry, next);
      // Taken up by a ministry that replied: its follow-up is planned with this decision.
      const followUp = await planFollowUpIfDue(ctx, ministry, input.actor);
      await commit(ctx, [
        ...(followUp ? [followUp] : []),
        {
          step: `recommendation_outcome_recorded:${ministry.code}:${input.recommendationId}`,
          type: 'recommendation_outcome_recorded',
          actor: input.actor,
          ministryCode: ministry.code,
          data: {
            recommendationId: input.recommendationId,
            outcome: input.outcome,
            previousOutcome: current.outcome,
            ...(reason ? { reason } : {}),
            ...(current.proposal ? { proposal: confirmsProposal ? 'confirmed' : 'overruled' } : {}),
          },
        },
      ]);
      if (followUp) await ministryCases.startFollowUp(ministry);
      return resultOf(ctx, ministry, next, true);
    },
  );

  decide(
    ctx,
    reportFollowUpUpdate,
    (i) => rules.checkReportFollowUp(state, i),
    async (input): Promise<FollowUpResult> => {
      const ministry = requireMinistry(ctx, input.ministryCode);
      const reportedAt = nowIso();
      const note = input.note.trim();
      const followUp = {
        ...ministry.followUp!,
        progress: input.progress,
        note,
        reportedAt,
        reportedBy: input.actor,
      };
      ministry.followUp = followUp;
      await commit(ctx, [
        {
          step: `follow_up_reported:${ministry.code}`,
          type: 'follow_up_reported',
          actor: input.actor,
          ministryCode: ministry.code,
          data: { progress: input.progress, note, dueAt: followUp.schedule.dueAt },
        },
      ]);
      await ministryCases.followUpReported(ministry);
      await notify(ctx, 'follow_up_reported', ['coordinators'], { ministryCode: ministry.code });
      return { ministryCode: ministry.code, followUp, snapshot: snapshotOf(ctx) };
    },
  );

  decide(
    ctx,
    proposeOutcomeUpdate,
    (i) => rules.checkProposeOutcome(state, i),
    async (input: RecordOutcomeInput): Promise<OutcomeResult> => {
      const ministry = requireMinistry(ctx, input.ministryCode);
      const current = outcomeOf(ministry, input.recommendationId);
      const reason = input.reason?.trim() || null;
      const same = current.proposal
        ? current.proposal.outcome === input.outcome && current.proposal.reason === reason
        : current.outcome === input.outcome && current.reason === reason;
      if (same) return resultOf(ctx, ministry, current, false);
      const next: RecommendationOutcomeState = {
        ...current,
        proposal: { outcome: input.outcome, reason, proposedAt: nowIso(), proposedBy: input.actor },
      };
      replaceOutcome(ministry, next);
      await commit(ctx, [
        {
          step: `recommendation_outcome_proposed:${ministry.code}:${input.recommendationId}`,
          type: 'recommendation_outcome_proposed',
          actor: input.actor,
          ministryCode: ministry.code,
          data: {
            recommendationId: input.recommendationId,
            outcome: input.outcome,
            ...(reason ? { reason } : {}),
          },
        },
      ]);
      await notify(ctx, 'outcome_proposed', ['coordinators'], { ministryCode: ministry.code });
      return resultOf(ctx, ministry, next, true);
    },
  );
}

/** The recommendation's outcome for the ministry as it stands: open until a decision or proposal. */
function outcomeOf(ministry: MinistryState, recommendationId: string): RecommendationOutcomeState {
  return (
    ministry.outcomes?.find((o) => o.recommendationId === recommendationId) ?? {
      recommendationId,
      outcome: 'open',
      reason: null,
      decidedAt: null,
      decidedBy: null,
      proposal: null,
    }
  );
}

function replaceOutcome(ministry: MinistryState, next: RecommendationOutcomeState): void {
  const others = (ministry.outcomes ?? []).filter((o) => o.recommendationId !== next.recommendationId);
  ministry.outcomes = [...others, next];
}

function resultOf(
  ctx: LifecycleContext,
  ministry: MinistryState,
  outcome: RecommendationOutcomeState,
  changed: boolean,
): OutcomeResult {
  return { ministryCode: ministry.code, outcome, changed, snapshot: snapshotOf(ctx) };
}
