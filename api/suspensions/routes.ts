import type { z } from 'zod';
import type { AppDeps } from '../deps';
import { PERMISSIONS } from '../auth/permissions';
import { defineRoute, type AnyRoute, type RouteContext } from '../http/route';
import { ministryParams } from '../signals/schemas';
import { decideSuspension, resumeClock, suspendClock } from './actions';
import {
  clockResultSchema,
  ministryClockParams,
  resumeBody,
  signalClockParams,
  suspendBody,
  suspensionDecisionBody,
} from './schemas';

const SHIFT =
  'On resumption the deadline, the reminder and the escalations still to come move by the Dutch working days the clock stood still (weekends and public holidays do not count); what went out before the suspension is not sent again.';
const REFUSED =
  'A clock that is not running (not started, or ended), one suspended already, or (on resumption) one that is not suspended answers 409 with the reason.';

/** Coordinators suspend and resume clocks (docs/architecture.md#the-clocks) and decide a ministry's request. */
export function suspensionRoutes(deps: AppDeps): AnyRoute[] {
  const context = (
    signalId: string,
    {
      principal,
      now,
      idempotency,
    }: Pick<RouteContext<unknown, unknown, unknown>, 'principal' | 'now' | 'idempotency'>,
  ) => ({ deps, principal, signalId, now, idempotency });
  const signalClock = (params: z.output<typeof signalClockParams>) => ({ clock: params.clock });
  const ministryClock = (params: z.output<typeof ministryClockParams>) => ({
    clock: params.clock,
    ministryCode: params.code,
  });
  // Every one is a coordinator's decision on a visible signal: 404 for one the caller cannot see, 409 when refused.
  const common = { tags: ['Decisions'], roles: PERMISSIONS.suspendClocks };
  return [
    defineRoute({
      ...common,
      errors: [404, 409],
      method: 'post',
      path: '/signals/{signalId}/clocks/{clock}/suspend',
      operationId: 'suspendSignalClock',
      summary: 'Suspend the review or amendment clock',
      description: `Coordinators: the signal’s running review (or amendment) clock stands still, with a reason: no reminder or escalation goes out until it resumes. ${REFUSED}`,
      params: signalClockParams,
      body: suspendBody,
      success: { status: 200, description: 'The clock stands still.', schema: clockResultSchema },
      handler: (c) => suspendClock(context(c.params.signalId, c), signalClock(c.params), c.body),
    }),
    defineRoute({
      ...common,
      errors: [404, 409],
      method: 'post',
      path: '/signals/{signalId}/clocks/{clock}/resume',
      operationId: 'resumeSignalClock',
      summary: 'Resume the review or amendment clock',
      description: `Coordinators: a suspended review (or amendment) clock runs again. ${SHIFT} ${REFUSED}`,
      params: signalClockParams,
      body: resumeBody,
      success: {
        status: 200,
        description: 'The clock runs again, its plan moved.',
        schema: clockResultSchema,
      },
      handler: (c) => resumeClock(context(c.params.signalId, c), signalClock(c.params), c.body),
    }),
    defineRoute({
      ...common,
      errors: [404, 409],
      method: 'post',
      path: '/signals/{signalId}/ministries/{code}/clocks/{clock}/suspend',
      operationId: 'suspendMinistryClock',
      summary: 'Suspend a ministry’s acknowledgement or reply clock',
      description: `Coordinators: the ministry’s running acknowledgement (or reply) clock stands still, with a reason; the contacts are told. Not the reply clock while the ministry’s extension or suspension request awaits a decision. ${REFUSED}`,
      params: ministryClockParams,
      body: suspendBody,
      success: { status: 200, description: 'The clock stands still.', schema: clockResultSchema },
      handler: (c) => suspendClock(context(c.params.signalId, c), ministryClock(c.params), c.body),
    }),
    defineRoute({
      ...common,
      errors: [404, 409],
      method: 'post',
      path: '/signals/{signalId}/ministries/{code}/clocks/{clock}/resume',
      operationId: 'resumeMinistryClock',
      summary: 'Resume a ministry’s acknowledgement or reply clock',
      description: `Coordinators: a suspended acknowledgement (or reply) clock runs again; the contacts hear the new deadline. ${SHIFT} ${REFUSED}`,
      params: ministryClockParams,
      body: resumeBody,
      success: {
        status: 200,
        description: 'The clock runs again, its plan moved.',
        schema: clockResultSchema,
      },
      handler: (c) => resumeClock(context(c.params.signalId, c), ministryClock(c.params), c.body),
    }),
    defineRoute({
      ...common,
      errors: [404, 409],
      method: 'post',
      path: '/signals/{signalId}/ministries/{code}/suspension-request',
      operationId: 'decideSuspensionRequest',
      summary: 'Grant or refuse a ministry’s request to suspend its reply clock',
      description:
        'Coordinators: grant (the reply clock stands still from now, with the ministry’s reason) or refuse (with a reason; the clock runs on, and an escalation that fell due while the request waited goes out at once) the request the ministry made on its page. Without a pending request: 409.',
      params: ministryParams,
      body: suspensionDecisionBody,
      success: { status: 200, description: 'The request was decided.', schema: clockResultSchema },
      handler: (c) => decideSuspension(context(c.params.signalId, c), c.params.code, c.body),
    }),
  ];
}
