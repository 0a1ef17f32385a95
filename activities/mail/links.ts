import type { PrismaClient } from '../../generated/prisma/client';
import type { MailDeps } from './deps';
import { resolveMailDeps } from './deps';
import { createNotifier } from './notify';
import { createOutbox } from './outbox';
import { LINK_REISSUED_TEMPLATE } from './templates';
import { outboxKeyOfLink, revokeResponseLinks, UNDELIVERED_HASH_PREFIX } from './tokens';

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
  expiresAt: Date;
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
      contact: { select: { id: true, name: true, email: true, role: true, active: true } },
    },
  });
  // A link exists for its holder once its mail was accepted by the relay (the outbox row shares its business key;
  // a resent copy's extra link row carries that key with the attempt appended).
  const delivered = new Map(
    (
      await prisma.mailOutbox.findMany({
        where: {
          signalId,
          status: 'sent',
          businessKey: { in: [...new Set(rows.map((row) => outboxKeyOfLink(row.businessKey)))] },
        },
        select: { businessKey: true, sentAt: true },
      })
    ).map((row) => [row.businessKey, row.sentAt] as const),
  );
  return rows.map(({ tokenHash, createdAt, businessKey, ...row }) => ({
    ...row,
    issuedAt: createdAt,
    deliveredAt: delivered.get(outboxKeyOfLink(businessKey)) ?? null,
    state: row.revokedAt
      ? 'revoked'
      : !delivered.has(outboxKeyOfLink(businessKey)) || tokenHash.startsWith(UNDELIVERED_HASH_PREFIX)
        ? 'not_delivered'
        : row.expiresAt <= now
          ? 'expired'
          : 'active',
  }));
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
 * A new personal link for a contact (lost mail, new colleague): the contact's live links for this ministry of the
 * signal are revoked, a new one is issued and mailed. For the API and the dashboard.
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
    const already = await resolved.prisma.responseToken.findFirst({
      where: { businessKey: { startsWith: `${businessKey}|` } },
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
