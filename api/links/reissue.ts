import type { PrismaClient } from '../../generated/prisma/client';
import {
  createResponseLinkService,
  listResponseLinks,
  ReissueError,
  type ResponseLinkView,
} from '../../activities/mail';
import { TERMINAL_SIGNAL_STATUSES, type Actor } from '../../shared/lifecycle';
import { SIGNAL_STATUS_LABELS } from '../../shared/status-labels';
import type { AppDeps } from '../deps';
import { UUID_PATTERN as UUID } from '../../shared/ids';

export type ResponseLinkService = ReturnType<typeof createResponseLinkService>;

/** The timeline event of a reissue (SignalEvent.type; not a workflow event, so not in shared/lifecycle). */
export const LINK_REISSUED_EVENT = 'response_link_reissued';

/** The service that mails a new link, when the process has SMTP; undefined means "mail is not configured". */
export function responseLinkServiceFor(deps: AppDeps): ResponseLinkService | undefined {
  if (!deps.mail) return undefined;
  return createResponseLinkService({
    prisma: deps.prisma,
    transport: deps.mail.transport,
    config: deps.config,
    logger: deps.logger,
    ...(deps.clock ? { clock: deps.clock } : {}),
  });
}

export type ReissueRefusalKind =
  | 'ministry_not_addressed'
  | 'unknown_contact'
  | 'inactive_contact'
  | 'signal_ended'
  | 'case_ended'
  | 'mail_not_configured';

/** Why no link was sent, in English (API) and Dutch (dashboard). */
export class ReissueRefusal extends Error {
  override name = 'ReissueRefusal';
  constructor(
    readonly kind: ReissueRefusalKind,
    message: string,
    readonly dutch: string,
  ) {
    super(message);
  }
}

const ENDED_SIGNAL: Record<string, string> = Object.fromEntries(
  TERMINAL_SIGNAL_STATUSES.map((status) => [status, SIGNAL_STATUS_LABELS[status].nl.toLowerCase()]),
);
const ENDED_CASE: Record<string, [string, string]> = {
  replied: ['has already replied', 'heeft al gereageerd'],
  cancelled: ['was withdrawn from this signal', 'is van dit signaal afgehaald'],
};

export interface ReissueRequest {
  signalId: string;
  /** As the caller wrote it; matched without regard to case. */
  ministryCode: string;
  contactId: string;
  /** Also revoke the live links of the ministry's other contacts (the contact changed). */
  revokeOthers: boolean;
  /** The same id for a retried request: one link, one mail, one timeline event. */
  requestId: string;
  actor: Actor;
  now: Date;
}

export interface ReissueOutcome {
  link: ResponseLinkView;
  revokedLinks: number;
}

/**
 * A new personal link for one contact of one addressed ministry: checks what the mail side does not (the signal
 * and the ministry's case are still open, the contact belongs to that ministry and is active), lets the response
 * link service revoke and mail, and writes the reissue into the signal's timeline.
 */
export async function reissueLink(
  prisma: PrismaClient,
  service: ResponseLinkService | undefined,
  request: ReissueRequest,
): Promise<ReissueOutcome> {
  const signal = await prisma.signal.findUniqueOrThrow({
    where: { id: request.signalId },
    select: {
      id: true,
      status: true,
      cases: {
        where: { ministry: { code: { equals: request.ministryCode, mode: 'insensitive' } } },
        select: { status: true, ministryId: true, ministry: { select: { code: true } } },
      },
    },
  });
  const ministryCase = signal.cases[0];
  if (!ministryCase) {
    throw new ReissueRefusal(
      'ministry_not_addressed',
      `Signal ${signal.id} was not sent to ministry ${request.ministryCode}, so it has no links there.`,
      `Dit signaal is niet aan ${request.ministryCode} aangeboden.`,
    );
  }
  const code = ministryCase.ministry.code;
  const contact = UUID.test(request.contactId)
    ? await prisma.ministryContact.findUnique({
        where: { id: request.contactId },
        select: { id: true, name: true, email: true, role: true, active: true, ministryId: true },
      })
    : null;
  if (!contact || contact.ministryId !== ministryCase.ministryId) {
    throw new ReissueRefusal(
      'unknown_contact',
      `${request.contactId} is not a contact of ministry ${code}; the contacts are listed per link by GET /api/v1/signals/${signal.id}/links and by the admin CLI (ministry list).`,
      `Deze contactpersoon hoort niet bij ${code}.`,
    );
  }
  if (!contact.active) {
    throw new ReissueRefusal(
      'inactive_contact',
      `Contact ${contact.id} of ${code} is no longer active; send the link to an active contact (the admin CLI adds or reactivates contacts).`,
      `${contact.name} is geen actieve contactpersoon van ${code} meer; kies een actieve contactpersoon.`,
    );
  }
  const endedSignal = ENDED_SIGNAL[signal.status];
  if (endedSignal) {
    throw new ReissueRefusal(
      'signal_ended',
      `The signal is ${signal.status}; its ministries have nothing left to do, so no new link is sent.`,
      `Het signaal is ${endedSignal}; er wordt geen nieuwe link meer gestuurd.`,
    );
  }
  const endedCase = ENDED_CASE[ministryCase.status];
  if (endedCase) {
    throw new ReissueRefusal(
      'case_ended',
      `Ministry ${code} ${endedCase[0]}; a link would have nothing left to do, so none is sent.`,
      `${code} ${endedCase[1]}; een nieuwe link heeft geen zin meer.`,
    );
  }
  if (!service) {
    throw new ReissueRefusal(
      'mail_not_configured',
      'Mail (SMTP) is not configured for the API process, so a new link cannot be sent; nothing was changed.',
      'Het versturen van e-mail is niet ingesteld voor deze server; er is niets veranderd.',
    );
  }

  let revokedLinks: number;
  try {
    ({ revoked: revokedLinks } = await service.reissueResponseLink({
      signalId: signal.id,
      ministryCode: code,
      contactId: contact.id,
      requestId: request.requestId,
      revokeOthers: request.revokeOthers,
    }));
  } catch (error) {
    // The contact was deactivated (or the case removed) between the checks above and the mail side's own.
    if (error instanceof ReissueError) {
      throw new ReissueRefusal(
        'inactive_contact',
        `No link was sent: ${error.message}.`,
        'Er is geen link gestuurd: de contactpersoon is intussen gewijzigd. Laad de pagina opnieuw.',
      );
    }
    throw error;
  }

  const businessKey = `reissue:${signal.id}:${code}:${request.requestId}`;
  await prisma.signalEvent.createMany({
    data: [
      {
        signalId: signal.id,
        businessKey,
        type: LINK_REISSUED_EVENT,
        ministryCode: code,
        actorType: request.actor.type,
        actorLabel: request.actor.label,
        at: request.now,
        // Visible to the submitter too: the contact's role, not their name or address.
        data: {
          contactRole: contact.role,
          revokedLinks,
          revokeOthers: request.revokeOthers,
          ...(request.actor.id ? { actorId: request.actor.id } : {}),
        },
      },
    ],
    skipDuplicates: true,
  });

  // The link the reissue mail carries (the contact's live link, unless a later reissue replaced it already).
  const mail = await prisma.mailOutbox.findFirstOrThrow({
    where: { businessKey: { startsWith: `${businessKey}|` }, responseLinkId: { not: null } },
    select: { responseLinkId: true },
  });
  const link = (await listResponseLinks(prisma, signal.id, request.now)).find(
    (view) => view.id === mail.responseLinkId,
  );
  if (!link) throw new Error(`the reissued link ${mail.responseLinkId} is missing from the signal's links`);
  return { link, revokedLinks };
}
