import type { PrismaClient } from '../../generated/prisma/client';
import type { MailDeps } from './deps';
import { resolveMailDeps } from './deps';
import { createNotifier } from './notify';
import { createOutbox } from './outbox';
import { LINK_REISSUED_TEMPLATE } from './templates';
import { revokeResponseLinks } from '../response-links/token-store';
import { UNDELIVERED_HASH_PREFIX } from '../../shared/response-links/tokens';

export type ResponseLinkState = 'not_delivered' | 'active' | 'expired' | 'revoked';

/** One issued link as a coordinator sees it: who, when issued/opened/used, never the token or its hash. */
export interface ResponseLinkView {
  id: string;
  ministryCode: string;
  contact: { id: string; name: string; email: string; role: 'contact' | 'escalation'; active: boolean };
  state: ResponseLinkState;
  issuedAt: Date;
  /** When the relay accepted the mail with this link; null while it waits in the outbox. */
  deliveredAt: Date | null;
  /** Null while the case is open: a link expires RESPONSE_LINK_VALID_DAYS after its case ends. */
  expiresAt: Date | null;
  revokedAt: Date | null;
  firstOpenedAt: Date | null;
  lastOpenedAt: Date | null;
  lastUsedAt: Date | null;
}

/** The response links of one signal, oldest first. */
export async function listResponseLinks(
  prisma: PrismaClient,
  signalId: string,
  now: Date = new Date(),
): Promise<ResponseLinkView[]> {
  const rows = await prisma.responseToken.findMany({
    where: { signalId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      tokenHash: true,
      businessKey: true,
      ministryCode: true,
      createdAt: true,
      expiresAt: true,
      revokedAt: true,
      firstOpenedAt: true,
      lastOpenedAt: true,
      lastUsedAt: true,
      legacy: true,
      contact: { select: { id: true, name: true, email: true, role: true, active: true } },
    },
  });
  // A link exists for its holder once a mail carrying it was accepted by the relay (the first such mail). Rows from
  // before one link per case name their mail by its business key (a resent copy's extra row with the attempt
  // appended).
  const mails = await prisma.mailOutbox.findMany({
    where: {
      signalId,
      status: 'sent',
      OR: [
        { responseLinkId: { in: rows.map((row) => row.id) } },
        { businessKey: { in: rows.map((row) => legacyMailKey(row.businessKey)) } },
      ],
    },
    orderBy: { sentAt: 'asc' },
    select: { businessKey: true, responseLinkId: true, sentAt: true },
  });
  const deliveredAt = (row: { id: string; businessKey: string }) =>
    mails.find(
      (mail) => mail.responseLinkId === row.id || mail.businessKey === legacyMailKey(row.businessKey),
    )?.sentAt ?? null;
  return rows.map(({ tokenHash, createdAt, businessKey, legacy: _legacy, ...row }) => {
    const delivered = deliveredAt({ id: row.id, businessKey });
    return {
      ...row,
      issuedAt: createdAt,
      deliveredAt: delivered,
      state: row.revokedAt
        ? 'revoked'
        : !delivered || tokenHash.startsWith(UNDELIVERED_HASH_PREFIX)
          ? 'not_delivered'
          : row.expiresAt && row.expiresAt <= now
            ? 'expired'
            : 'active',
    };
  });
}

/** The mail a link row from before one link per case was made for (see the migration response_links_one_per_case). */
function legacyMailKey(linkKey: string): string {
  const at = linkKey.lastIndexOf('#resent-attempt:');
  return at === -1 ? linkKey : linkKey.slice(0, at);
}

export interface ReissueInput {
  signalId: string;
  ministryCode: string;
  /** The contact who gets the new link (an active contact of that ministry). */
  contactId: string;
  /** Also revoke the links of every other contact of this ministry (the contact changed). */
  revokeOthers?: boolean;
  /** Makes a retried request (double click, network retry) issue one link, not two. */
  requestId: string;
}

export class ReissueError extends Error {
  override name = 'ReissueError';
}

/**
 * A new personal link for a contact (lost mail, new colleague): the contact's live link for this ministry of the
 * signal is revoked (with every other contact's, with revokeOthers), a new one is made and mailed; later reminders
 * carry the new one. For the API and the dashboard.
 */
export function createResponseLinkService(deps: MailDeps) {
  const resolved = resolveMailDeps(deps);
  const notifier = createNotifier(resolved, createOutbox(resolved));

  async function reissueResponseLink(input: ReissueInput): Promise<{ revoked: number }> {
    const contact = await resolved.prisma.ministryContact.findFirst({
      where: { id: input.contactId, active: true, ministry: { code: input.ministryCode } },
      select: { id: true, email: true, role: true },
    });
    if (!contact)
      throw new ReissueError(`no active contact ${input.contactId} at ministry ${input.ministryCode}`);
    const addressed = await resolved.prisma.ministryCase.count({
      where: { signalId: input.signalId, ministry: { code: input.ministryCode } },
    });
    if (addressed === 0)
      throw new ReissueError(`signal ${input.signalId} is not addressed to ${input.ministryCode}`);

    const businessKey = `reissue:${input.signalId}:${input.ministryCode}:${input.requestId}`;
    // A retried request finds its mail and revokes nothing: the link that mail carries stays the live one.
    const already = await resolved.prisma.mailOutbox.findFirst({
      where: { businessKey: { startsWith: `${businessKey}|` } },
      select: { id: true },
    });
    let revoked = 0;
    if (!already) {
      revoked = await revokeResponseLinks(
        resolved.prisma,
        {
          signalId: input.signalId,
          ministryCode: input.ministryCode,
          ...(input.revokeOthers ? {} : { contactId: contact.id }),
        },
        resolved.now(),
      );
    }
    const keys = await notifier.enqueue({
      businessKey,
      signalId: input.signalId,
      ministryCode: input.ministryCode,
      template: LINK_REISSUED_TEMPLATE,
      recipients: [
        {
          address: contact.email,
          audience: contact.role === 'escalation' ? 'ministry_escalation' : 'ministry_contact',
          contactId: contact.id,
        },
      ],
      data: {},
    });
    await notifier.deliverNow(keys);
    return { revoked };
  }

  async function revokeLinks(scope: {
    signalId: string;
    ministryCode?: string;
    contactId?: string;
  }): Promise<number> {
    return revokeResponseLinks(resolved.prisma, scope, resolved.now());
  }

  return {
    reissueResponseLink,
    revokeLinks,
    listResponseLinks: (signalId: string) => listResponseLinks(resolved.prisma, signalId, resolved.now()),
  };
}
