import crypto from 'node:crypto';
import { listResponseLinks } from '../../activities/mail';
import type { AppDeps } from '../deps';
import { PERMISSIONS } from '../auth/permissions';
import { actorOf } from '../auth/principal';
import { problem, ProblemError } from '../http/problem';
import { defineRoute, type AnyRoute } from '../http/route';
import { findVisibleSignal } from '../signals/queries';
import { ministryParams, signalIdParams } from '../signals/schemas';
import { reissueLink, ReissueRefusal, type ResponseLinkService } from './reissue';
import {
  presentLinkList,
  presentReissued,
  reissueLinkBody,
  reissuedLinkSchema,
  responseLinkListSchema,
} from './schemas';

function toProblem(refusal: ReissueRefusal): ProblemError {
  switch (refusal.kind) {
    case 'ministry_not_addressed':
      return problem.notFound(refusal.message);
    case 'unknown_contact':
      return new ProblemError(422, 'invalid-request', `contactId: ${refusal.message}`, {
        errors: [{ field: 'contactId', message: refusal.message }],
      });
    case 'inactive_contact':
    case 'signal_ended':
    case 'case_ended':
      return problem.conflict(refusal.message);
    case 'mail_not_configured':
      // Not a passing outage: retrying does not help until the operator sets SMTP_URL, so no Retry-After.
      return new ProblemError(503, 'service-unavailable', refusal.message);
  }
}

/** The response links of a signal (issue 4 item 4) and their reissue (item 3), for the loket. */
export function linkRoutes(deps: AppDeps, service: ResponseLinkService | undefined): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/signals/{signalId}/links',
      operationId: 'listResponseLinks',
      summary: 'List the response links of a signal',
      description:
        'Coordinators: every personal link mailed to a ministry contact for this signal, with its state and when it was issued, delivered, opened and used. Never the token or its hash.',
      tags: ['Response links'],
      roles: PERMISSIONS.readResponseLinks,
      params: signalIdParams,
      success: { status: 200, description: 'The signal’s links.', schema: responseLinkListSchema },
      errors: [404],
      handler: async ({ principal, params, now }) => {
        const signal = await findVisibleSignal(deps, principal, params.signalId);
        return {
          status: 200,
          body: presentLinkList(signal.id, await listResponseLinks(deps.prisma, signal.id, now)),
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/signals/{signalId}/ministries/{code}/links',
      operationId: 'reissueResponseLink',
      summary: 'Send a contact a new response link',
      description:
        'Coordinators: mails the contact a new personal link and revokes the contact’s live links for this ministry (with `revokeOthers`, those of the ministry’s other contacts too), e.g. when a mail got lost or the contact person changed. The reissue appears in the timeline. Send an `Idempotency-Key` to make retries safe: one link, one mail. A closed, withdrawn or rejected signal, a ministry that replied or was withdrawn, or an inactive contact answer 409; a contact of another ministry 422; 503 when the API has no mail server configured.',
      tags: ['Response links'],
      roles: PERMISSIONS.reissueResponseLink,
      params: ministryParams,
      body: reissueLinkBody,
      success: {
        status: 201,
        description: 'The new link was issued and its mail sent (or queued, if the mail server is busy).',
        schema: reissuedLinkSchema,
      },
      errors: [404, 409],
      handler: async ({ principal, params, body, now, idempotency }) => {
        const signal = await findVisibleSignal(deps, principal, params.signalId);
        try {
          const outcome = await reissueLink(deps.prisma, service, {
            signalId: signal.id,
            ministryCode: params.code,
            contactId: body.contactId,
            revokeOthers: body.revokeOthers,
            requestId: idempotency?.updateId ?? crypto.randomUUID(),
            actor: actorOf(principal),
            now,
          });
          return {
            status: 201,
            body: presentReissued(signal.id, outcome.link, outcome.revokedLinks),
          };
        } catch (error) {
          throw error instanceof ReissueRefusal ? toProblem(error) : error;
        }
      },
    }),
  ];
}
