import { z } from 'zod';
import type { AppDeps } from '../deps';
import { PERMISSIONS } from '../auth/permissions';
import { defineRoute, type AnyRoute } from '../http/route';
import { instantOut, text } from '../http/text';
import { forwardReplies } from '../signals/actions';
import { signalIdParams, transitionResultSchema } from '../signals/schemas';

const forwardingBody = z
  .object({
    replyIds: z
      .array(z.uuid().meta({ description: 'A reply of this signal (`replies[].id` of the signal).' }))
      .min(1)
      .max(20)
      .meta({ description: 'The replies to forward: one, or several (e.g. the letters of a joint answer).' }),
    note: text(
      2_000,
      'A covering note for the submitters, shown with the reply in their timeline (never in a mail).',
    ).optional(),
  })
  .strict();

const forwardingResult = transitionResultSchema.extend({
  replyIds: z.array(z.uuid()).meta({ description: 'The replies forwarded.' }),
  forwardedAt: instantOut('When they were forwarded.').nullable(),
});

/** The loket passes ministries' replies back to the organisations that wrote the signal (issue 17, item 2). */
export function forwardingRoutes(deps: AppDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/signals/{signalId}/forwardings',
      operationId: 'forwardReplies',
      summary: 'Forward replies to the submitters',
      description:
        'Coordinators: forward one or more ministry replies, with an optional covering note, to every current submitter (the lead and its co-submitters). Each gets a mail with the reference and a link, never the reply itself; from then on they see the reply’s text and documents. A reply of another signal answers 404; one not received or already forwarded 409.',
      tags: ['Decisions'],
      roles: PERMISSIONS.forwardReplies,
      params: signalIdParams,
      body: forwardingBody,
      success: { status: 201, description: 'The replies were forwarded.', schema: forwardingResult },
      errors: [404, 409],
      handler: ({ principal, params, body, now, idempotency }) =>
        forwardReplies({ deps, principal, signalId: params.signalId, now, idempotency }, body),
    }),
  ];
}
