import { z } from 'zod';
import type { AppDeps } from '../deps';
import { PERMISSIONS } from '../auth/permissions';
import { defineRoute, type AnyRoute, type RouteContext } from '../http/route';
import { deadlineDayOut, ministryCode } from '../http/text';
import { amend, changeDeadline, close, recordPostalReply, review, withdraw } from './actions';
import { signalsToCsv } from '../../reports';
import { signalListFilterSchema } from './filters';
import { allSignals, CURSOR_PATTERN, listSignals, signalDetail } from './queries';
import {
  amendmentBody,
  closeBody,
  deadlineBody,
  ministryParams,
  replyBody,
  reviewBody,
  signalDetailSchema,
  signalIdParams,
  signalPageSchema,
  submitResponseSchema,
  submitSignalBody,
  transitionResultSchema,
  withdrawBody,
} from './schemas';
import { submitSignal } from './submit';

const listQuery = signalListFilterSchema
  .extend({
    cursor: z
      .string()
      .regex(CURSOR_PATTERN, 'is not a cursor this API handed out; start again without it')
      .optional()
      .meta({ description: 'Opaque cursor from `nextCursor` of the previous page; pass it back unchanged.' }),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .default(25)
      .meta({ description: 'Page size (1–100, default 25).' }),
  })
  .strict();

const deadlineResult = transitionResultSchema.extend({
  ministryCode: ministryCode,
  replyDueAt: z.string().meta({ format: 'date-time', description: 'The ministry’s reply deadline now.' }),
  replyDueOn: deadlineDayOut('The last day of the reply deadline now (the day `replyDueAt` closes).'),
});
const replyResult = transitionResultSchema.extend({
  replyId: z.uuid().meta({ description: 'The stored reply.' }),
});

function pageLinks(originalUrl: string, nextCursor: string | null) {
  const url = new URL(originalUrl, 'http://x');
  const self = url.pathname + url.search;
  if (!nextCursor) return { self, next: null };
  url.searchParams.set('cursor', nextCursor);
  return { self, next: url.pathname + url.search };
}

/** The signal endpoints of the contract (docs/architecture.md#the-contract). */
export function signalRoutes(deps: AppDeps): AnyRoute[] {
  /** What a decision needs from the request: who, when, and the idempotency handle (if a key was sent). */
  const action = (
    signalId: string,
    {
      principal,
      now,
      idempotency,
    }: Pick<RouteContext<unknown, unknown, unknown>, 'principal' | 'now' | 'idempotency'>,
  ) => ({
    deps,
    principal,
    signalId,
    now,
    idempotency,
  });
  return [
    defineRoute({
      method: 'post',
      path: '/signals',
      operationId: 'submitSignal',
      summary: 'Submit a signal',
      description:
        'Submits a new signal for the LIEC loket. Answers 201 with its id and reference (`BS-YYYY-NNNN`); the lifecycle starts at once. Send an `Idempotency-Key` to make retries safe.',
      tags: ['Signals'],
      roles: PERMISSIONS.submitSignal,
      body: submitSignalBody,
      // The signal, its reference, its first event and the stored answer: one statement claims the key too.
      claimsIdempotencyKeyItself: true,
      success: {
        status: 201,
        description: 'The signal was accepted.',
        schema: submitResponseSchema,
        location: true,
      },
      errors: [],
      handler: ({ principal, body, now, idempotency }) =>
        submitSignal(deps, principal, body, now, idempotency),
    }),
    defineRoute({
      method: 'get',
      path: '/signals',
      operationId: 'listSignals',
      summary: 'List signals',
      description:
        'Signals visible to the caller (submitters: those their organisation submitted, as lead or co-submitter), newest first, filtered and paged with a stable cursor.',
      tags: ['Signals'],
      roles: PERMISSIONS.readSignals,
      query: listQuery,
      success: { status: 200, description: 'One page of signals.', schema: signalPageSchema },
      errors: [],
      handler: async ({ principal, query, now, req }) => {
        const { cursor, limit, ...filter } = query;
        const page = await listSignals(
          deps,
          principal,
          filter,
          { limit, ...(cursor ? { cursor } : {}) },
          now,
        );
        return { status: 200, body: { ...page, links: pageLinks(req.originalUrl, page.nextCursor) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/signals/export',
      operationId: 'exportSignals',
      summary: 'Export signals as CSV',
      description:
        'All signals matching the list filters, as CSV (UTF-8 with BOM, semicolon-separated, for spreadsheets).',
      tags: ['Signals'],
      roles: PERMISSIONS.readAllSignals,
      query: signalListFilterSchema.strict(),
      success: { status: 200, description: 'The signals as CSV.', contentType: 'text/csv' },
      errors: [],
      handler: async ({ principal, query, now }) => ({
        status: 200,
        headers: { 'Content-Disposition': 'attachment; filename="signalen.csv"' },
        text: {
          contentType: 'text/csv; charset=utf-8',
          content: signalsToCsv(await allSignals(deps, principal, query, now), now),
        },
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/signals/{signalId}',
      operationId: 'getSignal',
      summary: 'Get a signal',
      description: 'The signal with each ministry’s state and deadlines, the replies, and the timeline.',
      tags: ['Signals'],
      roles: PERMISSIONS.readSignals,
      params: signalIdParams,
      success: { status: 200, description: 'The signal.', schema: signalDetailSchema },
      errors: [404],
      handler: async ({ principal, params, now }) => ({
        status: 200,
        body: await signalDetail(deps, principal, params.signalId, now),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/signals/{signalId}/review',
      operationId: 'reviewSignal',
      summary: 'Decide the review',
      description:
        'Coordinators: accept (and send to the named ministries), request changes from the submitter, or reject. A decision the signal’s state does not allow answers 409 with the reason.',
      tags: ['Decisions'],
      roles: PERMISSIONS.review,
      params: signalIdParams,
      body: reviewBody,
      success: { status: 200, description: 'The decision was applied.', schema: transitionResultSchema },
      errors: [404, 409],
      handler: (context) => review(action(context.params.signalId, context), context.body),
    }),
    defineRoute({
      method: 'post',
      path: '/signals/{signalId}/amendments',
      operationId: 'amendSignal',
      summary: 'Amend a signal',
      description:
        'The lead submitter: send the changed text after the loket requested changes; the review starts again. A co-submitter gets 403.',
      tags: ['Decisions'],
      roles: PERMISSIONS.amend,
      params: signalIdParams,
      body: amendmentBody,
      success: { status: 200, description: 'The amendment was accepted.', schema: transitionResultSchema },
      errors: [404, 409],
      handler: (context) => amend(action(context.params.signalId, context), context.body),
    }),
    defineRoute({
      method: 'post',
      path: '/signals/{signalId}/withdraw',
      operationId: 'withdrawSignal',
      summary: 'Withdraw a signal',
      description:
        'The lead submitter or a coordinator withdraws an open signal; addressed ministries are told. A co-submitter gets 403.',
      tags: ['Decisions'],
      roles: PERMISSIONS.withdraw,
      params: signalIdParams,
      body: withdrawBody,
      success: { status: 200, description: 'The signal was withdrawn.', schema: transitionResultSchema },
      errors: [404, 409],
      handler: (context) => withdraw(action(context.params.signalId, context), context.body),
    }),
    defineRoute({
      method: 'post',
      path: '/signals/{signalId}/ministries/{code}/reply',
      operationId: 'recordPostalReply',
      summary: 'Record a reply that came by post',
      description:
        'Coordinators: store a ministry’s reply received by post (text and optional scans). `jointMinistryCodes` records one joint reply for several ministries.',
      tags: ['Decisions'],
      roles: PERMISSIONS.recordReply,
      params: ministryParams,
      body: replyBody,
      bodyLimit: '30mb',
      success: { status: 201, description: 'The reply was recorded.', schema: replyResult },
      errors: [404, 409],
      handler: (context) =>
        recordPostalReply(action(context.params.signalId, context), context.params.code, context.body),
    }),
    defineRoute({
      method: 'post',
      path: '/signals/{signalId}/ministries/{code}/deadline',
      operationId: 'changeReplyDeadline',
      summary: 'Extend a reply deadline or decide an extension request',
      description:
        'Coordinators: move a ministry’s reply deadline (`dueDate` or `extraWorkingDays`, with a `reason`), or approve/refuse the ministry’s pending extension request (`decision`).',
      tags: ['Decisions'],
      roles: PERMISSIONS.changeDeadline,
      params: ministryParams,
      body: deadlineBody,
      success: { status: 200, description: 'The deadline was changed.', schema: deadlineResult },
      errors: [404, 409],
      handler: (context) =>
        changeDeadline(action(context.params.signalId, context), context.params.code, context.body),
    }),
    defineRoute({
      method: 'post',
      path: '/signals/{signalId}/close',
      operationId: 'closeSignal',
      summary: 'Close a signal',
      description:
        'Coordinators: close a replied signal once its replies are forwarded to the submitters (`POST …/forwardings`); to close while one is not, give `unforwardedReason`. Otherwise 409.',
      tags: ['Decisions'],
      roles: PERMISSIONS.close,
      params: signalIdParams,
      body: closeBody,
      success: { status: 200, description: 'The signal was closed.', schema: transitionResultSchema },
      errors: [404, 409],
      handler: (context) => close(action(context.params.signalId, context), context.body),
    }),
  ];
}
