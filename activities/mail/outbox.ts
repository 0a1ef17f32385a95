import crypto from 'node:crypto';
import { Prisma } from '../../generated/prisma/client';
import type { ResolvedMailDeps } from './deps';
import {
  deriveResponseToken,
  hashResponseToken,
  UNDELIVERED_HASH_PREFIX,
} from '../../shared/response-links/tokens';
import { RESPONSE_TOKEN_PLACEHOLDER } from '../../shared/response-links/urls';
import { inClientSpan } from '../../shared/telemetry/spans';
import { LOKET_ORGANISATION } from '../processing-log/record';

/**
 * Delivery of MailOutbox rows. A row is written once per recipient and business key (unique), and leaves
 * "pending" only by being delivered ("sent") or given up ("failed"), so a retried activity or a second sender
 * never mails twice. SMTP itself cannot be exactly-once: if the process dies between the relay's "250 OK" and
 * the row's update, the row is sent again after its lease; both copies carry the same Message-ID, derived from
 * the business key, so mail clients and archives see one message (and both copies carry the same response link,
 * derived again for every attempt: materialiseLink).
 *
 * Order: a row is only claimed when no older row for the same signal and the same address is still pending, so
 * one recipient never gets a reminder before the request it refers to (also not after an SMTP outage).
 */
interface ClaimedRow {
  id: string;
  businessKey: string;
  toAddress: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  attempts: number;
  responseLinkId: string | null;
  contactId: string | null;
}

export type DeliveryOutcome = 'sent' | 'retry' | 'failed' | 'skipped';

/** The bodies as sent. */
interface Bodies {
  text: string;
  html: string;
}

interface LinkRow {
  id: string;
  tokenHash: string;
  signalId: string;
  ministryCode: string;
  contactId: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export function createOutbox(deps: ResolvedMailDeps) {
  const { prisma, transport, config, logger, retry } = deps;
  const domain = /@([^>\s]+)>?\s*$/.exec(config.mailFrom)?.[1] ?? 'signaalloket.local';

  /**
   * The conditions a row must meet to be taken: pending, due, and next in line for its recipient and signal (no
   * older row of theirs still pending). Shared by both ways of claiming below.
   */
  const claimable = (now: Date) => Prisma.sql`
         m."status" = 'pending'
     AND m."nextAttemptAt" <= ${now}
     AND NOT EXISTS (
           SELECT 1 FROM "MailOutbox" AS e
            WHERE e."status" = 'pending'
              AND e."toAddress" = m."toAddress"
              AND e."signalId" IS NOT DISTINCT FROM m."signalId"
              AND (e."createdAt" < m."createdAt" OR (e."createdAt" = m."createdAt" AND e."id" < m."id")))`;

  /**
   * Takes a row for one delivery attempt: its attempt is counted and it is leased (nextAttemptAt moves past the
   * attempt), so no other sender takes it meanwhile. `id` names the row (notify's first attempt); without it, the
   * oldest claimable row is taken, skipping rows another dispatcher is claiming at this moment (SKIP LOCKED), so
   * dispatchers in several processes take different rows instead of queueing on the same one. Null when there is
   * nothing (or the named row is not due, not pending, taken, or not next in line).
   */
  async function claim(id?: string): Promise<ClaimedRow | null> {
    const now = deps.now();
    const leaseUntil = new Date(now.getTime() + retry.leaseMs);
    const target = id
      ? Prisma.sql`m."id" = ${id}::uuid`
      : Prisma.sql`m."id" = (SELECT m."id" FROM "MailOutbox" AS m WHERE ${claimable(now)}
                              ORDER BY m."createdAt", m."id" LIMIT 1 FOR UPDATE SKIP LOCKED)`;
    const rows = await prisma.$queryRaw<ClaimedRow[]>`
      UPDATE "MailOutbox" AS m
         SET "attempts" = m."attempts" + 1, "nextAttemptAt" = ${leaseUntil}
       WHERE ${target} AND ${claimable(now)}
      RETURNING m."id", m."businessKey", m."toAddress", m."subject", m."textBody", m."htmlBody", m."attempts",
                m."responseLinkId", m."contactId"`;
    return rows[0] ?? null;
  }

  /**
   * Why the token is put in only here: a pending row may wait hours for the relay to come back, and whatever it
   * holds lies in the database meanwhile. So the row holds a placeholder, and the token, derived from the link
   * row's id and the secret (tokens.ts), goes into the message only now, in memory. Every attempt derives the same
   * token, so a copy sent again after an interrupted attempt carries the link of the first.
   *
   * A link row whose stored hash is not the derived token's (a row from before derived tokens, or a secret that was
   * replaced) cannot be reproduced: that row is set aside as legacy (its links in mailboxes keep working until they
   * expire) and the contact's live link for the case, new if need be, goes into this mail instead.
   */
  async function materialiseLink(row: ClaimedRow): Promise<Bodies | 'revoked'> {
    if (!row.textBody.includes(RESPONSE_TOKEN_PLACEHOLDER)) return { text: row.textBody, html: row.htmlBody };
    const linkId = row.responseLinkId ? await reproducibleLink(row.responseLinkId, row) : null;
    if (!linkId) return 'revoked';
    const token = deriveResponseToken(config.responseLinkSecret, linkId);
    return {
      text: row.textBody.split(RESPONSE_TOKEN_PLACEHOLDER).join(token),
      html: row.htmlBody.split(RESPONSE_TOKEN_PLACEHOLDER).join(token),
    };
  }

  /** The id of a live link whose token the secret derives, or null when the mail's link was revoked. */
  async function reproducibleLink(linkId: string, mail: ClaimedRow): Promise<string | null> {
    const link = await prisma.responseToken.findUnique({
      where: { id: linkId },
      select: { id: true, tokenHash: true, revokedAt: true },
    });
    if (!link || link.revokedAt) return null;
    const derived = hashResponseToken(deriveResponseToken(config.responseLinkSecret, link.id));
    if (link.tokenHash === derived) return link.id;
    if (link.tokenHash.startsWith(UNDELIVERED_HASH_PREFIX)) {
      // A row from before derived tokens whose mail never left: nobody holds its token, so it takes the derived one.
      const claimed = await prisma.responseToken.updateMany({
        where: { id: link.id, tokenHash: link.tokenHash, revokedAt: null },
        data: { tokenHash: derived },
      });
      return claimed.count === 1 ? link.id : reproducibleLink(linkId, mail);
    }
    logger.warn({ outboxId: mail.id, linkId }, 'response link cannot be derived again; mailing a new one');
    const replacement = await replaceLink(link.id, mail.businessKey);
    // The live link found may itself predate the secret: then it is set aside in turn.
    return replacement && replacement !== link.id ? reproducibleLink(replacement, mail) : null;
  }

  /** Sets a link aside as legacy and binds the mail to the contact's live link for the case (made if none). */
  async function replaceLink(oldId: string, businessKey: string): Promise<string | null> {
    return prisma.$transaction(async (tx) => {
      const [old] = await tx.$queryRaw<LinkRow[]>`
        UPDATE "ResponseToken" SET "legacy" = true
         WHERE "id" = ${oldId}::uuid AND "revokedAt" IS NULL
        RETURNING "id", "tokenHash", "signalId", "ministryCode", "contactId", "expiresAt", "revokedAt"`;
      if (!old) return null;
      const id = crypto.randomUUID();
      await tx.responseToken.createMany({
        data: [
          {
            id,
            tokenHash: hashResponseToken(deriveResponseToken(config.responseLinkSecret, id)),
            signalId: old.signalId,
            ministryCode: old.ministryCode,
            contactId: old.contactId,
            businessKey: `${businessKey}#rekeyed:${id}`,
            expiresAt: old.expiresAt,
          },
        ],
        skipDuplicates: true,
      });
      const live = await tx.responseToken.findFirst({
        where: {
          signalId: old.signalId,
          ministryCode: old.ministryCode,
          contactId: old.contactId,
          revokedAt: null,
          legacy: false,
        },
        select: { id: true },
      });
      if (!live) return null;
      await tx.mailOutbox.updateMany({ where: { businessKey }, data: { responseLinkId: live.id } });
      return live.id;
    });
  }

  /** One delivery attempt of the row `id`, or of the oldest claimable row when no id is given. */
  async function deliver(id?: string): Promise<DeliveryOutcome> {
    const row = await claim(id);
    if (!row) return 'skipped';
    const bodies = await materialiseLink(row);
    const startTime = deps.now();
    if (bodies === 'revoked') {
      await finish(row, {
        status: 'failed',
        lastError: 'the response link was revoked before the mail left',
      });
      logger.info({ outboxId: row.id }, 'mail dropped: its response link was revoked before delivery');
      return 'failed';
    }
    try {
      const info = (await inClientSpan('smtp send', { 'network.protocol.name': 'smtp' }, () =>
        transport.sendMail({
          from: config.mailFrom,
          to: row.toAddress,
          subject: row.subject,
          text: bodies.text,
          html: bodies.html,
          messageId: `<${crypto.createHash('sha256').update(row.businessKey).digest('hex').slice(0, 40)}@${domain}>`,
          headers: {
            'Auto-Submitted': 'auto-generated',
            'X-Auto-Response-Suppress': 'All',
            'Content-Language': 'nl, en',
          },
        }),
      )) as { messageId?: string };
      await finish(row, {
        status: 'sent',
        attemptStartedAt: startTime,
        sentAt: deps.now(),
        messageId: info.messageId ?? null,
        lastError: null,
      });
      logger.info({ outboxId: row.id, attempts: row.attempts }, 'mail delivered');
      return 'sent';
    } catch (error) {
      return failed(row, error, startTime);
    }
  }

  async function failed(row: ClaimedRow, error: unknown, startTime: Date): Promise<DeliveryOutcome> {
    const code = (error as { responseCode?: number }).responseCode;
    const message = error instanceof Error ? error.message : String(error);
    const permanent =
      (code !== undefined && code >= 500 && code < 600) || (error as { code?: string }).code === 'EENVELOPE';
    if (permanent || row.attempts >= retry.maxAttempts) {
      await finish(row, { status: 'failed', lastError: truncate(message), attemptStartedAt: startTime });
      logger.error({ outboxId: row.id, attempts: row.attempts, code }, 'mail given up');
      return 'failed';
    }
    const delay = backoff(row.attempts);
    await finish(row, {
      nextAttemptAt: new Date(deps.now().getTime() + delay),
      lastError: truncate(message),
      attemptStartedAt: startTime,
    });
    logger.warn(
      { outboxId: row.id, attempts: row.attempts, code, retryInMs: delay },
      'mail not delivered; will retry',
    );
    return 'retry';
  }

  function backoff(attempts: number): number {
    const exponential = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(exponential * (0.8 + Math.random() * 0.4));
  }

  /**
   * Records the attempt's outcome on the row. An attempt that handed a ministry contact's address to the relay is a
   * processing of their data: its processing-log record is written in the same transaction (OK when the relay took
   * the mail, ERROR when it did not).
   */
  async function finish(
    row: Pick<ClaimedRow, 'id' | 'contactId' | 'businessKey'>,
    data: {
      status?: 'sent' | 'failed';
      sentAt?: Date;
      messageId?: string | null;
      lastError?: string | null;
      nextAttemptAt?: Date;
      /** Set when an SMTP attempt was made (not for a mail dropped before it left). */
      attemptStartedAt?: Date;
    },
  ): Promise<void> {
    const { attemptStartedAt, ...update } = data;
    const contactId = row.contactId;
    if (!contactId || !attemptStartedAt) {
      await prisma.mailOutbox.updateMany({ where: { id: row.id, status: 'pending' }, data: update });
      return;
    }
    await prisma.$transaction(async (tx) => {
      await tx.mailOutbox.updateMany({ where: { id: row.id, status: 'pending' }, data: update });
      await deps.processingLog.record(
        tx,
        {
          name: 'deliver mail to ministry contact',
          activity: 'contact-notification',
          subject: { kind: 'contact', id: contactId },
          actorOrganisation: LOKET_ORGANISATION,
          startTime: attemptStartedAt,
          status: update.status === 'sent' ? 'OK' : 'ERROR',
        },
        deps.now(),
      );
    });
  }

  return { deliver };
}

function truncate(message: string): string {
  return message.length > 500 ? `${message.slice(0, 500)}…` : message;
}

export type Outbox = ReturnType<typeof createOutbox>;
