import type { AppDeps } from '../deps';
import { PERMISSIONS } from '../auth/permissions';
import { defineRoute, type AnyRoute } from '../http/route';
import { listRecommendations, recordOutcome, reportFollowUp } from './actions';
import { ministryParams } from '../signals/schemas';
import {
  followUpBody,
  outcomeBody,
  recommendationListParams,
  recommendationListSchema,
  recommendationParams,
} from './schemas';
import { followUpResultSchema, outcomeResultSchema } from './result-schema';

/** A signal's recommendations and what each addressed ministry did with them (docs/architecture.md#recommendations). */
export function recommendationRoutes(deps: AppDeps): AnyRoute[] {
  return [
    defineRoute({
      tags: ['Signals'],
      roles: PERMISSIONS.readSignals,
      errors: [404],
      method: 'get',
      path: '/signals/{signalId}/recommendations',
      operationId: 'listRecommendations',
      summary: 'List a signal’s recommendations with their outcomes',
      description:
        'Each recommendation with its id, position and text, and per ministry the signal was sent to its outcome. Submitters see their own signals’ outcomes (without the reasons and proposals, which stay with the loket).',
      params: recommendationListParams,
      success: { status: 200, description: 'The recommendations.', schema: recommendationListSchema },
      handler: (c) => listRecommendations(deps, c.principal, c.params.signalId),
    }),
    defineRoute({
      tags: ['Decisions'],
      roles: PERMISSIONS.recordOutcomes,
      errors: [404, 409],
      method: 'post',
      path: '/signals/{signalId}/recommendations/{recommendationId}/outcomes/{code}',
      operationId: 'recordRecommendationOutcome',
      summary: 'Record what a ministry did with a recommendation',
      description:
        'Coordinators: the outcome of one recommendation for one addressed ministry (`under_consideration`, `adopted`, `partly_adopted`, or `not_adopted` with a reason), e.g. from its reply; this confirms (or overrules) a proposal the ministry made on its page. Each change is in the timeline with its actor. The same outcome again changes nothing (`changed: false`). A recommendation that is not the signal’s: 404; a ministry the signal was not sent to, or a signal that has ended: 409 with the reason.',
      params: recommendationParams,
      body: outcomeBody,
      success: { status: 200, description: 'The outcome as it stands now.', schema: outcomeResultSchema },
      handler: (c) =>
        recordOutcome(
          {
            deps,
            principal: c.principal,
            signalId: c.params.signalId,
            now: c.now,
            idempotency: c.idempotency,
          },
          c.params.recommendationId,
          c.params.code,
          c.body,
        ),
    }),
    defineRoute({
      tags: ['Decisions'],
      roles: PERMISSIONS.recordOutcomes,
      errors: [404, 409],
      method: 'post',
      path: '/signals/{signalId}/ministries/{code}/follow-up',
      operationId: 'reportFollowUp',
      summary: 'Record a ministry’s progress on the recommendations it took up',
      description:
        'Coordinators: the progress report of the ministry’s follow-up (`implemented`, `in_progress` or `dropped`, with a short text), e.g. one that came by post; the ministry’s contact reports it on its page. It ends the follow-up’s reminders and escalations. A ministry without a follow-up (it took no recommendation up after its reply), or one that reported already: 409 with the reason.',
      params: ministryParams,
      body: followUpBody,
      success: { status: 200, description: 'The follow-up as reported.', schema: followUpResultSchema },
      handler: (c) =>
        reportFollowUp(
          {
            deps,
            principal: c.principal,
            signalId: c.params.signalId,
            now: c.now,
            idempotency: c.idempotency,
          },
          c.params.code,
          c.body,
        ),
    }),
  ];
}
