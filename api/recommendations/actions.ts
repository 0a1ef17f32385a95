import { recordOutcomeUpdate } from '../../shared/recommendation-outcomes';
import type { AppDeps } from '../deps';
import { problem } from '../http/problem';
import type { RouteResult } from '../http/route';
import { LOKET_LABEL } from '../signals/submitter-view';
import { presenterFor } from '../signals/presenter';
import { decideOn, prepare, type ActionContext, type VisibleSignal } from '../signals/actions';
import { findVisibleSignal } from '../signals/queries';
import { decidedOrThrow } from '../workflow/updates';
import { STAFF_ROLES, type Principal } from '../auth/principal';
import {
  presentRecommendation,
  presentRecommendationForSubmitter,
  recommendationsInclude,
  type RecommendationRow,
} from './present';
import type { FollowUpBody, OutcomeBody } from './schemas';
import { reportFollowUpUpdate } from '../../shared/follow-up';

/** The loket sees reasons, proposals and who recorded; a submitter only the outcomes (present.ts). */
function presentFor(principal: Principal, row: RecommendationRow) {
  return principal.kind === 'user' && STAFF_ROLES.includes(principal.role)
    ? presentRecommendation(row)
    : presentRecommendationForSubmitter(row, LOKET_LABEL);
}

/** One of the signal's recommendations with its outcomes, or a 404 that names it. */
export async function findRecommendation(
  deps: AppDeps,
  signal: Pick<VisibleSignal, 'id' | 'reference'>,
  recommendationId: string,
): Promise<RecommendationRow> {
  const row = await deps.prisma.recommendation.findFirst({
    where: { id: recommendationId, signalId: signal.id },
    ...recommendationsInclude,
    orderBy: undefined,
  });
  if (!row) {
    throw problem.notFound(
      `Signal ${signal.reference} has no recommendation ${recommendationId}; the signal’s detail lists its recommendations with their ids.`,
    );
  }
  return row;
}

export async function listRecommendations(
  deps: AppDeps,
  principal: Principal,
  signalId: string,
): Promise<RouteResult> {
  const signal = await findVisibleSignal(deps, principal, signalId);
  const rows = await deps.prisma.recommendation.findMany({
    where: { signalId: signal.id },
    ...recommendationsInclude,
  });
  return { status: 200, body: { items: rows.map((row) => presentFor(principal, row)) } };
}

/**
 * A coordinator records what a ministry did with a recommendation (which confirms the ministry's proposal, if one
 * waits). The recommendation must be the signal's (404); the workflow refuses a ministry the signal was not sent to
 * (409), as it refuses every decision the state does not allow.
 */
export async function recordOutcome(
  context: ActionContext,
  recommendationId: string,
  ministryCode: string,
  body: OutcomeBody,
): Promise<RouteResult> {
  const signal = await prepare(context);
  await findRecommendation(context.deps, signal, recommendationId);
  const result = decidedOrThrow(
    await decideOn(context, signal, recordOutcomeUpdate, {
      recommendationId,
      ministryCode,
      outcome: body.outcome,
      ...(body.reason ? { reason: body.reason } : {}),
    }),
  );
  const row = await findRecommendation(context.deps, signal, recommendationId);
  return {
    status: 200,
    body: {
      ...presenterFor(context.principal).transition(signal, result.snapshot),
      recommendation: presentFor(context.principal, row),
      changed: result.changed,
    },
  };
}

/** A coordinator records the ministry's progress report on its follow-up (one that came by post or mail). */
export async function reportFollowUp(
  context: ActionContext,
  ministryCode: string,
  body: FollowUpBody,
): Promise<RouteResult> {
  const signal = await prepare(context);
  const result = decidedOrThrow(
    await decideOn(context, signal, reportFollowUpUpdate, {
      ministryCode,
      progress: body.progress,
      note: body.note,
    }),
  );
  const { followUp } = result;
  return {
    status: 200,
    body: {
      ...presenterFor(context.principal).transition(signal, result.snapshot),
      ministryCode: result.ministryCode,
      followUp: {
        requestAt: followUp.schedule.requestAt,
        dueAt: followUp.schedule.dueAt,
        progress: followUp.progress,
        note: followUp.note,
        reportedAt: followUp.reportedAt,
      },
    },
  };
}
